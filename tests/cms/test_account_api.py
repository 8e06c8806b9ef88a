"""The resident's own account through the API: session with CSRF, or a Wagtail API token."""
import json

import pytest
from django.test import Client
from wagtail.models import APIToken

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v3/account/me/"


def test_anonymous_gets_401_problem_with_code(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"


def test_session_user_reads_own_account(client):
    user = UserFactory(full_name="Коваль Ірина Петрівна")
    client.force_login(user)
    data = client.get(URL).json()
    assert data == {"full_name": "Коваль Ірина Петрівна", "email": user.email, "email_verified": True}


def test_unverified_resident_is_reported_as_such(client):
    user = UserFactory(verified=False)
    client.force_login(user)
    assert client.get(URL).json()["email_verified"] is False


def test_session_write_without_csrf_token_is_refused_and_changes_nothing():
    user = UserFactory(full_name="Коваль Ірина")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.patch(URL, json.dumps({"full_name": "Інше Імʼя"}), content_type="application/json")
    assert response.status_code in (401, 403)
    user.refresh_from_db()
    assert user.full_name == "Коваль Ірина"


def test_session_write_with_csrf_token_updates_full_name():
    user = UserFactory(full_name="Коваль Ірина")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/account/profile/")  # sets the CSRF cookie like a browser would
    token = client.cookies["csrftoken"].value
    response = client.patch(URL, json.dumps({"full_name": "  Коваль   Ірина Петрівна "}),
                            content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert user.full_name == "Коваль Ірина Петрівна"


def test_bearer_token_updates_and_bad_name_is_refused_with_code(client):
    user = UserFactory(full_name="Коваль Ірина")
    _, raw_token = APIToken.create_token(user=user, name="mobile app")
    headers = {"Authorization": f"Bearer {raw_token}"}
    response = client.patch(URL, json.dumps({"full_name": "Коваль"}), content_type="application/json",
                            headers=headers)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_full_name"
    user.refresh_from_db()
    assert user.full_name == "Коваль Ірина"

    response = client.patch(URL, json.dumps({"full_name": "Коваль Ірина Олегівна"}),
                            content_type="application/json", headers=headers)
    assert response.status_code == 200
    assert response.json()["full_name"] == "Коваль Ірина Олегівна"


def test_invalid_token_is_401(client):
    response = client.get(URL, headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
