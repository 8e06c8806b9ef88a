"""API lists page by keyset: `next` carries a cursor, pages neither repeat nor skip articles while new ones are
published, offsets are bounded where a cursor exists, and a bad cursor is a problem document that changes nothing."""
import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import NewsPageFactory

API = "/api/v3/home/news/"


def assert_problem(response, code="invalid_query"):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["detail"]
    return body


@pytest.fixture
def archive(news_index):
    """Nine articles; two share a publication time, so the id settles their order."""
    now = timezone.now()
    pages = [NewsPageFactory(parent=news_index, title=f"Новина {number}",
                             date=now - datetime.timedelta(days=number)) for number in range(7)]
    same = now - datetime.timedelta(days=3, hours=12)
    pages += [NewsPageFactory(parent=news_index, title=f"Одночасна {number}", date=same) for number in range(2)]
    return pages


def walk(client, url: str) -> list[dict]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        payload = response.json()
        pages.append(payload)
        url = payload["next"]
    return pages


@pytest.mark.django_db
def test_next_links_carry_a_cursor_and_walk_every_article_once_in_order(client, archive):
    pages = walk(client, f"{API}?limit=2")

    ids = [item["id"] for page in pages for item in page["items"]]
    expected = sorted(archive, key=lambda page: (page.date, page.pk), reverse=True)
    assert ids == [page.pk for page in expected]
    assert len(pages) == 5 and pages[-1]["next"] is None
    assert all("cursor=" in page["next"] and "offset=" not in page["next"] for page in pages[:-1])
    assert {page["count"] for page in pages} == {9}


@pytest.mark.django_db
def test_articles_published_meanwhile_neither_repeat_nor_hide_older_ones(client, news_index, archive):
    first = client.get(f"{API}?limit=3").json()
    # Newer articles arrive between the two requests: with an offset the next page would repeat the last three.
    for number in range(3):
        NewsPageFactory(parent=news_index, title=f"Свіжа {number}", date=timezone.now())

    rest = walk(client, first["next"])

    seen = [item["id"] for item in first["items"]] + [item["id"] for page in rest for item in page["items"]]
    assert len(seen) == len(set(seen)) == len(archive)
    assert set(seen) == {page.pk for page in archive}


@pytest.mark.django_db
def test_filters_stay_in_the_next_link(client, news_index, transport, education):
    for number in range(5):
        NewsPageFactory(parent=news_index, categories=[transport if number % 2 else education],
                        date=timezone.now() - datetime.timedelta(days=number))

    pages = walk(client, f"{API}?limit=1&category=transport")

    assert [len(page["items"]) for page in pages] == [1, 1]
    assert all("category=transport" in (page["next"] or "category=transport") for page in pages)
    assert all(item["categories"][0]["slug"] == "transport" for page in pages for item in page["items"])


@pytest.mark.django_db
@override_settings(API_MAX_OFFSET=4)
def test_offset_still_works_up_to_the_bound_then_points_to_the_cursor(client, archive):
    assert [item["title"] for item in client.get(f"{API}?limit=2&offset=4").json()["items"]] == [
        item["title"] for item in client.get(f"{API}?limit=9").json()["items"][4:6]]
    assert "cursor=" in client.get(f"{API}?limit=2&offset=4").json()["next"]

    body = assert_problem(client.get(f"{API}?limit=2&offset=5"))
    assert "4" in body["detail"] and "Зсув" in body["detail"]  # Ukrainian by default


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["not-base64!", "W10", "WzEsMiwzXQ", "WyJ4IiwxXQ", "eyJhIjoxfQ", "W251bGwsMV0"])
def test_a_cursor_not_made_by_the_list_is_refused(client, archive, cursor):
    # garbage, [], [1,2,3], ["x",1], {"a":1}, [null,1]
    assert_problem(client.get(f"{API}?cursor={cursor}"))


@pytest.mark.django_db
def test_cursor_and_offset_together_are_refused(client, archive):
    cursor = client.get(f"{API}?limit=2").json()["next"].split("cursor=")[1]

    assert_problem(client.get(f"{API}?cursor={cursor}&offset=2"))


@pytest.mark.django_db
def test_a_list_without_a_keyset_pages_by_offset(client, news_index):
    from tests.factories import StandardPageFactory

    for number in range(3):
        StandardPageFactory(parent=news_index.get_parent(), title=f"Сторінка {number}")

    first = client.get("/api/v3/home/pages/?limit=2").json()

    assert "offset=2" in first["next"] and "cursor" not in first["next"]
    assert client.get(first["next"]).json()["next"] is None
    assert_problem(client.get("/api/v3/home/pages/?cursor=W10"))


@pytest.mark.django_db
def test_openapi_documents_cursor_and_next(client):
    schema = client.get("/api/v3/openapi.json").json()
    operation = schema["paths"]["/api/v3/home/news/"]["get"]

    assert "cursor" in {parameter["name"] for parameter in operation["parameters"]}
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    if "$ref" in response_schema:
        response_schema = schema["components"]["schemas"][response_schema["$ref"].rsplit("/", 1)[1]]
    assert "next" in response_schema["properties"]
