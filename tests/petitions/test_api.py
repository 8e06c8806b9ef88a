"""API /api/v3/petitions/: public reads without e-mails, signing with stable error codes, the cheap count."""
import json

import pytest
from django.test import override_settings
from wagtail.models import APIToken

from petitions.models import Petition, Signature
from tests.factories import UserFactory

from .conftest import make_petition

pytestmark = pytest.mark.django_db
API = "/api/v3/petitions/"


def token_for(user) -> dict:
    _token, key = APIToken.create_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_list_detail_and_signers_never_show_emails(client, resident, category, petition_settings, petition_index):
    petition = make_petition(author=resident, category=category, threshold=100, signatures=3)
    make_petition(author=resident, category=category, status=Petition.Status.DRAFT, title="Чернетка")
    listing = client.get(API)
    assert listing.status_code == 200
    data = listing.json()
    assert data["count"] == 1 and data["items"][0]["id"] == petition.pk
    assert data["items"][0]["url"].endswith(f"/petytsii/{petition.pk}/")
    detail = client.get(f"{API}{petition.pk}/").json()
    assert detail["signature_count"] == 3 and detail["timeline"] == []
    signers = client.get(f"{API}{petition.pk}/signers/").json()
    assert [item["name"] for item in signers["items"]] == list(petition.signatures.values_list("name", flat=True))
    everything = listing.content.decode() + json.dumps(detail) + json.dumps(signers)
    for email in Signature.objects.values_list("email", flat=True):
        assert email not in everything
    assert "@" not in json.dumps(signers)


def test_filters_and_bad_filters(client, resident, category, petition_settings, petition_index):
    make_petition(author=resident, category=category, status=Petition.Status.ANSWERED)
    make_petition(author=resident, category=category)
    assert client.get(API, {"status": "answered"}).json()["count"] == 1
    assert client.get(API, {"category": "transport", "sort": "most_signed"}).json()["count"] == 2
    assert client.get(API, {"status": "draft"}).json()["code"] == "unknown_status"
    assert client.get(API, {"category": "nope"}).json()["code"] == "unknown_category"
    assert client.get(API, {"sort": "random"}).status_code == 400
    assert client.get(f"{API}99999999999999999999/").status_code == 404


def test_drafts_are_not_in_the_api(client, resident, category, petition_settings, petition_index):
    petition = make_petition(author=resident, category=category, status=Petition.Status.MODERATION)
    for url in (f"{API}{petition.pk}/", f"{API}{petition.pk}/signers/", f"{API}{petition.pk}/count/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_sign_with_token_and_stable_error_codes(client, resident, category, petition_settings, petition_index):
    petition = make_petition(author=UserFactory(), category=category, threshold=100)
    url = f"{API}{petition.pk}/signatures/"
    assert client.post(url).status_code == 401
    response = client.post(url, **token_for(resident))
    assert response.status_code == 201
    assert response.json()["signature_count"] == 1 and response.json()["name"] == resident.full_name
    again = client.post(url, **token_for(resident))
    assert again.status_code == 409
    assert again.json()["code"] == "already_signed" and again["Content-Type"] == "application/problem+json"
    unverified = UserFactory(verified=False)
    assert client.post(url, **token_for(unverified)).json()["code"] == "not_verified"
    closed = make_petition(author=resident, category=category, status=Petition.Status.NOT_SUPPORTED)
    response = client.post(f"{API}{closed.pk}/signatures/", **token_for(UserFactory()))
    assert response.status_code == 409 and response.json()["code"] == "petition_not_collecting"
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_sign_with_session_needs_csrf(resident, collecting, petition_index):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())
    response = browser.post(f"{API}{collecting.pk}/signatures/")
    assert response.status_code in (401, 403)
    assert Signature.objects.count() == 0


@override_settings(PETITIONS_RATE_LIMITS={"sign": {"user": (1, 60), "ip": (100, 60)},
                                          "submit": {"user": (5, 3600), "ip": (20, 3600)}})
def test_rate_limited_code(client, resident, category, petition_settings, petition_index):
    first, second = (make_petition(author=resident, category=category, threshold=100) for _ in range(2))
    headers = token_for(UserFactory())
    assert client.post(f"{API}{first.pk}/signatures/", **headers).status_code == 201
    response = client.post(f"{API}{second.pk}/signatures/", **headers)
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"


def test_signed_by_me(client, resident, category, petition_settings, petition_index):
    petition = make_petition(author=UserFactory(), category=category, threshold=100)
    make_petition(author=UserFactory(), category=category, title="Не підписана")
    client.post(f"{API}{petition.pk}/signatures/", **token_for(resident))
    data = client.get(f"{API}signed-by-me/", **token_for(resident)).json()
    assert [item["id"] for item in data["items"]] == [petition.pk]
    assert client.get(f"{API}signed-by-me/").status_code == 401


def test_count_endpoint_is_cheap_and_cacheable(client, collecting, django_assert_max_num_queries):
    url = f"{API}{collecting.pk}/count/"
    with django_assert_max_num_queries(1):
        response = client.get(url)
    assert response.json() == {"id": collecting.pk, "signature_count": 0, "signature_threshold": 3,
                               "status": "collecting"}
    assert "max-age" in response["Cache-Control"]
    with django_assert_max_num_queries(0):
        client.get(url)


def test_openapi_lists_the_petition_endpoints(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert "/api/v3/petitions/{petition_id}/signatures/" in paths
    assert "/api/v3/petitions/{petition_id}/count/" in paths


def test_signing_unknown_or_unpublished_petitions_is_not_found(client, resident, category, petition_settings,
                                                                petition_index):
    draft = make_petition(author=resident, category=category, status=Petition.Status.MODERATION)
    for petition_id in (draft.pk, 10**9, 10**30):
        response = client.post(f"{API}{petition_id}/signatures/", **token_for(UserFactory()))
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Signature.objects.count() == 0


def test_a_signature_through_the_api_is_two_queries(client, collecting, django_assert_num_queries):
    """The busiest request: the token (with the account and its verified e-mail) and the signing statement."""
    url = f"{API}{collecting.pk}/signatures/"
    assert client.post(url, **token_for(UserFactory())).status_code == 201  # warms the settings cache
    headers = token_for(UserFactory())
    with django_assert_num_queries(2):
        response = client.post(url, **headers)
    assert response.status_code == 201 and response.json()["signature_count"] == 2


def test_search_with_a_nul_character_is_not_a_server_error(client, resident, category, petition_settings,
                                                           petition_index):
    make_petition(author=resident, category=category, title="Пішохідний перехід біля школи")
    response = client.get(API, {"q": "перехід\x00школи"})  # refused by the API's input layer (cms.api_input)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_query"
    assert client.get(API, {"q": "перехід школи"}).json()["count"] == 1
