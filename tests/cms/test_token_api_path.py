"""The short way of token requests to the API (cms.middleware.TokenApiMiddleware), the token statement's extras
(cms.token_auth), the CSP values built once (cms.security_headers), the poll-based health check (cms.postgresql)
and that the master's warm-up (cms.wsgi) opens no connection."""
import select

import pytest
from csp.utils import build_policy
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection, connections, transaction
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from cms.token_auth import AccountRow, ResidentTokenAuth
from tests.factories import UserFactory

ME = "/api/v3/account/me/"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=user, name='test')[1]}"}


@pytest.fixture
def session_calls(monkeypatch):
    calls = []
    original = SessionMiddleware.process_request

    def counting(self, request):
        calls.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", counting)
    return calls


@pytest.mark.django_db
def test_a_token_request_without_cookies_skips_the_browser_middleware_and_keeps_the_headers(client, session_calls):
    user = UserFactory()
    response = client.get(ME, **bearer(user))
    assert response.status_code == 200 and response.json()["email"] == user.email
    assert session_calls == []  # no session was even looked for
    assert not hasattr(response.wsgi_request, "session")
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                   "Permissions-Policy", "Content-Language"):
        assert response.has_header(header), header
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]
    assert not response.cookies  # nor a session or CSRF cookie set
    # A wrong token is refused the same way.
    assert client.get(ME, HTTP_AUTHORIZATION="Bearer wagtail_notatokenatall").status_code == 401


@pytest.mark.django_db
def test_any_cookie_or_no_token_takes_the_full_way(client, session_calls):
    user = UserFactory()
    client.cookies["django_language"] = "en"
    assert client.get(ME, **bearer(user)).status_code == 200
    assert session_calls == [ME]
    assert client.get("/api/v3/budget/campaigns/").status_code == 200  # no token
    assert len(session_calls) == 2


@pytest.mark.django_db
def test_a_session_post_to_the_api_still_needs_its_csrf_token():
    user = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    refused = browser.patch(ME, {"full_name": "Іванна Петрівна Коваль"}, content_type="application/json")
    assert refused.status_code in (401, 403)
    user.refresh_from_db()
    assert user.full_name != "Іванна Петрівна Коваль"
    # A session together with a token: the token decides (no CSRF needed for it), the browser's way is taken.
    allowed = browser.patch(ME, {"full_name": "Іванна Петрівна Коваль"}, content_type="application/json",
                            **bearer(user))
    assert allowed.status_code == 200
    user.refresh_from_db()
    assert user.full_name == "Іванна Петрівна Коваль"


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://front.example"])
def test_the_short_way_keeps_cors_for_separate_front_ends(client):
    response = client.get(ME, HTTP_ORIGIN="https://front.example", **bearer(UserFactory()))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://front.example"


# What the short way leaves out, each for the reason cms.settings.base gives: a request with a token and no cookie has
# no session, CSRF cookie, message cookie, session login, allauth state or admin two-factor state, and asks for no
# static file. Anything else added to MIDDLEWARE after TokenApiMiddleware must be added to TOKEN_API_MIDDLEWARE too
# (or here, with its reason).
LEFT_OUT_OF_THE_SHORT_WAY = {
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files
    "django.contrib.sessions.middleware.SessionMiddleware",  # the session cookie
    "django.middleware.csrf.CsrfViewMiddleware",  # CSRF protects cookie credentials only
    "django.contrib.auth.middleware.AuthenticationMiddleware",  # login from the session (the token authenticates)
    "django.contrib.messages.middleware.MessageMiddleware",  # the message cookie / session
    "allauth.account.middleware.AccountMiddleware",  # allauth's session state
    "cms.staff_area.StaffMFAMiddleware",  # the admin's two-factor check of a session
}


def test_the_short_way_is_the_rest_of_the_chain_minus_the_cookie_middleware_in_the_same_order(settings):
    rest = settings.MIDDLEWARE[settings.MIDDLEWARE.index("cms.middleware.TokenApiMiddleware") + 1:]
    assert LEFT_OUT_OF_THE_SHORT_WAY <= set(rest)
    assert settings.TOKEN_API_MIDDLEWARE == [path for path in rest if path not in LEFT_OUT_OF_THE_SHORT_WAY]


@pytest.mark.django_db
def test_the_short_way_is_taken_under_the_api_mount_only(session_calls):
    """The prefix is where cms.urls mounts the API; another address under /api/ (a page, an old API version) takes the
    browser's way even with a token."""
    from django.conf import settings
    from django.urls import reverse

    assert reverse("wagtailapi_v3:home_site_frame").startswith(settings.API_PATH_PREFIX)
    token = bearer(UserFactory())
    for path in ("/api/v2/pages/", "/api/", "/api-docs/"):
        Client().get(path, **token)
    assert session_calls == ["/api/v2/pages/", "/api/", "/api-docs/"]
    Client().get(ME, **token)
    assert session_calls[3:] == []


@pytest.mark.django_db
def test_the_token_statement_reads_one_more_row_of_the_account():
    user, bare = UserFactory(), UserFactory()
    row = AccountRow(table="account_emailaddress", columns=("email", "verified"))
    auth = ResidentTokenAuth(account_row=row)
    request, key = RequestFactory().get(ME), APIToken.create_token(user=user, name="t")[1]
    with CaptureQueriesContext(connection) as queries:
        assert auth.authenticate(request, key) is not None
    assert len(queries) == 1
    assert request.user.pk == user.pk and request.account_row == (user.email, True)
    bare.emailaddress_set.all().delete()
    request = RequestFactory().get(ME)
    assert auth.authenticate(request, APIToken.create_token(user=bare, name="t")[1]) is not None
    assert request.account_row is None  # the account has no such row
    request = RequestFactory().get(ME)
    assert auth.authenticate(request, "wagtail_notatokenatall") is None
    assert not hasattr(request, "account_row") and not request.user.is_authenticated


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_used_stamp_commits_asynchronously_only_as_its_own_transaction():
    user = UserFactory()
    token, key = APIToken.create_token(user=user, name="t")
    auth = ResidentTokenAuth()
    with connection.cursor() as cursor:  # the throw-away test server runs with it off for speed: on for this session
        cursor.execute("SET synchronous_commit = on")
    try:
        with CaptureQueriesContext(connection) as queries:
            assert auth.authenticate(RequestFactory().get(ME), key) is not None
        assert "synchronous_commit" in queries[0]["sql"]
        token.refresh_from_db()
        assert token.last_used_at is not None
        with connection.cursor() as cursor:  # local to that statement's transaction: nothing else is asynchronous
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert auth.authenticate(RequestFactory().get(ME), key) is not None
    assert "synchronous_commit" not in queries[0]["sql"]  # it would cover the surrounding transaction's writes


@pytest.mark.django_db
def test_csp_values_built_once_follow_the_settings_and_the_staff_area(client):
    api = client.get("/api/v3/budget/campaigns/")
    assert api["Content-Security-Policy"] == build_policy()
    admin = client.get("/admin/")  # the staff area (a redirect to log in) has the admin's additions
    assert "'unsafe-inline'" in admin["Content-Security-Policy"]
    assert "'unsafe-inline'" not in client.get("/api/v3/budget/campaigns/")["Content-Security-Policy"].split(
        "script-src")[1].split(";")[0]
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert client.get("/api/v3/budget/campaigns/")["Content-Security-Policy"] == "default-src 'none'"
    assert client.get("/api/v3/budget/campaigns/")["Content-Security-Policy"] == api["Content-Security-Policy"]


@pytest.mark.django_db
def test_an_idle_live_connection_is_usable_without_a_query(monkeypatch):
    fresh = connections.create_connection("default")
    try:
        fresh.ensure_connection()
        with fresh.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        from django.db.backends.postgresql.base import DatabaseWrapper

        def no_round_trip(self):
            raise AssertionError("SELECT 1 sent to a connection with nothing to read")

        monkeypatch.setattr(DatabaseWrapper, "is_usable", no_round_trip)
        assert fresh.is_usable() is True
        monkeypatch.undo()
        with connection.cursor() as cursor:  # the server ends that backend, as a restart or a timeout would
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        # Wait for the server's goodbye to arrive (an event, bounded): the socket turns readable.
        assert select.select([fresh.connection.fileno()], [], [], 10)[0]
        assert fresh.is_usable() is False
    finally:
        fresh.close()


def test_the_warm_up_loads_the_urls_without_touching_the_database():
    """cms.wsgi runs it in gunicorn's master before forking: a database connection opened there would be shared
    by every worker (this test has no database access: touching it fails the test)."""
    from django.urls import get_resolver

    from cms.wsgi import build_what_the_first_request_would

    build_what_the_first_request_would()
    assert get_resolver().resolve("/api/v3/budget/campaigns/").url_name
