"""The API's news and event lists build their items for a whole page at once: same shape with and without image,
categories and tags, the detail's shape, and a query count that does not grow with the page."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import EventPageFactory, ImageFactory, NewsCategoryFactory, NewsPageFactory

API = "/api/v3/home"
ITEM_KEYS = {"id", "title", "url", "date", "lead", "is_official", "categories", "tags", "image"}


@pytest.fixture
def two_articles(news_index, transport, education):
    bare = NewsPageFactory(parent=news_index, title="Без ілюстрації", date=timezone.now() - datetime.timedelta(days=2))
    full = NewsPageFactory(parent=news_index, title="З ілюстрацією", date=timezone.now() - datetime.timedelta(days=1),
                           main_image=ImageFactory(description="Площа"), main_image_alt="Фонтан на площі",
                           categories=[transport, education], tags=["ремонт", "автобус", "графік"])
    return {"bare": bare, "full": full}


@pytest.mark.django_db
def test_items_with_and_without_image_categories_and_tags_have_the_same_shape(client, two_articles, transport,
                                                                              education):
    full, bare = client.get(f"{API}/news/").json()["items"]

    assert set(full) == set(bare) == ITEM_KEYS
    assert (bare["id"], bare["image"], bare["categories"], bare["tags"]) == (two_articles["bare"].pk, None, [], [])
    assert bare["url"] == f"http://testserver{two_articles['bare'].url}"
    assert full["url"] == f"http://testserver{two_articles['full'].url}"
    assert isinstance(full["date"], str) and isinstance(full["is_official"], bool)
    # Categories by name, each with id, name and slug; tags alphabetical.
    assert full["categories"] == [{"id": education.pk, "name": "Освіта", "slug": "osvita"},
                                  {"id": transport.pk, "name": "Транспорт", "slug": "transport"}]
    assert full["tags"] == ["автобус", "графік", "ремонт"]
    assert set(full["image"]) == {"alt", "renditions"} and full["image"]["alt"] == "Фонтан на площі"
    renditions = full["image"]["renditions"]
    assert set(renditions) == {"thumbnail", "large"}
    for rendition in renditions.values():
        assert set(rendition) == {"url", "width", "height"}
        assert rendition["url"].startswith("http://testserver/media/images/")
    assert (renditions["thumbnail"]["width"], renditions["thumbnail"]["height"]) == (400, 250)


@pytest.mark.django_db
def test_detail_has_the_list_items_values_and_its_own(client, two_articles):
    listed = {item["id"]: item for item in client.get(f"{API}/news/").json()["items"]}

    for page in two_articles.values():
        detail = client.get(f"{API}/news/{page.pk}/").json()
        assert set(detail) == ITEM_KEYS | {"body_html", "related_pages", "last_published_at"}
        assert {key: detail[key] for key in ITEM_KEYS} == listed[page.pk]


def add_articles(news_index, count: int, start: int = 0):
    categories = [NewsCategoryFactory(), NewsCategoryFactory()]
    images = [ImageFactory(), ImageFactory()]
    for number in range(start, start + count):
        NewsPageFactory(parent=news_index, date=timezone.now() - datetime.timedelta(hours=number + 1),
                        main_image=images[number % 2], categories=categories[:number % 3],
                        tags=[f"тема-{number % 4}"])


def list_queries(client, url: str) -> list[str]:
    assert client.get(url).status_code == 200  # warm: renditions made and cached, the count cached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured]


@pytest.mark.django_db
def test_a_warm_news_page_costs_two_queries_however_long(client, news_index):
    add_articles(news_index, 3)
    few = list_queries(client, f"{API}/news/?limit=20")
    add_articles(news_index, 17, start=3)
    many = list_queries(client, f"{API}/news/?limit=20")
    page_two = list_queries(client, client.get(f"{API}/news/?limit=5").json()["next"])

    # The restricted paths, then the page with its categories and tags; renditions from the cache, no site look-up.
    assert len(few) == len(many) == len(page_two) == 2
    assert not [sql for sql in many if "wagtailcore_site" in sql or "wagtailimages_rendition" in sql]


@pytest.mark.django_db
def test_renditions_missing_from_the_cache_are_read_in_one_query(client, news_index):
    from wagtail.images import get_image_model

    add_articles(news_index, 6)
    assert client.get(f"{API}/news/").status_code == 200
    get_image_model().get_rendition_model().cache_backend.clear()  # the tests' settings keep them in the default

    with CaptureQueriesContext(connection) as captured:
        payload = client.get(f"{API}/news/").json()

    assert len([query for query in captured if "wagtailimages_rendition" in query["sql"]]) == 1
    assert all(item["image"]["renditions"]["large"]["url"] for item in payload["items"])


@pytest.mark.django_db
def test_event_items_with_and_without_image(client, event_index):
    start = timezone.now() + datetime.timedelta(days=3)
    with_image = EventPageFactory(parent=event_index, start=start, image=ImageFactory(description="Сцена"))
    without = EventPageFactory(parent=event_index, start=start + datetime.timedelta(days=1))

    first, second = client.get(f"{API}/events/").json()["items"]

    assert set(first) == set(second)
    assert (first["id"], second["id"]) == (with_image.pk, without.pk)
    assert first["image"]["alt"] == "Сцена" and second["image"] is None
    assert first["ical_url"] == f"http://testserver{with_image.url}ical/"
    detail = client.get(f"{API}/events/{with_image.pk}/").json()
    assert {key: detail[key] for key in first} == first and "body_html" in detail
