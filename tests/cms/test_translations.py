"""The Ukrainian catalogue is complete and keeps every placeholder of its English source."""
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[2] / "cms" / "locale" / "uk" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}")


def test_every_string_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = sorted(PLACEHOLDER.findall(text))
            assert set(found) <= set(expected) and (found or not expected), (entry.msgid, text)


@pytest.mark.parametrize(("source", "ukrainian"), [
    ("Skip to main content", "Перейти до основного вмісту"),
    ("Email", "Електронна пошта"),
    ("Remember Me", "Запамʼятати мене"),
])
def test_compiled_catalogue_is_in_use(source, ukrainian):
    with translation.override("uk"):
        assert translation.gettext(source) == ukrainian
