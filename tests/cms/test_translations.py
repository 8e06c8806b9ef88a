"""The Ukrainian catalogue is complete and keeps every placeholder of its English source."""
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

from cms.management.commands.compile_translations import catalogue_dirs

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}")


def catalogues() -> list[Path]:
    found = [path / "uk" / "LC_MESSAGES" / "django.po" for path in catalogue_dirs()]
    return [path for path in found if path.exists()]


def test_main_catalogue_is_found():
    assert any(path.parts[-5] == "cms" for path in catalogues())


@pytest.mark.parametrize("path", catalogues(), ids=lambda path: path.parts[-5])
def test_every_string_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("path", catalogues(), ids=lambda path: path.parts[-5])
def test_placeholders_survive_translation(path):
    for entry in polib.pofile(str(path)).translated_entries():
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


@pytest.mark.parametrize(("context", "source", "ukrainian"), [
    # The project catalogue and the first app win for a bare string, so words with another meaning in a
    # module carry a context (a consultation's "Share" is a percentage, a petition's "Share" is a link).
    ("percentage", "Share", "Частка"),
    ("petition status", "Draft", "Чернетка"),
    ("tracking document", "report", "звіт"),
    ("author of a proposal", "from", "від кого"),
    ("verbatim record of a session", "Transcript", "Стенограма"),
    ("complaints about a comment", "Reports", "Скарги"),
])
def test_words_with_another_meaning_in_a_module_keep_it(context, source, ukrainian):
    with translation.override("uk"):
        assert translation.pgettext(context, source) == ukrainian


def test_wagtails_own_words_are_not_overridden_by_a_module():
    with translation.override("uk"):
        assert translation.gettext("Reports") == "Звіти"  # the admin's "Reports" menu, not complaints


def test_no_text_is_translated_two_ways_across_the_catalogues():
    """Django merges every app's catalogue into one, the first app in INSTALLED_APPS winning: a text translated
    differently in two modules shows one module's words in the other (a directory object's «State» ownership read
    «Стан»). Texts that mean different things carry a context (pgettext)."""
    translations: dict[tuple[str | None, str], dict[str, str]] = {}
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr:
                continue
            translations.setdefault((entry.msgctxt, entry.msgid), {})[path.parts[-5]] = entry.msgstr
    conflicts = {key: found for key, found in translations.items() if len(set(found.values())) > 1}
    assert conflicts == {}


def test_texts_with_a_context_read_as_their_module_means_them():
    with translation.override("uk"):
        assert translation.pgettext("ownership", "State") == "Державна"
        assert translation.pgettext("petition status", "Rejected") == "Відхилена"
        assert translation.pgettext("number of votes", "votes") == "голоси"
