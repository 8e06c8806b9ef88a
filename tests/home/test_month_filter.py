"""The archive filter (year, then month) covers exactly the calendar year or month in Kyiv time, December
included; its menus stay short however long the archive is."""
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
    assert first.context["years"] == [2025]
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
    assert response.context["years"] == [2026, 2025]
    assert [category.slug for category in response.context["categories"]] == ["transport"]

    article.unpublish()
    response = client.get(news_index.url)
    assert response.context["years"] == [2025]
    assert response.context["categories"] == []


@pytest.fixture
def archive(news_index):
    for when, title in [((2024, 3, 5, 12), "Березень 2024"), ((2024, 11, 1, 9), "Листопад 2024"),
                        ((2026, 3, 2, 10), "Березень 2026"), ((2022, 1, 1, 0, 30), "Новий 2022 рік")]:
        NewsPageFactory(parent=news_index, title=title, date=kyiv(*when))
    NewsPageFactory(parent=news_index, title="Чернетка 2023", date=kyiv(2023, 5, 5, 12), live=False)
    return news_index


def listed(response) -> list[str]:
    return [page.title for page in response.context["news_page"].object_list]


def test_years_with_visible_news_only_newest_first(client, archive):
    response = client.get(archive.url)

    assert response.context["years"] == [2026, 2024, 2022]  # 2023 has only a draft
    html = response.content.decode()
    assert '<option value="2024">2024</option>' in html and '<option value="2023">' not in html
    assert html.count('<option value="') <= 3 + 12 + 10  # years, twelve months, categories: not one per month


def test_a_year_and_a_month_of_that_year(client, archive):
    assert listed(client.get(archive.url, {"year": 2024})) == ["Листопад 2024", "Березень 2024"]
    assert listed(client.get(archive.url, {"year": 2024, "month": "03"})) == ["Березень 2024"]
    assert listed(client.get(archive.url, {"year": 2022})) == ["Новий 2022 рік"]  # 00:30 in Kyiv is still 2022
    assert listed(client.get(archive.url, {"month": "2026-03"})) == ["Березень 2026"]  # addresses of the former menu


@pytest.mark.parametrize(("query", "message"), [
    ({"month": "03"}, "Виберіть також рік цього місяця."),
    ({"year": 2024, "month": "бер"}, "Вкажіть місяць у форматі РРРР-ММ, наприклад 2026-03."),
    ({"year": 2024, "month": "13"}, "Вкажіть місяць у форматі РРРР-ММ, наприклад 2026-03."),
    ({"year": "двадцять"}, "Вкажіть рік чотирма цифрами, наприклад 2026."),
    ({"year": 99}, "Вкажіть рік чотирма цифрами, наприклад 2026."),
])
def test_a_bad_archive_choice_is_explained_and_lists_nothing(client, archive, query, message):
    response = client.get(archive.url, query)

    assert response.status_code == 400
    assert message in response.context["errors"]
    assert "news_page" not in response.context


def test_years_are_found_with_a_query_per_year_not_a_scan(archive, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(4 + 1) as captured:  # three years, the end, and the cache's version
        assert selectors.news_years(archive) == [2026, 2024, 2022]
    assert all("LIMIT 1" in query["sql"] for query in captured if "home_newspage" in query["sql"])
