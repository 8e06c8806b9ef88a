"""The anonymous full-page cache: what is shared, with whom never, and that every change purges exactly what
shows it (cms.pagecache)."""
import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms import pagecache
from home.models import MainMenuItem, PortalSettings
from tests.council.factories import (
    DecisionIndexPageFactory,
    DecisionPageFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
)
from tests.factories import EventIndexPageFactory, NewsIndexPageFactory, NewsPageFactory, UserFactory


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TIMEOUT = 300


@pytest.fixture
def site(home_page):
    news = NewsIndexPageFactory(parent=home_page)
    article = NewsPageFactory(parent=news, title="Ремонт мосту на Соборній")
    return {"home": home_page, "news": news, "article": article}


def publish(page):
    page.save_revision().publish()
    return page


def cached(client, url, **extra):
    """GET twice: the first answer renders and stores, the second must come from the cache without SQL."""
    first = client.get(url, **extra)
    assert first.status_code == 200 and first["X-Page-Cache"] == "MISS"
    return first


def assert_hit(client, url, django_assert_num_queries, **extra):
    with django_assert_num_queries(0):
        response = client.get(url, **extra)
    assert response["X-Page-Cache"] == "HIT", url
    return response


def html(response) -> str:
    return response.content.decode()


# --- what is stored and how it is answered -------------------------------------------------------------------
def test_anonymous_page_is_served_from_cache_without_sql(client, site, django_assert_num_queries):
    first = cached(client, "/")
    second = assert_hit(client, "/", django_assert_num_queries)
    assert second.content == first.content
    control = second["Cache-Control"]
    assert "public" in control and "s-maxage=300" in control and "max-age=0" in control
    assert second["ETag"] == first["ETag"] and second["Last-Modified"] == first["Last-Modified"]
    assert second["Content-Language"] == "uk" and "Cookie" in second["Vary"]
    assert "Set-Cookie" not in second and not second.cookies


def test_conditional_get_answers_304_from_cache(client, site, django_assert_num_queries):
    etag = cached(client, "/novyny/")["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/novyny/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag and not response.content
    modified = client.get("/novyny/")["Last-Modified"]
    assert client.get("/novyny/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/novyny/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_head_is_answered_from_the_cache(client, site, django_assert_num_queries):
    cached(client, "/")
    with django_assert_num_queries(0):
        response = client.head("/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "HIT"


def test_key_has_language_query_and_host(client, site, django_assert_num_queries):
    ukrainian = cached(client, "/novyny/")
    client.cookies["django_language"] = "en"
    english = cached(client, "/novyny/")  # a separate entry: not the Ukrainian page
    assert 'lang="en"' in html(english) and 'lang="uk"' in html(ukrainian)
    assert_hit(client, "/novyny/", django_assert_num_queries)
    del client.cookies["django_language"]
    assert 'lang="uk"' in html(assert_hit(client, "/novyny/", django_assert_num_queries))
    cached(client, "/novyny/?tag=mist")  # another query string is another page
    # The same parameters in another order are the same page.
    cached(client, "/novyny/?tag=mist&page=1")
    assert_hit(client, "/novyny/?page=1&tag=mist", django_assert_num_queries)
    assert cached(client, "/", HTTP_HOST="127.0.0.1")["X-Page-Cache"] == "MISS"


def test_csrf_cookie_from_an_earlier_form_does_not_prevent_sharing(client, site, django_assert_num_queries):
    cached(client, "/")
    client.cookies["csrftoken"] = "x" * 32
    assert_hit(client, "/", django_assert_num_queries)


# --- never to a person, never a person's page ----------------------------------------------------------------
def test_logged_in_resident_is_never_served_a_cached_page(client, site, resident):
    anonymous = cached(client, "/")
    assert "Увійти" in html(anonymous)
    client.force_login(resident)
    for _ in range(2):
        response = client.get("/")
        assert "X-Page-Cache" not in response and "Мій кабінет" in html(response)
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    again = client.get("/")  # the resident's render was not stored for others
    assert again["X-Page-Cache"] == "HIT" and "Мій кабінет" not in html(again)


def test_any_session_or_token_bypasses_the_cache(client, site):
    cached(client, "/")
    client.cookies["sessionid"] = "whatever"
    assert "X-Page-Cache" not in client.get("/")
    client.cookies.clear()
    assert "X-Page-Cache" not in client.get("/", HTTP_AUTHORIZATION="Bearer abc")
    client.cookies["messages"] = "a flash message for this visitor"
    assert "X-Page-Cache" not in client.get("/")


def test_a_page_with_a_csrf_token_is_not_stored(client, site):
    # A password-protected page shows a form with a CSRF token even to anonymous visitors.
    PageViewRestriction.objects.create(page=site["article"], restriction_type="password", password="секрет")
    for _ in range(2):
        response = client.get(site["article"].url)
        assert response.status_code == 200 and "csrfmiddlewaretoken" in html(response)
        assert response.get("X-Page-Cache") is None
        assert "public" not in response["Cache-Control"]
    assert not any(key.startswith(":1:pagecache:page") for key in _cache_keys())


def test_errors_and_redirects_are_not_stored(client, site):
    for _ in range(2):
        response = client.get("/nema-takoi-storinky/")
        assert response.status_code == 404 and "X-Page-Cache" not in response
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/novyny")  # 301 to the slash


def test_admin_account_and_api_are_never_cached(client, site):
    for url in ("/account/login/", "/api/v3/home/news/", "/admin/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url


def _cache_keys():
    from django.core.cache import cache

    return list(cache._cache.keys())


# --- purges: pages --------------------------------------------------------------------------------------------
def test_publishing_an_article_purges_home_and_news_index_but_not_other_pages(client, site,
                                                                                django_assert_num_queries):
    events = EventIndexPageFactory(parent=site["home"])
    for url in ("/", "/novyny/", "/novyny/?page=1", "/novyny/rss/", site["article"].url, events.url):
        cached(client, url)
    fresh = NewsPageFactory(parent=site["news"], title="Нова зупинка тролейбуса", date=timezone.now(), live=False)
    publish(fresh)
    assert "Нова зупинка тролейбуса" in html(client.get("/"))
    assert "Нова зупинка тролейбуса" in html(client.get("/novyny/"))
    assert "Нова зупинка тролейбуса" in html(client.get("/novyny/?page=1"))
    assert "Нова зупинка тролейбуса" in html(client.get("/novyny/rss/"))
    # Precise: other articles and the events calendar stay cached.
    assert_hit(client, site["article"].url, django_assert_num_queries)
    assert_hit(client, events.url, django_assert_num_queries)


def test_unpublishing_purges_the_page_and_its_lists(client, site):
    url = site["article"].url
    for address in (url, "/", "/novyny/"):
        cached(client, address)
    site["article"].unpublish()
    assert client.get(url).status_code == 404
    assert "Ремонт мосту" not in html(client.get("/novyny/"))
    assert "Ремонт мосту" not in html(client.get("/"))


def test_moving_purges_old_address_and_both_lists(client, site):
    other = NewsIndexPageFactory(parent=site["home"], title="Архів", slug="arkhiv")
    old_url = site["article"].url
    for address in (old_url, "/novyny/", other.url):
        cached(client, address)
    site["article"].move(other, pos="last-child")
    assert client.get(old_url).status_code == 301  # Wagtail's automatic redirect, not the cached article
    assert "Ремонт мосту" not in html(client.get("/novyny/"))
    assert "Ремонт мосту" in html(client.get(other.url))


def test_deleting_purges_the_page_and_its_lists(client, site):
    url = site["article"].url
    for address in (url, "/novyny/", "/"):
        cached(client, address)
    site["article"].delete()
    assert client.get(url).status_code == 404
    assert "Ремонт мосту" not in html(client.get("/novyny/"))


def test_changing_a_slug_purges_the_old_address(client, site, django_capture_on_commit_callbacks):
    old_url = site["article"].url
    cached(client, old_url)
    site["article"].slug = "mist-vidremontovano"
    with django_capture_on_commit_callbacks(execute=True):
        publish(site["article"])
    assert client.get(old_url).status_code == 301  # Wagtail's automatic redirect, not the cached article


def test_editing_an_index_purges_the_articles_under_it(client, site):
    # Breadcrumbs of every article show the index's title.
    cached(client, site["article"].url)
    site["news"].title = "Новини міста"
    publish(site["news"])
    assert "Новини міста" in html(client.get(site["article"].url))


def test_menu_change_purges_every_page(client, site):
    settings_row = PortalSettings.for_site(site["home"].get_site())
    for address in ("/", site["article"].url):
        cached(client, address)
    MainMenuItem.objects.create(setting=settings_row, label="Адміністративні послуги",
                                link_url="https://poslugy.example/")
    assert "Адміністративні послуги" in html(client.get("/"))
    assert "Адміністративні послуги" in html(client.get(site["article"].url))


def test_decision_added_purges_the_register_and_its_session(client, home_page):
    sessions = SessionIndexPageFactory(parent=home_page)
    # A decision belongs to a session that has taken place (sessions.services.decision_date_errors).
    session = SessionPageFactory(parent=sessions, start=timezone.now() - datetime.timedelta(days=3))
    decisions = DecisionIndexPageFactory(parent=home_page)
    cached(client, decisions.url)
    cached(client, session.url)
    decision = DecisionPageFactory(parent=decisions, title="Про нову зупинку", number="77-3/VIII", session=session,
                                   live=False)
    publish(decision)
    assert "Про нову зупинку" in html(client.get(decisions.url))
    assert client.get(session.url)["X-Page-Cache"] == "MISS"


def test_a_comment_purges_the_discussed_page(client, site, resident):
    from participation.services import comment_post

    site["article"].allow_comments = True
    publish(site["article"])
    url = site["article"].url
    cached(client, url)
    comment_post(target=site["article"], author=resident, body="Дякуємо за новину про міст!")
    assert "Дякуємо за новину про міст!" in html(client.get(url))


def test_a_render_that_raced_a_purge_is_not_kept(client, site, monkeypatch):
    # The generation is read before rendering: a purge during the render makes the stored copy stale.
    url = site["article"].url
    real = pagecache.AnonymousPageCacheMiddleware._store

    def purge_while_rendering(key, response, generations, timeout):
        pagecache.purge_paths(url)
        return real(key, response, generations, timeout)

    monkeypatch.setattr(pagecache.AnonymousPageCacheMiddleware, "_store", staticmethod(purge_while_rendering))
    client.get(url)
    monkeypatch.setattr(pagecache.AnonymousPageCacheMiddleware, "_store", staticmethod(real))
    assert client.get(url)["X-Page-Cache"] == "MISS"


def test_cache_switched_off(client, site, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_an_unverified_visitor_with_an_account_sees_their_own_page(client, site):
    user = UserFactory(full_name="Ганна Коваль")
    cached(client, "/")
    client.force_login(user)
    assert "Мій кабінет" in html(client.get("/"))
