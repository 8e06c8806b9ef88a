"""/api/v3/participation/: public comments, posting and reporting with problem documents and stable codes."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from participation import services
from participation.models import Comment, Report
from tests.factories import NewsPageFactory, UserFactory

API = "/api/v3/participation"


def assert_problem(response, status: int, code: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code and problem["status"] == status and problem["detail"]
    return problem


def token_client(user) -> Client:
    _token, raw = APIToken.create_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post(client, article, body, **extra):
    return client.post(f"{API}/comments/", {"target_type": "home.newspage", "target_id": article.pk, "body": body,
                                             **extra}, content_type="application/json")


def test_public_list_has_threads_and_public_fields_only(client, article, resident, other_resident, moderator):
    root = services.comment_post(target=article, author=resident, body="<b>Корінь</b>")
    services.comment_post(target=article, author=other_resident, body="Відповідь", parent=root)
    hidden = services.comment_post(target=article, author=other_resident, body="Грубість")
    services.comment_hide(comment=hidden, moderator=moderator, reason="Образи")
    response = client.get(f"{API}/comments/", {"target_type": "home.newspage", "target_id": article.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    first, second = data["items"]
    assert first["author_name"] == resident.public_name and first["body"] == "<b>Корінь</b>"
    assert "&lt;b&gt;" in first["body_html"]
    assert [reply["body"] for reply in first["replies"]] == ["Відповідь"]
    assert second["state"] == "hidden" and second["body"] == "" and second["author_name"] is None
    assert resident.email not in response.content.decode()
    assert "email" not in first


def test_list_of_an_unknown_target_is_a_404_problem(client, resident):
    assert_problem(client.get(f"{API}/comments/", {"target_type": "home.nothing", "target_id": 1}), 404, "not_found")
    assert_problem(client.get(f"{API}/comments/", {"target_type": "cms.user", "target_id": resident.pk}), 404,
                   "not_found")
    assert_problem(client.get(f"{API}/comments/", {"target_type": "home.newspage"}), 400, "invalid_query")


def test_post_with_a_token(article, resident):
    response = post(token_client(resident), article, "Через застосунок")
    assert response.status_code == 201
    assert response.json()["state"] == "published" and response.json()["author_name"] == resident.public_name
    root = Comment.objects.get()
    reply = post(token_client(UserFactory()), article, "Відповідь", parent_id=root.pk)
    assert reply.status_code == 201 and reply.json()["parent_id"] == root.pk


def test_anonymous_post_is_a_401(client, article):
    assert_problem(post(client, article, "Привіт"), 401, "not_authenticated")
    assert not Comment.objects.exists()


@pytest.mark.parametrize(("body", "status", "code"), [
    ("", 422, "empty_comment"),
    ("я" * 2001, 422, "comment_too_long"),
    ("http://a.ua http://b.ua http://c.ua http://d.ua", 422, "too_many_links"),
])
def test_bad_comments_are_problems(article, resident, body, status, code):
    problem = assert_problem(post(token_client(resident), article, body), status, code)
    if code == "comment_too_long":
        assert "2000" in problem["detail"]
    assert not Comment.objects.exists()


def test_unverified_suspended_closed_disabled_and_rate_limited(article, news_index, resident, unverified_resident,
                                                              moderator, monkeypatch):
    assert_problem(post(token_client(unverified_resident), article, "Привіт"), 403, "not_verified")
    quiet = NewsPageFactory(parent=news_index, allow_comments=False)
    client = token_client(resident)
    assert_problem(post(client, quiet, "Привіт"), 403, "comments_disabled")
    assert post(client, article, "Перший").status_code == 201
    problem = assert_problem(post(client, article, "Перший"), 429, "rate_limited")
    assert "хвилин" in problem["detail"]
    services.user_suspend(user=resident, moderator=moderator, reason="Спам",
                          until=timezone.now() + datetime.timedelta(days=1))
    assert_problem(post(client, article, "Другий"), 403, "suspended")
    monkeypatch.setattr(type(article), "comments_closed", property(lambda self: True))
    assert_problem(post(token_client(UserFactory()), article, "Пізно"), 403, "discussion_closed")
    assert Comment.objects.count() == 1


def test_report_through_the_api(article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Реклама")
    client = token_client(other_resident)
    url = f"{API}/comments/{comment.pk}/reports/"
    response = client.post(url, {"reason": "spam", "text": "Продає"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["reason"] == "spam"
    assert_problem(client.post(url, {"reason": "spam"}, content_type="application/json"), 409, "already_reported")
    assert_problem(token_client(UserFactory()).post(url, {"reason": "boring"}, content_type="application/json"),
                   422, "invalid_reason")
    assert_problem(client.post(f"{API}/comments/999999/reports/", {"reason": "spam"},
                               content_type="application/json"), 404, "not_found")
    assert Report.objects.count() == 1


def test_session_post_needs_csrf(article, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert post(client, article, "Привіт").status_code in {401, 403}
    assert not Comment.objects.exists()


def test_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert "/api/v3/participation/comments/" in paths
    assert "/api/v3/participation/comments/{comment_id}/reports/" in paths


def test_author_edits_and_deletes_through_the_api(article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Перша версія")
    url = f"{API}/comments/{comment.pk}/"
    assert_problem(token_client(other_resident).patch(url, {"body": "Чуже"}, content_type="application/json"),
                   403, "not_author")
    client = token_client(resident)
    assert_problem(client.patch(url, {"body": "я" * 2001}, content_type="application/json"), 422,
                   "comment_too_long")
    response = client.patch(url, {"body": "Друга версія"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["body"] == "Друга версія"
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    assert_problem(client.patch(url, {"body": "Третя"}, content_type="application/json"), 403,
                   "edit_window_passed")
    assert_problem(token_client(other_resident).delete(url), 403, "not_author")
    assert client.delete(url).status_code == 204
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == ""
    assert_problem(client.delete(f"{API}/comments/999999/"), 404, "not_found")


def test_nul_character_from_an_app_is_refused_not_a_500(article, resident):
    # PostgreSQL cannot store NUL; the web form refuses it, and so does the API's input layer (cms.api_input).
    response = post(token_client(resident), article, "Привіт\x00 сусіди")
    assert_problem(response, 422, "validation_failed")
    assert not Comment.objects.exists()
