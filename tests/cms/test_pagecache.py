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

    def purge_while_rendering(*args):
        pagecache.purge_paths(url)
        return real(*args)

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


# --- the WSGI front (cms.wsgi): hits answered before Django -----------------------------------------------------
def _front(environ_extra=None, path="/", method="get"):
    """Calls the WSGI front with Django behind it replaced by a marker, so a hit is known to come from it."""
    from django.test import RequestFactory

    environ = getattr(RequestFactory(), method)(path, **(environ_extra or {})).environ
    answers = []

    def django_behind(environ, start_response):
        start_response("599 Django", [])
        return [b"django"]

    def start_response(status, headers):
        answers.append((status, dict(headers)))

    body = b"".join(pagecache.PageCacheApplication(django_behind)(environ, start_response))
    status, headers = answers[0]
    return status, headers, body


def test_wsgi_front_answers_a_stored_page_as_django_would_with_its_security_headers(client, site, settings):
    settings.SECURE_REFERRER_POLICY = "same-origin"
    assert _front()[0] == "599 Django"  # nothing stored yet: Django answers
    first = cached(client, "/novyny/?tag=mist&page=1")
    status, headers, body = _front(path="/novyny/?page=1&tag=mist")
    assert status == "200 OK" and body == first.content and headers["X-Page-Cache"] == "HIT"
    for name in ("Content-Type", "Content-Language", "Vary", "ETag", "Last-Modified", "Cache-Control",
                 "Content-Security-Policy", "X-Frame-Options"):
        assert headers[name] == first[name], name
    assert headers["Content-Length"] == str(len(first.content))
    # Added by SecurityMiddleware, outside the page cache: the front sends them too.
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
    assert "Set-Cookie" not in headers
    head = _front(path="/novyny/?page=1&tag=mist", method="head")
    assert head[0] == "200 OK" and head[2] == b""


def test_wsgi_front_answers_304_and_leaves_persons_and_stale_pages_to_django(client, site):
    etag = cached(client, "/novyny/")["ETag"]
    status, headers, body = _front({"HTTP_IF_NONE_MATCH": etag}, path="/novyny/")
    assert status == "304 Not Modified" and body == b"" and headers["ETag"] == etag
    assert _front({"HTTP_IF_NONE_MATCH": '"other"'}, path="/novyny/")[0] == "200 OK"
    assert _front({"HTTP_COOKIE": "sessionid=abc"}, path="/novyny/")[0] == "599 Django"
    assert _front({"HTTP_AUTHORIZATION": "Bearer abc"}, path="/novyny/")[0] == "599 Django"
    assert _front({"HTTP_COOKIE": "django_language=en"}, path="/novyny/")[0] == "599 Django"  # another entry
    assert _front({"HTTP_COOKIE": "csrftoken=" + "x" * 32}, path="/novyny/")[0] == "200 OK"
    assert _front({"HTTP_HOST": "127.0.0.1"}, path="/novyny/")[0] == "599 Django"  # another host
    pagecache.purge_paths("/novyny/")
    assert _front(path="/novyny/")[0] == "599 Django"  # purged: Django renders and stores it again


def test_wsgi_front_falls_back_to_django_when_the_cache_fails(client, site, monkeypatch):
    cached(client, "/")

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(pagecache, "_cache", lambda: type("Down", (), {"get_many": unreachable})())
    assert _front()[0] == "599 Django"


# --- fragments ({% fragment %}): parts of pages cached even when whole pages are not ----------------------------
@pytest.fixture
def fragments_only(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


def test_an_article_fragment_is_shared_by_anonymous_readers_and_renewed_by_a_publish(
        client, site, fragments_only, resident, django_assert_max_num_queries):
    url = site["article"].url
    client.get(url)  # starts the fragments' generation
    client.get(url)  # stores the fragment
    with django_assert_max_num_queries(2):  # routing, the page's restrictions; not its image, topics, related
        assert "Ремонт мосту на Соборній" in html(client.get(url))
    NewsPageFactory._meta.model.objects.filter(pk=site["article"].pk).update(lead="Тихо змінений вступ")
    assert "Тихо змінений вступ" not in html(client.get(url))  # a change without a purge stays unseen...
    client.force_login(resident)
    assert "Тихо змінений вступ" in html(client.get(url))  # ...but never by a person, who gets a fresh render
    client.logout()
    client.cookies.clear()
    site["article"].refresh_from_db()
    site["article"].lead = "Оновлений вступ"
    publish(site["article"])  # a purge renews every fragment
    assert "Оновлений вступ" in html(client.get(url))


def test_home_page_fragment_shows_a_new_article_after_its_publish(client, site, fragments_only):
    for _ in range(2):
        client.get("/")
    fresh = NewsPageFactory(parent=site["news"], title="Відкрито новий сквер", date=timezone.now(), live=False)
    assert "Відкрито новий сквер" not in html(client.get("/"))
    publish(fresh)
    assert "Відкрито новий сквер" in html(client.get("/"))


def test_fragment_key_has_the_language(client, site, fragments_only):
    url = site["article"].url
    for _ in range(2):
        assert "Головна" in html(client.get(url))  # breadcrumbs
    client.cookies["django_language"] = "en"
    for _ in range(2):
        english = html(client.get(url))
    assert "Home" in english and "Головна" not in english


def test_a_fragment_with_a_csrf_token_or_the_nonce_is_not_kept(rf, fragments_only, settings):
    from django.middleware.csrf import get_token

    def with_token(request):
        return lambda: f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">'

    pagecache.cached_fragment(rf.get("/"), "form", [], lambda: "warm-up")  # starts the generation
    first = rf.get("/")
    pagecache.cached_fragment(first, "form", [], with_token(first))
    assert pagecache.cached_fragment(rf.get("/"), "form", [], lambda: "fresh") == "fresh"

    nonced = rf.get("/")

    def with_nonce():
        nonced._csp_nonce = "abc"
        return '<style nonce="abc"></style>'

    pagecache.cached_fragment(nonced, "styled", [], with_nonce)
    assert pagecache.cached_fragment(rf.get("/"), "styled", [], lambda: "fresh") == "fresh"
    pagecache.cached_fragment(rf.get("/"), "plain", [], lambda: "kept")
    assert pagecache.cached_fragment(rf.get("/"), "plain", [], lambda: "fresh") == "kept"


def test_wsgi_front_keeps_a_page_in_the_worker_for_a_moment_and_drops_it_on_a_purge(client, site, settings,
                                                                                     monkeypatch):
    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    pagecache._local.clear()
    cached(client, "/novyny/")
    assert _front(path="/novyny/")[0] == "200 OK"  # read from the shared cache, kept in the worker

    def unreachable(*args, **kwargs):
        raise AssertionError("the shared cache was asked")

    real_cache = pagecache._cache
    monkeypatch.setattr(pagecache, "_cache", lambda: type("Unasked", (), {"get_many": unreachable})())
    assert _front(path="/novyny/")[0] == "200 OK"  # answered from the worker's copy
    monkeypatch.setattr(pagecache, "_cache", real_cache)
    pagecache.purge_paths("/novyny/")  # a purge in this worker drops its copies at once
    assert _front(path="/novyny/")[0] == "599 Django"
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    pagecache._local.clear()


def test_no_worker_copies_behind_an_http_cache(settings):
    # Varnish would store again, for s-maxage, a worker's copy that missed a purge.
    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    settings.WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                                                 "LOCATION": "http://127.0.0.1:6081"}}
    assert pagecache._local_seconds() == 0
    del settings.WAGTAILFRONTENDCACHE
    assert pagecache._local_seconds() == 60


# --- releases (cms.release): a deploy never serves what the old code rendered -----------------------------------
def test_a_new_release_renders_its_pages_and_fragments_afresh_and_a_purge_reaches_every_release(
        client, site, settings, rf):
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PORTAL_RELEASE = "old"
    cached(client, "/")
    assert client.get("/")["X-Page-Cache"] == "HIT"
    pagecache.cached_fragment(rf.get("/"), "menu", [], lambda: "warm-up")  # starts the fragments' generation
    pagecache.cached_fragment(rf.get("/"), "menu", [], lambda: "old menu")
    assert pagecache.shared_values(rf.get("/"), {"hits": lambda: ["old hit"]}) == {"hits": ["old hit"]}
    assert pagecache.shared_values(rf.get("/"), {"hits": lambda: ["rebuilt"]}) == {"hits": ["old hit"]}

    settings.PORTAL_RELEASE = "new"
    assert client.get("/")["X-Page-Cache"] == "MISS"  # rendered by the new templates
    assert client.get("/")["X-Page-Cache"] == "HIT"
    assert pagecache.cached_fragment(rf.get("/"), "menu", [], lambda: "new menu") == "new menu"
    assert pagecache.shared_values(rf.get("/"), {"hits": lambda: ["new hit"]}) == {"hits": ["new hit"]}

    # A machine still on the new release publishes: the old release's copies are renewed too.
    fresh = NewsPageFactory(parent=site["news"], title="Новина під час оновлення", date=timezone.now(), live=False)
    publish(fresh)
    settings.PORTAL_RELEASE = "old"
    response = client.get("/")
    assert response["X-Page-Cache"] == "MISS"
    assert "Новина під час оновлення" in html(response)
    assert pagecache.cached_fragment(rf.get("/"), "menu", [], lambda: "renewed") == "renewed"


def test_the_release_is_the_source_files_contents_unless_named(tmp_path, settings):
    from cms.release import current_release, source_digest

    (tmp_path / "home" / "templates").mkdir(parents=True)
    template = tmp_path / "home" / "templates" / "page.html"
    template.write_text("<h1>{{ page.title }}</h1>")
    (tmp_path / "home" / "views.py").write_text("VIEW = 1\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "lib.py").write_text("x = 1\n")
    (tmp_path / "venv").mkdir()
    (tmp_path / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "venv" / "site.py").write_text("y = 1\n")
    first = source_digest(tmp_path)

    template.touch()  # a new checkout: other dates, the same files
    (tmp_path / ".venv" / "lib.py").write_text("x = 2\n")  # neither hidden directories
    (tmp_path / "venv" / "site.py").write_text("y = 2\n")  # nor virtual environments are the portal's source
    (tmp_path / "home" / "notes.bin").write_bytes(b"\x00")
    assert source_digest(tmp_path) == first
    template.write_text("<h1 class='title'>{{ page.title }}</h1>")
    assert source_digest(tmp_path) != first

    settings.BASE_DIR = tmp_path
    settings.PORTAL_RELEASE = ""
    assert current_release() == source_digest(tmp_path)
    settings.PORTAL_RELEASE = "3f2c1a9"
    assert current_release() == "3f2c1a9"


def test_the_deploy_command_drops_every_cached_page_here_and_in_the_http_cache_in_front(
        client, site, monkeypatch, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    sent = []
    monkeypatch.setattr(pagecache, "_purge_frontend", lambda paths, trees: sent.append((paths, trees)))
    for url in ("/", site["article"].url):
        cached(client, url)
        assert client.get(url)["X-Page-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):  # as outside a test's transaction: sent at once
        call_command("purge_page_cache", stdout=StringIO())

    for url in ("/", site["article"].url):
        assert client.get(url)["X-Page-Cache"] == "MISS"
    assert sent == [([], ["/"])]  # Varnish bans everything under "/" (deploy/varnish/portal.vcl: "/*")
