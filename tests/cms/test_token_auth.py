"""Residents' API token (cms.token_auth): Wagtail's token rules, read in one statement."""
import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import APIToken

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ME = "/api/v3/account/me/"


def bearer(user) -> tuple[APIToken, dict]:
    token, key = APIToken.create_token(user=user, name="test")
    return token, {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_valid_token_identifies_the_resident_and_their_verified_email(client):
    verified, unverified = UserFactory(), UserFactory(verified=False)
    for user, expected in ((verified, True), (unverified, False)):
        response = client.get(ME, **bearer(user)[1])
        assert response.status_code == 200
        assert response.json() == {"full_name": user.full_name, "email": user.email, "email_verified": expected}


def test_revoked_unknown_and_inactive_tokens_are_refused_even_with_a_session(client):
    user = UserFactory()
    client.force_login(user)
    revoked, headers = bearer(user)
    revoked.revoked_at = timezone.now()
    revoked.save()
    assert client.get(ME, **headers).status_code == 401
    assert client.get(ME, HTTP_AUTHORIZATION="Bearer wagtail_notatokenatall").status_code == 401
    inactive = UserFactory(is_active=False)
    assert client.get(ME, **bearer(inactive)[1]).status_code == 401


def test_the_last_used_stamp_is_written_at_most_once_per_interval(client):
    token, headers = bearer(UserFactory())
    assert token.last_used_at is None
    client.get(ME, **headers)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(ME, **headers)
    token.refresh_from_db()
    assert token.last_used_at == first  # within the 60-second interval
    APIToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=5))
    client.get(ME, **headers)
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=5)


@override_settings(WAGTAILAPI_TOKEN_LAST_USED_INTERVAL=None)
def test_the_stamp_can_be_turned_off(client):
    token, headers = bearer(UserFactory())
    assert client.get(ME, **headers).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is None


def test_a_token_under_a_previous_secret_key_still_works_during_rotation(client, settings):
    user = UserFactory()
    _token, headers = bearer(user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-rotation-test-0123456789abcdef"
    assert client.get(ME, **headers).status_code == 200
