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
