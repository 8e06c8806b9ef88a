"""API plumbing (cms/api.py): schema, Wagtail API tokens, problem documents with a stable code, CORS."""
import json

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import APIToken

from cms.api import PROBLEM_JSON
from tests.factories import NewsPageFactory, UserFactory

WHOAMI_URL = "/api/v3/whoami/"
NEWS_URL = "/api/v3/home/news/"


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM_JSON)
    data = json.loads(response.content)
    assert data["status"] == status
    assert data["code"]
    assert data["detail"]
    return data


def uk(message):
    with translation.override("uk"):
        return gettext(message)


@pytest.mark.django_db
def test_openapi_schema_lists_the_apps_routes(client):
    response = client.get("/api/v3/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert "/api/v3/home/news/" in paths
    assert "/api/v3/home/news/{news_id}/" in paths
    assert "/api/v3/home/events/" in paths
    assert "/api/v3/pages/" in paths  # Wagtail's own v3 routes stay mounted beside ours
    assert WHOAMI_URL in paths


@pytest.mark.django_db
def test_api_token_authenticates_as_bearer(client):
    user = UserFactory(username="press1", email="press1@example.com")
    _, token = APIToken.create_token(user=user, name="Мобільний застосунок")

    response = client.get(WHOAMI_URL, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    data = response.json()
    assert data["user"]["id"] == str(user.pk)
    assert data["user"]["email"] == "press1@example.com"
    assert APIToken.objects.get(user=user).last_used_at is not None


@pytest.mark.django_db
def test_missing_token_is_a_401_problem(client):
    data = problem(client.get(WHOAMI_URL), 401)

    assert data["code"] == "not_authenticated"
    assert data["detail"] == uk("Log in to do this.")


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer not-a-real-token", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz"])
def test_invalid_token_is_a_401_problem(client, header):
    data = problem(client.get(WHOAMI_URL, HTTP_AUTHORIZATION=header), 401)

    assert data["code"] == "not_authenticated"


@pytest.mark.django_db
def test_revoked_token_and_inactive_user_are_refused(client):
    user = UserFactory()
    instance, token = APIToken.create_token(user=user, name="старий")
    instance.revoke()
    problem(client.get(WHOAMI_URL, HTTP_AUTHORIZATION=f"Bearer {token}"), 401)

    other = UserFactory(is_active=False)
    _, other_token = APIToken.create_token(user=other, name="неактивний")
    problem(client.get(WHOAMI_URL, HTTP_AUTHORIZATION=f"Bearer {other_token}"), 401)


@pytest.mark.django_db
def test_session_alone_does_not_authenticate_wagtail_v3(client, resident):
    client.force_login(resident)

    problem(client.get(WHOAMI_URL), 401)


@pytest.mark.django_db
def test_not_found_problem(client, news_index):
    data = problem(client.get(f"{NEWS_URL}999999/"), 404)

    assert data["code"] == "not_found"
    assert data["detail"] == uk("Nothing was found at this address.")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v3/home/no-such-thing/", "/api/v4/", "/api/"])
def test_unknown_api_path_is_a_404_problem_not_the_html_page(client, news_index, path):
    data = problem(client.get(path), 404)

    assert data["code"] == "not_found"


@pytest.mark.django_db
def test_unknown_site_path_is_still_the_html_page(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "404.html" in [template.name for template in response.templates]


@pytest.mark.django_db
def test_bad_query_is_a_400_problem(client, news_index):
    data = problem(client.get(NEWS_URL, {"month": "2025-13"}), 400)

    assert data["code"] == "invalid_query"
    assert data["errors"]


@pytest.mark.django_db
def test_news_list_is_public_and_works_with_a_token(client, news_index):
    NewsPageFactory(parent=news_index, title="Відкрито новий сквер")
    _, token = APIToken.create_token(user=UserFactory(), name="t")

    anonymous = client.get(NEWS_URL)
    with_token = client.get(NEWS_URL, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert anonymous.status_code == with_token.status_code == 200
    assert [item["title"] for item in anonymous.json()["items"]] == ["Відкрито новий сквер"]
    assert anonymous.json() == with_token.json()


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://app.example"])
def test_cors_allows_configured_origin(client, news_index):
    response = client.get(NEWS_URL, HTTP_ORIGIN="https://app.example")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://app.example"


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://app.example"])
def test_cors_refuses_other_origins(client, news_index):
    response = client.get(NEWS_URL, HTTP_ORIGIN="https://evil.example")

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://app.example"])
def test_cors_preflight(client, news_index):
    response = client.options(NEWS_URL, HTTP_ORIGIN="https://app.example",
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                              HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://app.example"
    assert "authorization" in response["Access-Control-Allow-Headers"].lower()


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://app.example"])
def test_cors_applies_to_the_api_only(client, home_page):
    """CORS_URLS_REGEX = ^/api/.*$: the HTML site never gets CORS headers."""
    response = client.get("/", HTTP_ORIGIN="https://app.example")

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_no_cors_origin_by_default(client, news_index, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []

    response = client.get(NEWS_URL, HTTP_ORIGIN="https://app.example")

    assert "Access-Control-Allow-Origin" not in response


def test_the_openapi_document_is_built_once_per_process_and_language(client, monkeypatch):
    from django.conf import settings

    from cms import api as api_module

    built = []
    real_build = api_module._build_openapi_schema

    def counting_build(**kwargs):
        built.append(translation.get_language())
        return real_build(**kwargs)

    monkeypatch.setattr(api_module, "_build_openapi_schema", counting_build)
    monkeypatch.setattr(api_module, "_openapi_documents", {})
    first = client.get("/api/v3/openapi.json")
    again = client.get("/api/v3/openapi.json")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and len(built) == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's choice
    for _ in range(2):
        client.get("/api/v3/openapi.json")
    assert built == ["uk", "en"]  # one per language: the document's texts are translated
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    document = api_module.api.get_openapi_schema(path_prefix="/api/v3/")
    document["paths"].clear()  # a caller's copy: the kept document is untouched
    assert client.get("/api/v3/openapi.json").content == first.content
