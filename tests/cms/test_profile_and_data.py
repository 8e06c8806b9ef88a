"""Profile with full name, download of one's own data (JSON), account deletion."""
import json
from dataclasses import replace

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import SESSION_KEY, get_user_model
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import TEST_PASSWORD, UserFactory, activate_totp

User = get_user_model()

PROFILE_URL = "/account/profile/"
EXPORT_URL = "/account/export/"
DELETE_URL = "/account/delete/"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [PROFILE_URL, DELETE_URL])
def test_account_pages_require_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={url}"


@pytest.mark.django_db
def test_export_requires_login(client, resident):
    response = client.post(EXPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


@pytest.mark.django_db
def test_profile_shows_email_and_verified_state(client, resident):
    client.force_login(resident)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert response.context["email_verified"] is True
    html = response.content.decode()
    assert resident.email in html
    assert resident.full_name in html
    with translation.override("uk"):
        assert gettext("verified") in html
        assert gettext("not verified") not in html
        assert gettext("Send the confirmation again") not in html


@pytest.mark.django_db
def test_profile_shows_unverified_state(client, unverified_resident):
    client.force_login(unverified_resident)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert response.context["email_verified"] is False
    html = response.content.decode()
    assert unverified_resident.email in html
    with translation.override("uk"):
        assert gettext("not verified") in html
        assert gettext("Send the confirmation again") in html


@pytest.mark.django_db
def test_profile_updates_full_name(client, resident):
    client.force_login(resident)

    response = client.post(PROFILE_URL, {"full_name": " Шевченко  Тарас Григорович "})

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    resident.refresh_from_db()
    assert resident.full_name == "Шевченко Тарас Григорович"
    assert "Шевченко Тарас Григорович" in client.get(PROFILE_URL).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Тарас", "", "   "])
def test_profile_refuses_name_without_two_words(client, resident, name):
    before = resident.full_name
    client.force_login(resident)

    response = client.post(PROFILE_URL, {"full_name": name})

    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    resident.refresh_from_db()
    assert resident.full_name == before


@pytest.mark.django_db
def test_profile_edits_only_the_full_name(client, resident):
    client.force_login(resident)

    client.post(PROFILE_URL, {"full_name": "Шевченко Тарас", "email": "evil@example.com", "is_staff": "on"})

    resident.refresh_from_db()
    assert resident.email != "evil@example.com"
    assert not resident.is_staff


@pytest.mark.django_db
def test_export_returns_own_data_as_json_attachment(client, resident):
    EmailAddress.objects.create(user=resident, email="second@example.com", verified=False, primary=False)
    activate_totp(resident)
    stranger = UserFactory(full_name="Чужа Людина", email="stranger@example.com")
    client.force_login(resident)

    response = client.post(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".json" in response["Content-Disposition"]
    data = json.loads(response.content.decode("utf-8"))
    assert data["account"]["full_name"] == resident.full_name
    assert data["account"]["email"] == resident.email
    assert sorted(data["email_addresses"], key=lambda address: address["email"]) == sorted([
        {"email": resident.email, "verified": True, "primary": True},
        {"email": "second@example.com", "verified": False, "primary": False},
    ], key=lambda address: address["email"])
    assert data["two_factor_authentication"] == ["totp"]
    # Nothing of another resident, and no password hash.
    body = response.content.decode("utf-8")
    assert stranger.email not in body
    assert stranger.full_name not in body
    assert resident.password not in body
    assert "password" not in data["account"]


@pytest.mark.django_db
def test_export_is_post_only(client, resident):
    client.force_login(resident)

    response = client.get(EXPORT_URL)

    assert response.status_code == 405


def _test_section(user):
    return "test_module", [{"title": "Тест", "signed_by": user.email}]


@pytest.mark.django_db
def test_export_includes_sections_declared_by_modules(client, resident, monkeypatch):
    forum = apps.get_app_config("forum")
    monkeypatch.setattr(forum, "manifest", replace(
        forum.manifest, personal_data=(*forum.manifest.personal_data, f"{__name__}._test_section")))
    client.force_login(resident)

    data = json.loads(client.post(EXPORT_URL).content)

    assert data["test_module"] == [{"title": "Тест", "signed_by": resident.email}]
    assert data["forum_topics"] == []  # the module's own sections are still there


@pytest.mark.django_db
def test_delete_page_renders(client, resident):
    client.force_login(resident)

    response = client.get(DELETE_URL)

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert 'name="confirm"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"password": "wrong-password-123", "confirm": "on"}, "password"),
        ({"password": TEST_PASSWORD}, "confirm"),
        ({"password": ""}, "password"),  # what a browser sends for an empty form
    ],
    ids=["wrong-password", "not-confirmed", "empty"],
)
def test_delete_account_refused(client, resident, data, field):
    client.force_login(resident)

    response = client.post(DELETE_URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert User.objects.filter(pk=resident.pk).exists()
    assert str(client.session[SESSION_KEY]) == str(resident.pk)


@pytest.mark.django_db
def test_delete_account(client, resident):
    other = UserFactory()
    client.force_login(resident)

    response = client.post(DELETE_URL, {"password": TEST_PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=resident.pk).exists()
    assert not EmailAddress.objects.filter(email=resident.email).exists()
    assert SESSION_KEY not in client.session
    assert client.get(PROFILE_URL).status_code == 302
    assert User.objects.filter(pk=other.pk).exists()
    # The address is free again.
    assert client.post("/account/login/", {"login": resident.email, "password": TEST_PASSWORD}).status_code == 200
