"""API errors: malformed path parameters are 'not found', never a validation dump or a 500."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v3/home/news/abc/", "/api/v3/home/events/1.5/", "/api/v3/home/pages/-/"])
def test_malformed_path_parameter_is_404_problem(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "not_found"
    assert body["status"] == 404


def test_empty_account_deletion_form_shows_errors_and_keeps_the_account(client, resident):
    client.force_login(resident)
    response = client.post("/account/delete/", {})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"password", "confirm"}
    resident.refresh_from_db()
    assert resident.pk


def test_account_protected_by_a_module_is_kept_with_a_message_and_the_session_stays(client, resident, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.db.models import ProtectedError

    from tests.factories import TEST_PASSWORD

    def protected_delete(self, *args, **kwargs):
        raise ProtectedError("appeal awaiting answer", set())

    monkeypatch.setattr(get_user_model(), "delete", protected_delete)
    client.force_login(resident)
    response = client.post("/account/delete/", {"password": TEST_PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert get_user_model().objects.filter(pk=resident.pk).exists()
    assert client.get("/account/profile/").status_code == 200  # still logged in
