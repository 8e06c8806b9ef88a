"""Searching appeals by number or words (the list's ?q=, the API's q, site search): Ukrainian word forms and word
beginnings through the stored, GIN-indexed search vector, the number matched whole; a confidential or unregistered
appeal is never found; input without words gets a clear answer; as many queries for many matches as for few."""
import pytest
from django.db import connection

from appeals import selectors
from appeals.models import Appeal

from .conftest import POINT, submit

pytestmark = pytest.mark.django_db

POTHOLE = "На вулиці Соборній біля школи глибока яма на дорозі, машини пошкоджують колеса. Прошу залатати."
LAMP = "У сквері імені Шевченка третій тиждень не світить жоден ліхтар, увечері небезпечно."
SECRET = "Конфіденційно: на вулиці Соборній сусід погрожує мені через яму біля гаража, прошу перевірити."


@pytest.fixture
def appeals(resident, water_category, appeal_index, settings):
    settings.APPEALS_SUBMIT_LIMIT = (100, 3600)
    return {
        "pothole": submit(resident, water_category, text=POTHOLE, address="вул. Соборна, 12", **POINT),
        "lamp": submit(resident, water_category, text=LAMP),
        "secret": submit(resident, water_category, text=SECRET, is_public=False),
    }


def page_numbers(client, **params) -> set[str]:
    response = client.get("/zvernennia/", params)
    assert response.status_code == 200, response.content
    html = response.content.decode()
    return {appeal.number for appeal in Appeal.objects.all() if f"№ {appeal.number}" in html}


def api_numbers(client, **params) -> set[str]:
    response = client.get("/api/v3/appeals/", params)
    assert response.status_code == 200, response.content
    return {item["number"] for item in response.json()["items"]}


@pytest.mark.parametrize(("query", "found"), [
    ("ями", {"pothole"}),  # a word form finds the word («яма»)
    ("ліхтарі не світять", {"lamp"}),
    ("Собор", {"pothole"}),  # the beginning of a street's name, as LIKE found it
    ("соборна 12", {"pothole"}),  # the address
    ("сквер Шевч", {"lamp"}),
    ("шевченка яма", set()),  # every word must be found
    ("погрожує", set()),  # only in the confidential appeal
])
def test_word_forms_and_beginnings_find_public_appeals(client, appeals, query, found):
    expected = {appeals[key].number for key in found}
    assert page_numbers(client, q=query) == expected
    assert api_numbers(client, q=query) == expected


def test_the_registration_number_finds_its_appeal_and_never_a_confidential_one(client, appeals):
    public, secret = appeals["pothole"], appeals["secret"]
    for query in (public.number, f"№ {public.number}", f"№{public.number}"):
        assert page_numbers(client, q=query) == {public.number}
        assert api_numbers(client, q=query) == {public.number}
    assert page_numbers(client, q=secret.number) == set() and api_numbers(client, q=secret.number) == set()


def test_a_confidential_appeal_is_found_nowhere_by_its_words(client, appeals, resident):
    client.force_login(resident)  # even its author: the public list and search are the public's
    for query in ("погрожує", "гаража", "Конфіденційно"):
        assert page_numbers(client, q=query) == set() and api_numbers(client, q=query) == set()
        html = client.get("/poshuk/", {"q": query}).content.decode()
        assert f"№ {appeals['secret'].number}" not in html and "сусід погрожує" not in html
    html = client.get("/poshuk/", {"q": "ями"}).content.decode()  # site search reads the same word search
    assert f"№ {appeals['pothole'].number}" in html and f"№ {appeals['secret'].number}" not in html


def test_an_appeal_not_yet_registered_is_never_found(client, appeals):
    Appeal.objects.filter(pk=appeals["lamp"].pk).update(status=Appeal.Status.RECEIVED)
    assert page_numbers(client, q="ліхтар") == set() and api_numbers(client, q="ліхтар") == set()


@pytest.mark.parametrize("query", ["!!!", "№", "«»", "/", "'"])
def test_a_query_without_letters_or_digits_gets_a_clear_answer(client, appeals, query):
    response = client.get("/zvernennia/", {"q": query})
    assert response.status_code == 400
    assert "Введіть для пошуку хоча б одну літеру або цифру" in response.content.decode()
    response = client.get("/api/v3/appeals/", {"q": query})
    assert response.status_code == 400 and response.json()["code"] == "no_search_words"
    assert client.get("/poshuk/", {"q": query}).status_code == 200


def test_an_empty_query_lists_every_public_appeal_and_a_long_one_is_refused(client, appeals):
    assert page_numbers(client, q=" ") == {appeals["pothole"].number, appeals["lamp"].number}
    assert len(api_numbers(client, q="")) == 2
    response = client.get("/zvernennia/", {"q": "яма " * 51})
    assert response.status_code == 400 and "щонайбільше 200 символів" in response.content.decode()
    response = client.get("/api/v3/appeals/", {"q": "яма " * 51})
    assert response.status_code == 400 and response.json()["code"] == "invalid_query"


def test_searching_runs_as_many_queries_for_many_matches_as_for_few(client, appeals, resident, water_category,
                                                                    django_assert_max_num_queries):
    urls = ("/zvernennia/", "/api/v3/appeals/")
    counts = {}
    for url in urls:
        client.get(url, {"q": "собор"})
        with django_assert_max_num_queries(25) as few:
            assert client.get(url, {"q": "собор"}).status_code == 200
        counts[url] = len(few.captured_queries)
    for _ in range(12):
        submit(resident, water_category, text=POTHOLE)
    for url in urls:
        client.get(url, {"q": "собор"})  # the new appeals renewed the kept districts of the list's filter
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url, {"q": "собор"})
        assert response.status_code == 200
    assert response.json()["count"] == 13


def test_the_search_reads_the_gin_index_and_the_number_index(appeals):
    """Words are looked up in the GIN index of the stored vector and the number in its unique index: no search reads
    every appeal (as LIKE did)."""
    with connection.cursor() as cursor:
        # Three rows: the planner would read them all anyway, in the table or along the list's order.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
    plan = selectors.matching(Appeal.objects.all(), "соборна яма").explain()
    assert "Bitmap Index Scan on appeal_search_vector" in plan and "appeals_appeal_number" in plan


def test_a_phrase_with_a_word_of_nearly_every_address_keeps_its_rows_order_and_pages(
        client, resident, water_category, appeal_index, settings, monkeypatch):
    """«вул.» is in nearly every address, so PostgreSQL may read the list's date index and check each row, or the
    search's GIN index and sort what it found (benchmarks/appeals_search.py): whichever plan it picks, the page and
    the API list the same appeals, newest first (the same moment: the higher number first), page after page."""
    import datetime
    import re

    from django.utils import timezone

    settings.APPEALS_SUBMIT_LIMIT = (100, 3600)
    monkeypatch.setattr("appeals.views.PER_PAGE", 3)
    start = timezone.now() - datetime.timedelta(days=30)
    streets = ["вул. Соборна", "вул. Шевченка", "просп. Миру", "вул. Соборна", "пров. Соборний", "вул. Лісова"]
    made = []
    for index in range(14):
        street = streets[index % len(streets)]
        moment = start + datetime.timedelta(days=index // 2)  # two appeals a day: the same moment, told by number
        made.append(submit(resident, water_category, text=f"Не працює ліфт у будинку {street}, {index + 1}.",
                           address=f"{street}, {index + 1}", now=moment))
    Appeal.objects.filter(pk__in=[appeal.pk for appeal in made[::2]]).update(
        registered_at=timezone.now() - datetime.timedelta(days=60))  # and some older, out of creation order
    expected = [appeal.number for appeal in Appeal.objects.filter(
        pk__in=[appeal.pk for appeal in made if appeal.address.startswith("вул. Соборна")]).order_by(
        "-registered_at", "-pk")]
    assert len(expected) == 5
    known = {appeal.number for appeal in made}

    def page_order(page: int) -> list[str]:
        response = client.get("/zvernennia/", {"q": "вул. Соборна", "page": page})
        assert response.status_code == 200
        numbers = re.findall(r"№ (\d{4}/\d+)\b", response.content.decode())
        return [number for number in dict.fromkeys(numbers) if number in known]

    def api_order(offset: int) -> list[str]:
        response = client.get("/api/v3/appeals/", {"q": "вул. Соборна", "limit": 3, "offset": offset})
        assert response.status_code == 200 and response.json()["count"] == 5
        return [item["number"] for item in response.json()["items"]]

    assert page_order(1) + page_order(2) == expected
    assert api_order(0) + api_order(3) == expected
