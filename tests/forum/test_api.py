"""/api/v3/participation/forum/: categories, topics by activity, a topic, starting a topic with stable codes."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from forum import services
from forum.models import ForumTopic
from participation import services as participation_services
from participation.models import UserSuspension

from .conftest import BODY, make_topic

API = "/api/v3/participation/forum"


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code and problem["detail"]
    return problem


def token_client(user) -> Client:
    _token, raw = APIToken.create_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def create(client, **data):
    payload = {"category": "blahoustrii", "title": "Темна вулиця Садова", "body": BODY, **data}
    return client.post(f"{API}/topics/", payload, content_type="application/json")


def test_categories_in_their_order(client, category, other_category):
    other_category.order = 0
    other_category.save()
    response = client.get(f"{API}/categories/")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()] == ["transport", "blahoustrii"]


def test_topics_by_activity_with_counts_and_links(client, forum, category, other_category, resident):
    now = timezone.now()
    old = make_topic(forum, category, resident, title="Давня тема форуму", last_activity_at=now - datetime.timedelta(2))
    new = make_topic(forum, other_category, resident, title="Свіжа тема форуму",
                     last_activity_at=now - datetime.timedelta(1))
    make_topic(forum, category, resident, title="Тема на модерації", status="pending")
    participation_services.comment_post(target=old, author=resident, body="Оновлення")
    response = client.get(f"{API}/topics/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [item["id"] for item in data["items"]] == [old.pk, new.pk]
    first = data["items"][0]
    assert first["comment_count"] == 1 and first["category"]["slug"] == "blahoustrii"
    assert first["url"] == f"http://testserver/forum/{old.pk}-{old.slug}/"
    assert first["comments_url"].endswith(f"target_type=forum.forumtopic&target_id={old.pk}")
    assert "body" not in first and first["author_name"] == resident.public_name
    comments = client.get(first["comments_url"])
    assert comments.status_code == 200 and comments.json()["items"][0]["body"] == "Оновлення"


def test_filters_and_pagination(client, forum, category, other_category, resident):
    for number in range(3):
        make_topic(forum, category, resident, title=f"Ремонт двору номер {number}")
    make_topic(forum, other_category, resident, title="Автобус до центру", body="Рейси раз на годину у вихідні.")
    assert client.get(f"{API}/topics/", {"category": "transport"}).json()["count"] == 1
    assert client.get(f"{API}/topics/", {"q": "автобус"}).json()["count"] == 1
    page = client.get(f"{API}/topics/", {"limit": 2, "offset": 2}).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert_problem(client.get(f"{API}/topics/", {"category": "nemaie"}), 400, "unknown_category")
    assert_problem(client.get(f"{API}/topics/", {"category": "<script>"}), 400, "invalid_query")
    assert_problem(client.get(f"{API}/topics/", {"q": "я" * 201}), 400, "invalid_query")
    assert_problem(client.get(f"{API}/topics/", {"offset": -1}), 400, "invalid_query")


def test_topic_detail_and_visibility(client, forum, category, resident, other_resident, moderator):
    topic = make_topic(forum, category, resident, body="Текст із <b>тегами</b> і посиланням https://example.org")
    data = client.get(f"{API}/topics/{topic.pk}/").json()
    assert data["body"].startswith("Текст із <b>") and "&lt;b&gt;" in data["body_html"]
    assert 'rel="nofollow"' in data["body_html"] and data["comments_closed"] is False
    pending = make_topic(forum, category, resident, title="Тема на модерації", status="pending")
    assert_problem(client.get(f"{API}/topics/{pending.pk}/"), 404, "not_found")
    assert_problem(token_client(other_resident).get(f"{API}/topics/{pending.pk}/"), 404, "not_found")
    assert token_client(resident).get(f"{API}/topics/{pending.pk}/").json()["status"] == "pending"
    services.topic_hide(topic=topic, moderator=moderator, reason="Реклама")
    assert token_client(resident).get(f"{API}/topics/{topic.pk}/").json()["hide_reason"] == "Реклама"
    assert_problem(client.get(f"{API}/topics/{topic.pk}/"), 404, "not_found")
    assert_problem(client.get(f"{API}/topics/99999999999999999999/"), 404, "not_found")
    assert_problem(client.get(f"{API}/topics/abc/"), 404, "not_found")


def test_resident_starts_a_topic(forum, category, resident):
    response = create(token_client(resident))
    assert response.status_code == 201, response.content
    data = response.json()
    topic = ForumTopic.objects.get()
    assert data["id"] == topic.pk and data["status"] == "pending" and topic.author == resident


def test_session_clients_need_the_csrf_token(forum, category, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert create(client).status_code in {401, 403}
    assert ForumTopic.objects.count() == 0


def test_anonymous_cannot_start_a_topic(client, forum, category):
    assert_problem(create(client), 401, "not_authenticated")
    assert ForumTopic.objects.count() == 0


@pytest.mark.parametrize(("data", "words"), [
    ({"title": ""}, "Напишіть назву"),
    ({"title": "я" * 151}, "150"),
    ({"body": " "}, "Опишіть питання"),
    ({"body": "ю" * 5001}, "5000"),
    ({"category": "nemaie"}, "Оберіть категорію"),
])
def test_bad_topics_are_refused_with_a_stable_code(forum, category, resident, data, words):
    problem = assert_problem(create(token_client(resident), **data), 422, "invalid_topic")
    assert words in problem["detail"]
    assert ForumTopic.objects.count() == 0


def test_not_verified_suspended_and_rate_limited(forum, category, resident, unverified_resident, moderator,
                                                 settings):
    assert_problem(create(token_client(unverified_resident)), 403, "not_verified")
    settings.FORUM_TOPIC_RATE_LIMIT = (1, 3600)
    client = token_client(resident)
    assert create(client).status_code == 201
    assert_problem(create(client, title="Інша тема про двір"), 429, "rate_limited")
    UserSuspension.objects.create(user=resident, moderator=moderator, reason="Спам",
                                  until=timezone.now() + datetime.timedelta(days=1))
    assert_problem(create(client, title="Ще одна тема про двір"), 403, "suspended")
    assert ForumTopic.objects.count() == 1


def test_no_forum_page_means_no_topics(client, home_page, category):
    assert_problem(client.get(f"{API}/topics/"), 404, "not_found")


def test_in_the_openapi_schema(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert f"{API}/topics/" in paths and f"{API}/topics/{{topic_id}}/" in paths and f"{API}/categories/" in paths


def test_nul_characters_from_an_app_are_refused_not_a_500(forum, category, resident):
    # PostgreSQL cannot store NUL; the web form refuses it, and so does the API's input layer (cms.api_input).
    response = create(token_client(resident), title="Темна\x00 вулиця Садова", body=BODY + "\x00")
    assert response.status_code == 422 and response.json()["code"] == "validation_failed", response.content
    assert not ForumTopic.objects.exists()
