"""Forum topics waiting for moderation are 404 for everyone but their author and moderators, following included."""
import json

import pytest

from participation.models import Follow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FOLLOWS = "/api/v3/participation/follows/"


def _follow(client, topic):
    return client.post(FOLLOWS, json.dumps({"target_type": "forum.forumtopic", "target_id": topic.pk}),
                       content_type="application/json")


def test_an_unmoderated_topic_cannot_be_followed_by_id(client, pending_topic):
    stranger = UserFactory()
    client.force_login(stranger)
    response = _follow(client, pending_topic)
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    client.post("/uchast/stezhyty/", {"target_type": "forum.forumtopic", "target_id": pending_topic.pk,
                                      "action": "follow"})
    assert not Follow.objects.filter(user=stranger).exists()


def test_a_published_topic_can_be_followed(client, topic):
    stranger = UserFactory()
    client.force_login(stranger)
    assert _follow(client, topic).status_code == 201
    assert Follow.objects.filter(user=stranger, object_id=topic.pk).exists()
