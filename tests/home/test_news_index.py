"""The news index: filters by category, tag and month, pagination, and friendly pages for bad input."""
import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from tests.factories import NewsIndexPageFactory, NewsPageFactory

KYIV = ZoneInfo("Europe/Kyiv")


def kyiv(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=KYIV)


def titles(response) -> list[str]:
    """Article titles in the order the list shows them."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("ul.news-list li :is(h2, h3) a")]


@pytest.fixture
def articles(news_index, transport, education):
    return {
        "route": NewsPageFactory(parent=news_index, title="Новий маршрут тролейбуса", date=kyiv(2025, 3, 10),
                                 categories=[transport], tags=["тролейбус"]),
        "school": NewsPageFactory(parent=news_index, title="Відкрили укриття в ліцеї", date=kyiv(2025, 3, 20),
                                  categories=[education], tags=["школи", "укриття"]),
        "roads": NewsPageFactory(parent=news_index, title="Ремонт доріг у квітні", date=kyiv(2025, 4, 2),
                                 categories=[transport, education], tags=["ремонт"]),
        "budget": NewsPageFactory(parent=news_index, title="Бюджет громади ухвалено", date=kyiv(2025, 5, 1),
                                  tags=["бюджет"]),
    }


@pytest.mark.django_db
def test_lists_live_articles_newest_first_without_drafts(client, news_index, articles):
    NewsPageFactory(parent=news_index, title="Чернетка новини", live=False, date=kyiv(2025, 5, 2))
    other_index = NewsIndexPageFactory(parent=news_index.get_parent(), title="Архів", slug="arkhiv")
    NewsPageFactory(parent=other_index, title="Новина іншого розділу", date=kyiv(2025, 5, 3))

    response = client.get(news_index.url)

    assert response.status_code == 200
    assert titles(response) == ["Бюджет громади ухвалено", "Ремонт доріг у квітні", "Відкрили укриття в ліцеї",
                                "Новий маршрут тролейбуса"]
    html = response.content.decode()
    assert f'href="{news_index.url}rss/"' in html and f'href="{news_index.url}atom/"' in html


@pytest.mark.django_db
def test_category_filter(client, news_index, articles):
    response = client.get(news_index.url, {"category": "transport"})

    assert response.status_code == 200
    assert titles(response) == ["Ремонт доріг у квітні", "Новий маршрут тролейбуса"]


@pytest.mark.django_db
def test_article_in_two_matching_categories_is_listed_once(client, news_index, articles):
    response = client.get(news_index.url, {"category": "osvita"})

    assert titles(response) == ["Ремонт доріг у квітні", "Відкрили укриття в ліцеї"]


@pytest.mark.django_db
def test_tag_filter(client, news_index, articles):
    response = client.get(news_index.url, {"tag": "укриття"})

    assert response.status_code == 200
    assert titles(response) == ["Відкрили укриття в ліцеї"]


@pytest.mark.django_db
def test_month_filter(client, news_index, articles):
    response = client.get(news_index.url, {"month": "2025-03"})

    assert response.status_code == 200
    assert titles(response) == ["Відкрили укриття в ліцеї", "Новий маршрут тролейбуса"]
    # The archive menus (years that have news, then the twelve months) show the chosen month.
    html = response.content.decode()
    assert '<option value="2025" selected>2025</option>' in html
    assert '<option value="03" selected>' in html


@pytest.mark.django_db
def test_filters_combine(client, news_index, articles):
    response = client.get(news_index.url, {"category": "transport", "month": "2025-04"})

    assert titles(response) == ["Ремонт доріг у квітні"]


@pytest.mark.django_db
def test_month_without_news_shows_an_empty_list_not_an_error(client, news_index, articles):
    response = client.get(news_index.url, {"month": "2024-01"})

    assert response.status_code == 200
    assert titles(response) == []
    assert 'class="error-summary"' not in response.content.decode()


@pytest.mark.django_db
def test_pagination_uses_news_per_page_and_keeps_the_filters(client, news_index, articles, settings):
    settings.NEWS_PER_PAGE = 2

    first = client.get(news_index.url)
    second = client.get(news_index.url, {"page": "2"})
    transport_second = client.get(news_index.url, {"category": "transport", "page": "1"})

    assert titles(first) == ["Бюджет громади ухвалено", "Ремонт доріг у квітні"]
    assert titles(second) == ["Відкрили укриття в ліцеї", "Новий маршрут тролейбуса"]
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert titles(transport_second) == ["Ремонт доріг у квітні", "Новий маршрут тролейбуса"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    {"month": "2026-13"},
    {"month": "abc"},
    {"month": "1200-01"},
    {"page": "abc"},
    {"page": "0"},
    {"page": "-1"},
    {"category": "no-such-category"},
    {"category": "\x00"},
    {"tag": "два слова"},
    {"tag": "\x00"},
    {"page": str(2**64)},
])
def test_bad_input_gets_a_friendly_400_page(client, news_index, articles, query):
    response = client.get(news_index.url, query)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert '<html lang="uk">' in html
    assert 'href="#main"' in html  # in the portal's layout
    assert titles(response) == []


@pytest.mark.django_db
def test_page_beyond_the_last_is_a_friendly_404(client, news_index, articles, settings):
    settings.NEWS_PER_PAGE = 2

    response = client.get(news_index.url, {"page": "3"})

    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'href="{news_index.url}"' in html  # the way back to all news



@pytest.mark.django_db
def test_pagination_links_keep_the_active_filters(client, news_index, articles, settings):
    settings.NEWS_PER_PAGE = 1

    first = client.get(news_index.url, {"category": "transport"}).content.decode()
    second = client.get(news_index.url, {"category": "transport", "page": "2"}).content.decode()

    assert '<p class="meta" role="status">Знайдено 2 новини</p>' in first
    assert 'href="?category=transport&amp;page=2" rel="next"' in first
    assert '<span aria-current="page"><span class="visually-hidden">Сторінка </span>1</span>' in first
    assert 'href="?category=transport&amp;page=1" rel="prev"' in second
    assert '<span aria-current="page"><span class="visually-hidden">Сторінка </span>2</span>' in second
    assert '<option value="transport" selected>' in second  # the form shows the filter in use


@pytest.mark.django_db
def test_no_matching_news_says_so_in_ukrainian(client, news_index, articles):
    html = client.get(news_index.url, {"month": "2024-01"}).content.decode()

    assert '<p class="meta" role="status">Знайдено 0 новин</p>' in html
    assert "За цими фільтрами новин не знайдено." in html
    assert f'<a href="{news_index.url}">Показати всі новини</a>' in html


@pytest.mark.parametrize(("current", "last", "shown"), [
    (1, 1, [1]),
    (1, 5, [1, 2, 3, None, 5]),
    (3, 5, [1, 2, 3, 4, 5]),
    (1, 100, [1, 2, 3, None, 100]),
    (50, 100, [1, None, 48, 49, 50, 51, 52, None, 100]),
    (97, 100, [1, None, 95, 96, 97, 98, 99, 100]),
    (5, 9, [1, None, 3, 4, 5, 6, 7, None, 9]),
    (4, 7, [1, 2, 3, 4, 5, 6, 7]),
])
def test_pagination_shows_the_ends_two_pages_around_the_current_one_and_gaps(current, last, shown):
    from types import SimpleNamespace

    from home.templatetags.portal_tags import page_links

    page = SimpleNamespace(number=current, paginator=SimpleNamespace(num_pages=last))
    assert page_links(page) == shown


@pytest.mark.django_db
def test_pagination_of_a_long_list_links_its_ends_and_the_pages_near_the_current_one(client, news_index, settings):
    settings.NEWS_PER_PAGE = 1
    for number in range(9):
        NewsPageFactory(parent=news_index, title=f"Новина {number}")

    html = client.get(news_index.url, {"page": "5"}).content.decode()
    nav = BeautifulSoup(html, "html.parser").select_one("nav.pagination")
    items = [item.get_text(" ", strip=True) for item in nav.select("li")]

    assert items == ["‹ Попередня", "Сторінка 1", "…", "Сторінка 3", "Сторінка 4", "Сторінка 5", "Сторінка 6",
                     "Сторінка 7", "…", "Сторінка 9", "Наступна ›"]
    assert nav.select_one('[aria-current="page"]').get_text(" ", strip=True) == "Сторінка 5"
