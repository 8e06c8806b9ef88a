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
