"""Searching the directory by name or address (the page's ?q=, the API's q, site search): Ukrainian word forms and
the beginnings of words through the stored, GIN-indexed search vector, published objects only, a clear answer to
input without words, and as many queries whatever the number of matches."""
import html
import re

import pytest
from django.db import connection

from directory import selectors
from directory.models import CityObject

from .factories import CityObjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(categories):
    pharmacy, school = categories["apteky"], categories["shkoly"]
    return {
        "park": CityObjectFactory(name="Центральний парк культури", address="вул. Соборна, 1", category=school),
        "pharmacy": CityObjectFactory(name="Аптека «Близька»", address="вул. Шевченка, 15-А", category=pharmacy),
        "school": CityObjectFactory(name="Ліцей № 3", address="вул. Миру, 3", category=school),
        "shelter": CityObjectFactory(name="Пункт «Пʼять зірок»", address="просп. Незалежності, 7", category=school),
        "cafe": CityObjectFactory(name="Кафе 'Ромашка'", address="вул. Лесі Українки, 2", category=pharmacy),
        "hidden": CityObjectFactory(name="Прихований парк", address="вул. Шевченка, 99", category=pharmacy,
                                    is_published=False),
    }


def page_names(client, **params) -> list[str]:
    response = client.get("/mapa/", params)
    assert response.status_code == 200, response.content
    return sorted(html.unescape(name) for name in
                  re.findall(r'<h3><a href="/mapa/\d+/">([^<]+)</a></h3>', response.content.decode()))


def api_names(client, **params) -> list[str]:
    response = client.get("/api/v3/directory/objects/", params)
    assert response.status_code == 200, response.content
    return sorted(item["name"] for item in response.json()["items"])


@pytest.mark.parametrize(("query", "found"), [
    ("парку", ["Центральний парк культури"]),  # a word form finds the word
    ("центрального парку", ["Центральний парк культури"]),
    ("Шевч", ["Аптека «Близька»"]),  # the beginning of a street's name, as LIKE found it
    ("шевченка 15", ["Аптека «Близька»"]),
    ("аптека близька", ["Аптека «Близька»"]),
    ("миру", ["Ліцей № 3"]),  # the address, any case
    ("№ 3", ["Ліцей № 3"]),  # «№» is no word
    ("п'ять", ["Пункт «Пʼять зірок»"]),  # every apostrophe a resident types
    ("п’ять зір", ["Пункт «Пʼять зірок»"]),
    ("ромашка", ["Кафе 'Ромашка'"]),  # an apostrophe that quotes a name is no part of the word
    ("Незалежн", ["Пункт «Пʼять зірок»"]),
    ("бібліотека", []),
])
def test_word_forms_and_beginnings_find_published_places(client, directory_page, places, query, found):
    assert page_names(client, q=query) == found
    assert api_names(client, q=query) == found


def test_an_unpublished_place_is_never_found(client, directory_page, places):
    assert page_names(client, q="прихований") == []
    assert api_names(client, q="прихований парк") == []
    assert "Прихований" not in client.get("/poshuk/", {"q": "прихований"}).content.decode()
    # Site search reads the same search: a word form finds the published park there too.
    html = client.get("/poshuk/", {"q": "парку"}).content.decode()
    assert f'<a href="/mapa/{places["park"].pk}/">Центральний парк культури</a>' in html and "Прихований" not in html


def test_search_combines_with_the_other_filters(client, directory_page, places):
    assert page_names(client, q="вул", category="apteky") == ["Аптека «Близька»", "Кафе 'Ромашка'"]
    assert api_names(client, q="вул", category="shkoly") == ["Ліцей № 3", "Центральний парк культури"]


@pytest.mark.parametrize("query", ["!!!", "№", "«»", "-", "'"])
def test_a_query_without_letters_or_digits_gets_a_clear_answer(client, directory_page, places, query):
    response = client.get("/mapa/", {"q": query})
    assert response.status_code == 400
    assert "Введіть для пошуку хоча б одну літеру або цифру" in response.content.decode()
    response = client.get("/api/v3/directory/objects/", {"q": query})
    assert response.status_code == 400 and response.json()["code"] == "no_search_words"
    assert "хоча б одну літеру або цифру" in response.json()["detail"]
    assert client.get("/poshuk/", {"q": query}).status_code == 200  # site search: nothing found, no error


def test_an_empty_query_lists_everything_and_a_long_one_is_refused(client, directory_page, places):
    assert len(page_names(client, q="   ")) == 5 and len(api_names(client, q="")) == 5
    response = client.get("/mapa/", {"q": "парк " * 41})
    assert response.status_code == 400 and "щонайбільше 200 символів" in response.content.decode()
    response = client.get("/api/v3/directory/objects/", {"q": "парк " * 41})
    assert response.status_code == 400 and response.json()["code"] == "invalid_query"
    many_words = " ".join(f"слово{number}" for number in range(25))  # under 200 characters, 25 words
    assert page_names(client, q=many_words) == []
    assert page_names(client, q="² ½ 🙂") == []  # digits PostgreSQL's parser reads as no word: nothing, no error


def test_searching_runs_as_many_queries_for_many_matches_as_for_few(client, directory_page, places,
                                                                    django_assert_max_num_queries):
    urls = ("/mapa/", "/api/v3/directory/objects/")
    counts = {}
    for url in urls:
        client.get(url, {"q": "шевч"})  # the layout's cached parts
        with django_assert_max_num_queries(25) as few:
            assert client.get(url, {"q": "шевч"}).status_code == 200
        counts[url] = len(few.captured_queries)
    CityObjectFactory.create_batch(25, category=places["pharmacy"].category)  # all on вул. Шевченка
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url, {"q": "шевч"})
        assert response.status_code == 200
    assert response.json()["count"] == 26


def test_the_search_reads_the_gin_index(places):
    """Words are looked up in the GIN index of the stored vector, not by reading every object (as LIKE did)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: the planner would read them all anyway
    plan = selectors.matching_words(CityObject.objects.all(), "парку шевч").explain()
    assert "Bitmap Index Scan on cityobject_search_vector" in plan
