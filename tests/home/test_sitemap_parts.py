"""sitemap.xml in parts once the site outgrows one document: the index lists every part, the parts together list
every live page once, drafts in none; a small site keeps one document."""
import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the sitemap views are cached for ten minutes
    yield
    cache.clear()


def locations(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


@override_settings(SITEMAP_PAGES_PER_FILE=3)
def test_a_large_site_gets_an_index_of_parts_that_list_every_page_once(client, home_page, news_index):
    articles = [NewsPageFactory(parent=news_index, title=f"Новина {number}") for number in range(5)]
    draft = NewsPageFactory(parent=news_index, title="Чернетка", live=False)

    index = client.get("/sitemap.xml")

    assert index.status_code == 200
    assert "<sitemapindex" in index.content.decode()
    parts = locations(index.content.decode())
    assert len(parts) == 3  # home, news index and five articles: seven pages, three per part
    listed = []
    for part in parts:
        response = client.get(part.replace("http://testserver", ""))
        assert response.status_code == 200 and "<urlset" in response.content.decode()
        listed += locations(response.content.decode())
    expected = [home_page.full_url, news_index.full_url] + [article.full_url for article in articles]
    assert sorted(listed) == sorted(expected)
    assert not [url for url in listed if draft.slug in url]


@override_settings(SITEMAP_PAGES_PER_FILE=3)
def test_a_part_that_does_not_exist_is_a_404(client, home_page, news_index):
    NewsPageFactory(parent=news_index)

    assert client.get("/sitemap-pages.xml?p=9").status_code == 404
    assert client.get("/sitemap-other.xml").status_code == 404


def test_a_small_site_keeps_one_document(client, home_page, news_index):
    article = NewsPageFactory(parent=news_index)

    xml = client.get("/sitemap.xml").content.decode()

    assert "<urlset" in xml and article.full_url in locations(xml)
