"""The appeals API (/api/v3/appeals/) and Open311 GeoReport v2: submission with problem documents for bad input,
the integration feed with its cursor and the authenticated status push-back, and a third-party Open311 client
(PyPI's georeport) that lists the services, posts a report and reads it back."""
import json

import pytest
import requests
from georeport import GeoReport
from wagtail.models import APIToken

from appeals.models import Appeal, AppealEvent
from cms.roles import role_group
from tests.factories import UserFactory

from .conftest import POINT, TEXT, submit

pytestmark = pytest.mark.django_db


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def token_for(user) -> str:
    return APIToken.create_token(user=user, name="test")[1]


@pytest.fixture
def integrator(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(full_name="СЕД міськради")
    user.user_permissions.add(Permission.objects.get(codename="integrate_appeal"))
    return user


# Submission -----------------------------------------------------------------------------------------------

def test_resident_submits_through_the_api(client, resident, water_category, appeal_index, mail):
    client.force_login(resident)
    with mail.sending():
        response = post_json(client, "/api/v3/appeals/", {"kind": "proposal", "category": "water", "text": TEXT,
                                                          "is_public": False, "latitude": 49.5912,
                                                          "longitude": 34.5531})
    assert response.status_code == 201, response.content
    body = response.json()
    appeal = Appeal.objects.get()
    assert body["number"] == appeal.number and body["is_public"] is False and appeal.channel == "api"
    assert [step["status"] for step in body["timeline"]] == ["received", "registered", "assigned"]
    assert mail[0].to == [resident.email]


def test_token_client_submits_too(client, resident, water_category, appeal_index):
    response = post_json(client, "/api/v3/appeals/", {"category": "water", "text": TEXT},
                         HTTP_AUTHORIZATION=f"Bearer {token_for(resident)}")
    assert response.status_code == 201


@pytest.mark.parametrize("data, status, code", [
    ({"category": "water", "text": "коротко"}, 422, "text_too_short"),
    ({"category": "nope", "text": TEXT}, 422, "invalid_category"),
    ({"category": "water", "text": TEXT, "latitude": 50.45, "longitude": 30.52}, 422, "point_outside_city"),
    ({"category": "water", "text": TEXT, "latitude": 49.59}, 422, "invalid_point"),
    ({"category": "water", "text": TEXT, "kind": "petition"}, 422, "invalid_kind"),
    ({"category": "water", "text": TEXT, "deputy_id": 99999}, 422, "invalid_deputy"),
])
def test_bad_input_is_a_problem_document(client, resident, water_category, appeal_index, data, status, code):
    client.force_login(resident)
    response = post_json(client, "/api/v3/appeals/", data)
    assert response.status_code == status and response.json()["code"] == code
    assert response["Content-Type"] == "application/problem+json" and response.json()["detail"]
    assert not Appeal.objects.exists()


def test_anonymous_and_nameless_clients_are_refused(client, water_category, appeal_index):
    response = post_json(client, "/api/v3/appeals/", {"category": "water", "text": TEXT})
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    client.force_login(UserFactory(full_name=""))
    response = post_json(client, "/api/v3/appeals/", {"category": "water", "text": TEXT})
    assert response.status_code == 422 and response.json()["code"] == "name_required"
    assert "анонімні звернення" in response.json()["detail"]
    assert not Appeal.objects.exists()


def test_public_list_filters_and_statistics(client, public_appeal, resident, roads_category):
    submit(resident, roads_category)
    items = client.get("/api/v3/appeals/?category=water").json()["items"]
    assert [item["number"] for item in items] == [public_appeal.number]
    assert client.get("/api/v3/appeals/?category=zzz").json()["code"] == "unknown_category"
    assert client.get("/api/v3/appeals/?status=received").json()["code"] == "unknown_status"
    stats = client.get("/api/v3/appeals/statistics/").json()
    assert stats["total"] == 2 and {row["category__slug"] for row in stats["by_category"]} == {"water", "roads"}


# Integration ------------------------------------------------------------------------------------------------

def test_feed_needs_a_token_with_the_integration_permission(client, public_appeal, resident):
    assert client.get("/api/v3/appeals/integration/feed/").status_code == 401
    response = client.get("/api/v3/appeals/integration/feed/", HTTP_AUTHORIZATION=f"Bearer {token_for(resident)}")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_feed_pages_with_a_cursor_and_carries_every_change(client, public_appeal, confidential_appeal, integrator,
                                                           water_executor):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(integrator)}"}
    first = client.get("/api/v3/appeals/integration/feed/?limit=4", **auth).json()
    assert len(first["events"]) == 4 and first["events"][0]["event"] == "created"
    assert first["events"][0]["appeal"]["number"] == public_appeal.number
    rest = client.get(f"/api/v3/appeals/integration/feed/?cursor={first['cursor']}", **auth).json()
    numbers = {event["appeal"]["number"] for event in first["events"] + rest["events"]}
    assert numbers == {public_appeal.number, confidential_appeal.number}  # the council's own system gets all
    from appeals import services

    services.appeal_start(appeal=public_appeal, by=water_executor)
    news = client.get(f"/api/v3/appeals/integration/feed/?cursor={rest['cursor']}", **auth).json()
    assert [event["to_status"] for event in news["events"]] == ["in_progress"]
    assert client.get(f"/api/v3/appeals/integration/feed/?cursor={news['cursor']}", **auth).json()["events"] == []
    assert client.get("/api/v3/appeals/integration/feed/?cursor=-1", **auth).status_code == 400


def test_status_push_back(client, public_appeal, integrator, resident, mail):
    url = f"/api/v3/appeals/integration/{public_appeal.pk}/status/"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(integrator)}"}
    assert post_json(client, url, {"status": "in_progress"}).status_code == 401
    refused = post_json(client, url, {"status": "in_progress"}, HTTP_AUTHORIZATION=f"Bearer {token_for(resident)}")
    assert refused.status_code == 403
    response = post_json(client, url, {"status": "in_progress", "external_id": "Вх-1234/26"}, **auth)
    assert response.status_code == 200 and response.json()["external_id"] == "Вх-1234/26"
    bad = post_json(client, url, {"status": "answered"}, **auth)
    assert bad.status_code == 422 and bad.json()["code"] == "answer_required"
    wrong = post_json(client, url, {"status": "rated"}, **auth)
    assert wrong.status_code == 422 and wrong.json()["code"] == "invalid_status"
    with mail.sending():
        done = post_json(client, url, {"status": "answered", "answer_text": "Воду дали о 15:00."}, **auth)
    assert done.status_code == 200
    public_appeal.refresh_from_db()
    assert public_appeal.status == "answered" and public_appeal.answer_text == "Воду дали о 15:00."
    assert "Воду дали" in mail[-1].body and mail[-1].to == [resident.email]
    assert AppealEvent.objects.filter(appeal=public_appeal, kind="external").count() == 2
    assert post_json(client, "/api/v3/appeals/integration/999999/status/", {"status": "closed"},
                     **auth).status_code == 404


# Open311 ---------------------------------------------------------------------------------------------------

@pytest.fixture
def open311_client(roles):
    from django.contrib.auth.models import Permission

    app = UserFactory(full_name="Застосунок 311", username="app311")
    app.user_permissions.add(Permission.objects.get(codename="submit_open311"))
    return token_for(app)


def test_open311_xml_and_errors(client, public_appeal, open311_client):
    services_xml = client.get("/open311/v2/services.xml").content.decode()
    assert "<service_code>water</service_code>" in services_xml and services_xml.startswith("<?xml")
    assert client.get("/open311/v2/services.yaml").status_code == 404
    refused = client.post("/open311/v2/requests.json", {"service_code": "water", "description": TEXT,
                                                         "first_name": "Іван", "last_name": "Петренко",
                                                         "email": "ivan@example.com", "api_key": "wrong"})
    assert refused.status_code == 403 and refused.json()[0]["code"] == 403
    anonymous = client.post("/open311/v2/requests.xml", {"service_code": "water", "description": TEXT,
                                                          "email": "ivan@example.com", "api_key": open311_client})
    assert anonymous.status_code == 400 and "анонімні" in anonymous.content.decode()
    outside = client.post("/open311/v2/requests.json", {"service_code": "water", "description": TEXT,
                                                         "first_name": "Іван", "last_name": "Петренко",
                                                         "email": "ivan@example.com", "lat": "50.45", "long": "30.5",
                                                         "api_key": open311_client})
    assert outside.status_code == 400 and "поза межами" in outside.json()[0]["description"]
    assert Appeal.objects.count() == 1
    assert client.get("/open311/v2/requests.json?status=lost").status_code == 400


def test_open311_refuses_nul_characters_in_its_own_format_and_saves_nothing(client, public_appeal, open311_client):
    listed = client.get("/open311/v2/requests.xml?service_code=%00")
    assert listed.status_code == 400 and "<description>" in listed.content.decode()
    detail = client.get("/open311/v2/services/water.json?jurisdiction_id=%00")
    assert detail.status_code == 400 and detail.json()[0]["code"] == 400
    posted = client.post("/open311/v2/requests.json", {"service_code": "water", "description": "Тече\x00труба",
                                                        "first_name": "Іван", "last_name": "Петренко",
                                                        "email": "ivan@example.com", "api_key": open311_client})
    assert posted.status_code == 400 and "NUL" in posted.json()[0]["description"]
    assert Appeal.objects.count() == 1


# A form Django cannot parse: (Content-Type, body). Django's own answer is its HTML 400 page.
UNREADABLE_FORMS = {
    "multipart without a boundary": ("multipart/form-data", b"service_code=water&description=x"),
    "an empty boundary": ("multipart/form-data; boundary=", b"----\r\n"),
    "a boundary past 200 characters": ("multipart/form-data; boundary=" + "x" * 300, b"--" + b"x" * 300 + b"--\r\n"),
    "a file that is not base64 as it claims": (
        "multipart/form-data; boundary=xYzZY",
        b'--xYzZY\r\nContent-Disposition: form-data; name="media"; filename="yama.jpg"\r\n'
        b"Content-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\nabcde\r\n--xYzZY--\r\n"),
}


@pytest.mark.parametrize("kind", UNREADABLE_FORMS)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_answers_a_form_it_cannot_read_in_its_own_format_and_saves_nothing(client, public_appeal,
                                                                                    open311_client, kind, fmt):
    content_type, body = UNREADABLE_FORMS[kind]
    response = client.generic("POST", f"/open311/v2/requests.{fmt}", body, content_type=content_type)
    assert response.status_code == 400
    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json() == [{"code": 400, "description": "Тіло запиту неможливо прочитати."}]
    else:
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        assert response.content.decode().endswith(
            "<errors><error><code>400</code><description>Тіло запиту неможливо прочитати.</description></error>"
            "</errors>")
    assert Appeal.objects.count() == 1


def test_open311_answers_a_form_past_the_size_limit_in_its_own_format(client, public_appeal, open311_client,
                                                                     settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = client.post("/open311/v2/requests.json", {
        "service_code": "water", "description": TEXT * 20, "first_name": "Іван", "last_name": "Петренко",
        "email": "ivan@example.com", "api_key": open311_client})
    assert response.status_code == 413
    assert response.json() == [{"code": 413, "description": "Тіло запиту завелике."}]
    assert Appeal.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_third_party_open311_client_lists_posts_and_reads_back(live_server, open311_client, water_category,
                                                                  appeal_index):
    root = f"{live_server.url}/open311/v2"
    for fmt in ("json", "xml"):
        client = GeoReport(root, output_format=fmt)
        services_found = client.get_service_list()
        services_found = services_found if isinstance(services_found, list) else [services_found]
        assert [service["service_code"] for service in services_found] == ["water"]
    posted = requests.post(f"{root}/requests.json", data={
        "api_key": open311_client, "service_code": "water", "description": TEXT, "first_name": "Іван",
        "last_name": "Петренко", "email": "ivan@example.com", "lat": POINT["latitude"], "long": POINT["longitude"],
        "address_string": "вул. Соборна, 12"}, timeout=10)
    assert posted.status_code == 201, posted.text
    request_id = posted.json()[0]["service_request_id"]
    appeal = Appeal.objects.get(pk=int(request_id))
    assert appeal.author_name == "Петренко Іван" and appeal.author is None and appeal.channel == "open311"
    for fmt in ("json", "xml"):
        read = GeoReport(root, output_format=fmt).get_service_request(request_id)
        assert read["service_request_id"] == request_id and read["status"] == "open"
        assert read["service_code"] == "water" and float(read["lat"]) == pytest.approx(49.5912)
    listed = GeoReport(root).get_service_requests(service_code="water", status="open")
    assert [item["service_request_id"] for item in listed] == [request_id]
    assert "Петренко" not in json.dumps(listed, ensure_ascii=False)


def test_executors_role_may_not_integrate(client, public_appeal, roles):
    executor = UserFactory()
    executor.groups.add(role_group("executors"))
    response = client.get("/api/v3/appeals/integration/feed/", HTTP_AUTHORIZATION=f"Bearer {token_for(executor)}")
    assert response.status_code == 403
