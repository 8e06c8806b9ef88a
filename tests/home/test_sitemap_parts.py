"""sitemap.xml in parts once the site outgrows one document: the index lists every part, the parts together list
every live public page once, drafts and private pages in none, each part the same pages as OFFSET paging gave, read
from its first page's path on; a small site keeps one document."""
import re

import pytest
from django.contrib.sites.requests import RequestSite
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.sitemap import PortalSitemap
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


class OffsetSitemap(PortalSitemap):
    """The sitemap as it paged before (Django's paginator: COUNT and OFFSET), to compare the parts with."""

    @property
    def paginator(self):
        return Paginator(self._items(), self.limit)


def part_entries(sitemap, number: int) -> list[tuple]:
    urls = sitemap.get_urls(page=number, site=RequestSite(sitemap.request))
    return [(url["location"], url["lastmod"]) for url in urls]


@override_settings(SITEMAP_PAGES_PER_FILE=3)
def test_parts_list_the_same_pages_as_offset_paging_did_and_no_hidden_page(client, rf, home_page, news_index):
    for number in range(8):
        NewsPageFactory(parent=news_index, title=f"Новина {number}")
    draft = NewsPageFactory(parent=news_index, title="Чернетка", live=False)
    private = NewsPageFactory(parent=news_index, title="Для депутатів")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    request = rf.get("/")

    new, old = PortalSitemap(request), OffsetSitemap(request)
    assert new.paginator.num_pages == old.paginator.num_pages == 4  # home, news index, eight articles: ten pages
    served = []
    for number in range(1, 5):
        assert part_entries(new, number) == part_entries(old, number)
        response = client.get(f"/sitemap-pages.xml?p={number}")
        assert response.status_code == 200
        locations_served = locations(response.content.decode())
        assert locations_served == [location for location, _lastmod in part_entries(old, number)]
        served += locations_served
    assert len(served) == len(set(served)) == 10
    assert not [url for url in served if draft.slug in url or private.slug in url]
    assert client.get("/sitemap-pages.xml?p=5").status_code == 404


@override_settings(SITEMAP_PAGES_PER_FILE=3)
def test_a_part_is_read_from_its_first_path_without_offset_or_count(client, home_page, news_index):
    for number in range(8):
        NewsPageFactory(parent=news_index, title=f"Новина {number}")
    client.get("/sitemap.xml")  # the index: the parts' starts are read once and kept
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap-pages.xml?p=4").status_code == 200
    statements = " ".join(query["sql"] for query in queries.captured_queries).upper()
    assert "OFFSET" not in statements and "COUNT(" not in statements and "ROW_NUMBER" not in statements


@override_settings(SITEMAP_PAGES_PER_FILE=3)
def test_the_parts_follow_publishing(rf, home_page, news_index):
    for number in range(4):
        NewsPageFactory(parent=news_index, title=f"Новина {number}")
    request = rf.get("/")
    assert PortalSitemap(request).paginator.num_pages == 2  # six pages
    article = NewsPageFactory(parent=news_index, title="Нова", live=False)
    article.save_revision().publish()
    assert PortalSitemap(request).paginator.num_pages == 3  # seven: the kept starts were renewed
    article.refresh_from_db()
    article.unpublish()
    assert PortalSitemap(request).paginator.num_pages == 2
