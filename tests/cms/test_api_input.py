"""One input-cleaning layer for every API route, Wagtail's own endpoints included (cms.api_input), and problem
documents instead of HTML for anything that still fails there."""
import json

import pytest
from django.test import Client
from wagtail.models import APIToken

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def assert_problem(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["code"] == code and body["detail"]
    return body


@pytest.mark.parametrize("url,name", [
    ("/api/v3/pages/", "search"), ("/api/v3/pages/", "locale"), ("/api/v3/pages/", "site"),
    ("/api/v3/pages/", "type"), ("/api/v3/images/", "search"), ("/api/v3/documents/", "search"),
    ("/api/v3/pages/find/", "html_path"), ("/api/v3/home/news/", "tag"), ("/api/v3/petitions/", "q"),
    ("/api/v3/participation/forum/topics/", "q"), ("/api/v3/council/decisions/", "q"),
])
def test_a_nul_byte_in_any_query_parameter_is_a_400_problem(client, home_page, url, name):
    body = assert_problem(client.get(url, {name: "парк\x00"}), 400, "invalid_query")
    assert body["errors"][0]["loc"] == ["query", name]


@pytest.mark.parametrize("url,query", [
    ("/api/v3/home/news/", {"month": "9999-12"}),
    ("/api/v3/pages/", {"child_of": "abc"}),
    ("/api/v3/pages/", {"descendant_of": "1\x001"}),
    ("/api/v3/council/decisions/", {"date_from": "99999-01-01"}),
    ("/api/v3/council/decisions/", {"date_to": "0000-01-01"}),
])
def test_out_of_range_dates_and_non_numeric_ids_are_a_400_problem(client, news_index, url, query):
    assert_problem(client.get(url, query), 400, "invalid_query")


def test_the_last_real_month_still_works(client, news_index):
    assert client.get("/api/v3/home/news/", {"month": "9998-12"}).status_code == 200
    assert client.get("/api/v3/pages/", {"child_of": "root"}).status_code == 200


def test_a_non_numeric_id_on_a_page_write_endpoint_is_a_404_problem(home_page):
    editor = UserFactory(is_superuser=True, is_staff=True)
    _token, key = APIToken.create_token(user=editor, name="probe")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    for page_id in ("abc", "1.5", "99999999999999999999"):
        assert_problem(client.patch(f"/api/v3/pages/{page_id}/", "{}", content_type="application/json"),
                       404, "not_found")


def test_a_nul_byte_in_a_json_body_is_refused_and_nothing_is_saved(client, resident):
    from participation.models import Comment

    client.force_login(resident)
    response = client.post("/api/v3/participation/comments/",
                           json.dumps({"target_type": "home.newspage", "target_id": 1, "body": "Текст\u0000"}),
                           content_type="application/json")
    assert_problem(response, 422, "validation_failed")
    assert not Comment.objects.exists()


def test_an_uncaught_error_under_the_api_is_a_500_problem_without_its_text(monkeypatch, news_index):
    from home import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals: /srv/portal/settings.py")

    monkeypatch.setattr(selectors, "filter_news", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v3/home/news/")
    body = assert_problem(response, 500, "server_error")
    assert "secret" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert "<html" not in response.content.decode().lower()
    assert body["title"] == "Internal Server Error"


def test_the_layer_holds_under_a_mount_prefix(client, home_page, settings):
    settings.ROOT_URLCONF = "tests.cms.prefixed_urls"
    assert_problem(client.get("/misto/api/v3/pages/", {"search": "\x00"}), 400, "invalid_query")
