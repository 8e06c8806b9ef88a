"""The API news list is built as plain values in bulk (home.api.news_list_items) and must say exactly what its
declared schema (NewsListItem, shown in the OpenAPI document) says for the same articles."""
import json

import pytest
from django.test import RequestFactory
from ninja.responses import NinjaJSONEncoder

from home import selectors
from home.api import NewsListItem
from tests.factories import ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db
API = "/api/v3/home/news/"


@pytest.fixture
def articles(news_index, transport, education):
    photo, square = ImageFactory(description="Міська площа"), ImageFactory()
    return [
        NewsPageFactory(parent=news_index, title="Новий маршрут", categories=[transport, education],
                        tags=["тролейбус", "маршрути"], main_image=photo, main_image_alt="Тролейбус"),
        NewsPageFactory(parent=news_index, title="Укриття в ліцеї", categories=[education], tags=["школи"],
                        is_official=True, main_image=photo),  # alt from the image's description
        NewsPageFactory(parent=news_index, title="Сквер", main_image=square),
        NewsPageFactory(parent=news_index, title="Без нічого"),
    ]


def schema_items(host="testserver"):
    """What django-ninja makes of the same articles through the declared schema and its resolvers."""
    request = RequestFactory().get(API, HTTP_HOST=host)
    pages = list(selectors.news_queryset())
    items = [NewsListItem.model_validate(page, context={"request": request}).model_dump() for page in pages]
    return json.loads(json.dumps(items, cls=NinjaJSONEncoder))


def test_items_are_what_the_declared_schema_gives(client, articles):
    response = client.get(API)
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    items = response.json()["items"]
    expected = schema_items()
    for item in items + expected:  # the schema's resolver reads the tags in the database's order
        item["tags"] = sorted(item["tags"])
    assert items == expected
    assert list(items[0]) == list(NewsListItem.model_fields)
    assert items[0]["image"]["alt"] == "Тролейбус" and items[1]["image"]["alt"] == "Міська площа"
    assert set(items[0]["image"]["renditions"]) == {"thumbnail", "large"} and items[3]["image"] is None
    assert items[0]["categories"] == [{"id": articles[0].categories.get(slug="osvita").pk, "name": "Освіта",
                                       "slug": "osvita"},
                                      {"id": articles[0].categories.get(slug="transport").pk, "name": "Транспорт",
                                       "slug": "transport"}]


def test_envelope_keeps_count_and_next_in_order(client, articles):
    payload = client.get(API, {"limit": 2}).json()
    assert list(payload) == ["items", "count", "next"]
    assert payload["count"] == 4 and "cursor=" in payload["next"]
    following = client.get(payload["next"]).json()
    assert [item["title"] for item in following["items"]] == ["Сквер", "Без нічого"]
    assert following["next"] is None


def test_tags_keep_the_order_they_were_given(client, news_index):
    NewsPageFactory(parent=news_index, tags=["ями", "бюджет", "вулиці"])
    assert client.get(API).json()["items"][0]["tags"] == ["ями", "бюджет", "вулиці"]


def test_renditions_missing_from_the_cache_are_read_in_one_query(client, news_index, django_assert_max_num_queries):
    from django.core.cache import caches

    counts = []
    for total in (3, 9):
        while news_index.get_children().count() < total:
            NewsPageFactory(parent=news_index, main_image=ImageFactory())
        client.get(API)  # makes the renditions
        caches["default"].clear()  # the renditions cache of the tests; counts and versions go too
        with django_assert_max_num_queries(12) as captured:
            items = client.get(API).json()["items"]
        assert all(item["image"]["renditions"]["thumbnail"]["url"] for item in items)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_list_is_absolute_to_the_requested_host(client, articles):
    item = client.get(API, HTTP_HOST="localhost").json()["items"][0]
    assert item["url"].startswith("http://localhost/novyny/")
    assert item["image"]["renditions"]["large"]["url"].startswith("http://localhost/")
