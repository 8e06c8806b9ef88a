"""SQL queries per request stay the same however many news there are (no N+1 in pages or the API)."""
import datetime
import itertools

import pytest
from django.utils import timezone

from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    site_with_home_page,
)

# Generous ceilings: the real guard is that 5 and 50 news cost the same.
MAX_QUERIES = {"home": 35, "news index": 30, "api news list": 12}


@pytest.fixture
def portal(db, transport, education):
    home = site_with_home_page(sections=[
        ("announcements", {"title": "Оголошення", "count": 4}),
        ("news", {"title": "Новини", "count": 6, "category": None}),
        ("events", {"title": "Події", "count": 3}),
    ])
    news_index = NewsIndexPageFactory(parent=home)
    event_index = EventIndexPageFactory(parent=home)
    for days in (2, 5, 9):
        EventPageFactory(parent=event_index, start=timezone.now() + datetime.timedelta(days=days))
    return {"home": home, "news_index": news_index, "categories": itertools.cycle([transport, education]),
            "images": itertools.cycle([ImageFactory(), ImageFactory(), ImageFactory()]), "created": 0}


def add_news(portal, up_to: int):
    """Articles with an image, a category and a tag, every third an official announcement."""
    while portal["created"] < up_to:
        number = portal["created"]
        NewsPageFactory(parent=portal["news_index"], date=timezone.now() - datetime.timedelta(days=number, hours=1),
                        main_image=next(portal["images"]), categories=[next(portal["categories"])],
                        tags=[f"тема-{number % 4}"], is_official=number % 3 == 0)
        portal["created"] += 1


def count_queries(client, portal, django_assert_max_num_queries) -> dict[str, int]:
    urls = {"home": portal["home"].url, "news index": portal["news_index"].url,
            "api news list": "/api/v3/home/news/"}
    counts = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200  # warm up: renditions are created once, then reused
        with django_assert_max_num_queries(MAX_QUERIES[name]) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts[name] = len(captured)
    return counts


@pytest.mark.django_db
def test_same_number_of_queries_for_5_and_50_news(client, portal, django_assert_max_num_queries):
    add_news(portal, 5)
    with_5 = count_queries(client, portal, django_assert_max_num_queries)
    add_news(portal, 50)
    with_50 = count_queries(client, portal, django_assert_max_num_queries)

    assert with_50 == with_5


@pytest.mark.django_db
def test_pages_show_the_news_the_counts_were_taken_on(client, portal):
    add_news(portal, 14)

    home = client.get(portal["home"].url).content.decode()
    index = client.get(portal["news_index"].url).content.decode()
    api = client.get("/api/v3/home/news/").json()

    assert home.count('class="badge badge--official"') >= 4  # the announcements section is filled
    assert index.count('<li class="has-image">') == 12  # NEWS_PER_PAGE with images
    assert api["count"] == 14 and all(item["image"] and item["categories"] and item["tags"] for item in api["items"])
