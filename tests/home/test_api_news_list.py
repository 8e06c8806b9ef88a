"""The API news list built for the whole page at once (home.api.news_items): its envelope and cursor, renditions
read in one query when the cache has lost them, addresses absolute to the requested host. The items' shape and
values: tests/home/test_api_list_items.py."""

import pytest

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


def test_envelope_keeps_count_and_next_in_order(client, articles):
    payload = client.get(API, {"limit": 2}).json()
    assert list(payload) == ["items", "count", "next"]
    assert payload["count"] == 4 and "cursor=" in payload["next"]
    following = client.get(payload["next"]).json()
    assert [item["title"] for item in following["items"]] == ["Сквер", "Без нічого"]
    assert following["next"] is None


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
