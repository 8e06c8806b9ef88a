"""Ukrainian full-text search configuration (cms.search): portal_uk with Debian's hunspell-uk on PostgreSQL."""
import logging

import pytest
from django.db import connection

from cms.search import (
    ISPELL_DICTIONARY,
    SEARCH_CONFIG,
    UkrainianSearchField,
    ensure_search_configuration,
    normalise_apostrophes,
    ukrainian_dictionary_installed,
)
from home.models import NewsPage


def tsvector(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector(%s::regconfig, %s)::text", [SEARCH_CONFIG, text])
        return cursor.fetchone()[0]


def configuration_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_ts_config WHERE cfgname = %s", [SEARCH_CONFIG])
        configs = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_ts_dict WHERE dictname = %s", [ISPELL_DICTIONARY])
        dictionaries = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM pg_ts_config_map m JOIN pg_ts_config c ON c.oid = m.mapcfg "
            "WHERE c.cfgname = %s", [SEARCH_CONFIG])
        mappings = cursor.fetchone()[0]
    return configs, dictionaries, mappings


@pytest.mark.django_db
def test_ukrainian_dictionary_is_installed():
    assert ukrainian_dictionary_installed() is True


@pytest.mark.django_db
def test_ensure_search_configuration_is_idempotent(caplog):
    before = configuration_rows()

    with caplog.at_level(logging.WARNING, logger="cms.search"):
        assert ensure_search_configuration() is True
        assert ensure_search_configuration() is True

    assert configuration_rows() == before == (1, 1, before[2])
    assert ukrainian_dictionary_installed() is True
    assert not [record for record in caplog.records if record.name == "cms.search"]


@pytest.mark.django_db
@pytest.mark.parametrize(("word", "lemma"), [("бюджету", "бюджет"), ("петиціями", "петиція"), ("міста", "місто")])
def test_word_forms_are_lemmatised(word, lemma):
    assert f"'{lemma}'" in tsvector(word)


@pytest.mark.django_db
def test_search_query_matches_other_word_form():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector(%s::regconfig, %s) @@ plainto_tsquery(%s::regconfig, %s)",
            [SEARCH_CONFIG, "Сесія ухвалила бюджет громади", SEARCH_CONFIG, "бюджету"],
        )
        assert cursor.fetchone()[0] is True


@pytest.mark.django_db
def test_normalised_apostrophe_keeps_the_word_whole():
    assert tsvector("м’ясо") == "'м':1 'ясо':2"  # why we normalise: ’ splits the word
    for text in ("м'ясо", "м’ясо", "мʼясо"):
        assert tsvector(normalise_apostrophes(text)) == "'мʼясо':1"


@pytest.mark.parametrize("text", ["м'ясо", "м’ясо", "мʼясо", "м‘ясо", "м`ясо", "м´ясо"])
def test_normalise_apostrophes(text):
    assert normalise_apostrophes(text) == "мʼясо"


def test_normalise_apostrophes_leaves_other_text_alone():
    assert normalise_apostrophes("Сімʼя, п'ять і «лапки»") == "Сімʼя, пʼять і «лапки»"
    assert normalise_apostrophes("") == ""


@pytest.mark.django_db
def test_ukrainian_search_field_normalises_indexed_text():
    article = NewsPage(title="Об’єднана громада", lead="П'ятниця в сімʼї")

    assert UkrainianSearchField("title").get_value(article) == "Обʼєднана громада"
    assert UkrainianSearchField("lead").get_value(article) == "Пʼятниця в сімʼї"
    assert "title" in [field.field_name for field in NewsPage.search_fields
                       if isinstance(field, UkrainianSearchField)]


@pytest.mark.django_db
def test_switching_the_dictionary_on_recomputes_the_stored_search_columns(home_page):
    """Rows written while search ran on `simple` are found by their word forms once the dictionary is on."""
    from django.core.management import call_command

    from cms.search import stored_search_columns
    from directory.models import CityObject
    from directory.selectors import matching_words
    from tests.directory.factories import CityObjectFactory

    assert {model._meta.label for model, _ in stored_search_columns()} >= {
        "petitions.Petition", "forum.ForumTopic", "appeals.Appeal", "directory.CityObject"}
    with connection.cursor() as cursor:  # as before `setup_ukrainian_search`: the configuration on `simple`
        cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR word, hword, hword_part "
                       "WITH simple")
    park = CityObjectFactory(name="Парки")
    assert "'парк'" not in str(CityObject.objects.values_list("search_vector", flat=True).get(pk=park.pk))
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR word, hword, hword_part "
                       f"WITH {ISPELL_DICTIONARY}, simple")
    assert park.pk not in [found.pk for found in matching_words(CityObject.objects.all(), "парку")]

    call_command("setup_ukrainian_search", "--require")

    assert [found.pk for found in matching_words(CityObject.objects.all(), "парку")] == [park.pk]
