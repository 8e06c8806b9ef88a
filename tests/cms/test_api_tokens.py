"""Residents make and revoke the API tokens a separate front end signs petitions with (/account/tokens/)."""
import pytest
from django.test import Client
from wagtail.models import APIToken

from cms.api_tokens import TokenError, api_token_create, api_token_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_resident_makes_a_token_sees_it_once_and_it_works(client, resident):
    client.force_login(resident)
    page = client.get("/account/tokens/")
    assert page.status_code == 200 and "У вас немає токенів." in page.content.decode()

    response = client.post("/account/tokens/", {"name": "  Фронтенд   міста "})

    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = APIToken.objects.get(user=resident)
    assert token.name == "Фронтенд міста"
    plaintext = response.context["created"]
    assert plaintext and plaintext in response.content.decode()
    assert plaintext not in client.get("/account/tokens/").content.decode()  # shown once
    me = Client().get("/api/v3/account/me/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert me.status_code == 200 and me.json()["email"] == resident.email


def test_revoking_a_token_stops_it(client, resident):
    _token, plaintext = APIToken.create_token(user=resident, name="Застосунок")
    client.force_login(resident)

    response = client.post("/account/tokens/", {"revoke": str(_token.pk)})

    assert response.status_code == 302
    assert Client().get("/api/v3/account/me/", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 401


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "   "}, "Назвіть токен за застосунком або сайтом, який ним користуватиметься."),
    ({"name": "x" * 101}, "Назва може мати щонайбільше 100 символів."),
    ({"name": "ab\x00"}, None),
    ({"revoke": "²"}, "Такого токена серед ваших немає."),
    ({"revoke": "99999999999999999999999"}, "Такого токена серед ваших немає."),
])
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, resident, data, message):
    client.force_login(resident)
    response = client.post("/account/tokens/", data)
    if message is None:  # a NUL is dropped, the rest is a fine name
        assert response.status_code == 200 and APIToken.objects.get().name == "ab"
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not APIToken.objects.exists()


def test_someone_elses_token_cannot_be_revoked(client, resident):
    other, _plaintext = APIToken.create_token(user=UserFactory(), name="Чужий")
    client.force_login(resident)
    response = client.post("/account/tokens/", {"revoke": str(other.pk)})
    assert response.status_code == 400 and "Такого токена серед ваших немає." in response.content.decode()
    other.refresh_from_db()
    assert other.revoked_at is None


def test_unverified_residents_and_a_sixth_token_are_refused(resident, unverified_resident, settings):
    with pytest.raises(TokenError) as refused:
        api_token_create(user=unverified_resident, name="Застосунок")
    assert refused.value.code == "email_not_verified"
    for number in range(settings.API_TOKENS_PER_USER):
        api_token_create(user=resident, name=f"Застосунок {number}")
    with pytest.raises(TokenError) as refused:
        api_token_create(user=resident, name="Ще один")
    assert refused.value.code == "too_many_tokens"
    assert APIToken.objects.filter(user=resident).count() == settings.API_TOKENS_PER_USER
    api_token_revoke(user=resident, token_id=APIToken.objects.filter(user=resident).first().pk)
    api_token_create(user=resident, name="Ще один")  # a revoked one frees a place


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/account/tokens/")
    assert response.status_code == 302 and "/account/login/" in response.url
