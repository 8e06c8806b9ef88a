"""A warm page asks the cache (Redis in production) as few times as it can: each version the layout depends on is
read once per request, the site links once, whatever the number of places that show them."""
import pytest
from django.core.cache import caches

from home import selectors
from home.models import FooterLink, MainMenuItem, SocialLink
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(settings, portal_settings, news_index):
    settings.FRAGMENT_CACHE_ENABLED = True
    MainMenuItem.objects.create(setting=portal_settings, label="Новини", link_page=news_index, sort_order=0)
    FooterLink.objects.create(setting=portal_settings, label="Відкриті дані", link_url="https://data.gov.ua/")
    SocialLink.objects.create(setting=portal_settings, network="telegram", url="https://t.me/misto")
    return NewsPageFactory(parent=news_index, title="Сесія ухвалила бюджет")


# Measured on a warm article: the site links' version, the site settings, the site links, Wagtail's site root
# paths, and one read for each cached fragment (breadcrumbs, the article) with the fragments' generation.
ARTICLE_CACHE_CALLS = 6


def test_a_warm_article_reads_the_site_links_version_once(client, article, cache_calls):
    for _ in range(2):  # the first render starts the fragments' generation, the second stores them
        assert client.get(article.url).status_code == 200
    cache_calls.clear()

    html = client.get(article.url).content.decode()

    assert "Сесія ухвалила бюджет" in html and "https://data.gov.ua/" in html and "https://t.me/misto" in html
    assert [call for call in cache_calls if call[1] == selectors.SITE_LINKS_VERSION_KEY] == [
        ("get", selectors.SITE_LINKS_VERSION_KEY)]
    assert len([call for call in cache_calls if str(call[1]).startswith("home:site-links:")]) == 1  # menu + footer
    assert len(cache_calls) <= ARTICLE_CACHE_CALLS, cache_calls


def test_a_menu_change_made_during_a_request_is_read_again_in_that_request(rf, portal_settings, news_index):
    """The version kept for the request is dropped by the bump: what is built afterwards carries the new one."""
    from cms.visibility import RequestMemoMiddleware

    request = rf.get("/")
    seen = {}

    def view(request):
        seen["before"] = selectors._version(selectors.SITE_LINKS_VERSION_KEY)
        assert selectors._version(selectors.SITE_LINKS_VERSION_KEY) == seen["before"]  # kept for the request
        selectors.bump_site_links_version()
        seen["after"] = selectors._version(selectors.SITE_LINKS_VERSION_KEY)
        return None

    RequestMemoMiddleware(view)(request)

    assert seen["after"] != seen["before"]
    assert seen["after"] == caches["default"].get(selectors.SITE_LINKS_VERSION_KEY)
