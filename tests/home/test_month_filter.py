"""The month filter covers exactly the calendar month in Kyiv time, December included."""
import datetime

import pytest
from django.utils import timezone

from home import selectors
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def kyiv(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_december_ends_at_new_year_in_kyiv_time(news_index):
    NewsPageFactory(parent=news_index, title="Перше грудня", date=kyiv(2025, 12, 1, 0, 5))
    NewsPageFactory(parent=news_index, title="Останній вечір року", date=kyiv(2025, 12, 31, 23, 55))
    NewsPageFactory(parent=news_index, title="Новий рік", date=kyiv(2026, 1, 1, 0, 0))
    NewsPageFactory(parent=news_index, title="Кінець листопада", date=kyiv(2025, 11, 30, 23, 59))

    december = selectors.filter_news(selectors.news_queryset(), month=datetime.date(2025, 12, 1))
    assert sorted(page.title for page in december) == ["Останній вечір року", "Перше грудня"]
    january = selectors.filter_news(selectors.news_queryset(), month=datetime.date(2026, 1, 1))
    assert [page.title for page in january] == ["Новий рік"]


def test_filter_options_are_cached_and_follow_publishing(client, news_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import NewsCategoryFactory

    NewsPageFactory(parent=news_index, title="Листопадова", date=kyiv(2025, 11, 10, 12, 0))
    first = client.get(news_index.url)
    assert [month.month for month in first.context["months"]] == [11]
    with CaptureQueriesContext(connection) as warm:
        client.get(news_index.url)
    with CaptureQueriesContext(connection) as cold_after_bump:
        selectors.bump_news_facets_version()
        client.get(news_index.url)
    assert len(warm) < len(cold_after_bump)  # the month and category scans came from the cache

    transport = NewsCategoryFactory(name="Транспорт", slug="transport")
    article = NewsPageFactory(parent=news_index, title="Березнева", date=kyiv(2026, 3, 2, 9, 0))
    article.categories.add(transport)
    article.save_revision().publish()

    response = client.get(news_index.url)
    assert [(month.year, month.month) for month in response.context["months"]] == [(2026, 3), (2025, 11)]
    assert [category.slug for category in response.context["categories"]] == ["transport"]

    article.unpublish()
    response = client.get(news_index.url)
    assert [(month.year, month.month) for month in response.context["months"]] == [(2025, 11)]
    assert response.context["categories"] == []
