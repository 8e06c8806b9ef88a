"""One visibility rule for petitions (selectors.visible_petitions) asked by the pages, the API, following and
notifications: drafts and petitions in moderation are 404 for everyone else on every path."""
import json

import pytest

from participation.models import Follow
from petitions.models import Petition
from tests.factories import UserFactory, login_with_mfa

from .conftest import make_petition

pytestmark = pytest.mark.django_db
FOLLOWS = "/api/v3/participation/follows/"
Status = Petition.Status


@pytest.mark.parametrize("status", [Status.DRAFT, Status.MODERATION])
def test_a_resident_cannot_follow_a_draft_or_a_petition_in_moderation_by_id(client, resident, category,
                                                                            petition_settings, petition_index, status):
    petition = make_petition(author=resident, category=category, status=status)
    stranger = UserFactory()
    client.force_login(stranger)
    response = client.post(FOLLOWS, json.dumps({"target_type": "petitions.petition", "target_id": petition.pk}),
                           content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    page = client.post("/uchast/stezhyty/", {"target_type": "petitions.petition", "target_id": petition.pk,
                                             "action": "follow"})
    assert page.status_code == 302
    assert client.get(f"{petition_index.url}{petition.pk}/").status_code == 404
    assert not Follow.objects.filter(user=stranger).exists()


def test_a_public_petition_can_be_followed_and_a_withdrawn_one_leaves_the_list(client, resident, category,
                                                                               petition_settings, petition_index):
    petition = make_petition(author=resident, category=category)
    stranger = UserFactory()
    client.force_login(stranger)
    response = client.post(FOLLOWS, json.dumps({"target_type": "petitions.petition", "target_id": petition.pk}),
                           content_type="application/json")
    assert response.status_code == 201
    assert [item["target_id"] for item in client.get(FOLLOWS).json()["items"]] == [petition.pk]
    Petition.objects.filter(pk=petition.pk).update(status=Status.MODERATION)  # e.g. sent back by a moderator
    assert client.get(FOLLOWS).json()["items"] == []


def test_a_moderator_cannot_open_an_unsubmitted_draft_but_sees_one_in_moderation(client, resident, category,
                                                                                  petition_settings, petition_index,
                                                                                  moderator):
    draft = make_petition(author=resident, category=category, status=Status.DRAFT, title="Моя чернетка")
    waiting = make_petition(author=resident, category=category, status=Status.MODERATION)
    login_with_mfa(client, moderator)
    assert client.get(f"{petition_index.url}{draft.pk}/").status_code == 404
    assert client.get(f"{petition_index.url}{waiting.pk}/").status_code == 200
    client.force_login(resident)
    assert client.get(f"{petition_index.url}{draft.pk}/").status_code == 200  # the author's own preview


def test_followers_of_a_petition_that_is_no_longer_public_are_not_notified(resident, category, petition_settings,
                                                                           petition_index):
    from participation import notifications

    petition = make_petition(author=resident, category=category)
    stranger = UserFactory()
    notifications.follow(stranger, petition)
    notifications.follow(resident, petition)
    Petition.objects.filter(pk=petition.pk).update(status=Status.MODERATION)
    petition.refresh_from_db()
    assert notifications.notify_followers(petition, kind="status", title="Змінено") == 1  # the author only
    assert not stranger.notifications.exists()
