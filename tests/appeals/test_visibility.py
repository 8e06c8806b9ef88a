"""One visibility rule, tried on every path: public pages, the admin, photos, the API, Open311, the sitemap, open
data, statistics drill-downs and the personal-data export. A confidential appeal and another service's appeal are
404 wherever they are not allowed."""
import json

import pytest
from wagtail.models import APIToken

from appeals import services
from appeals.models import Appeal
from tests.factories import UserFactory, login_with_mfa

from .conftest import POINT, photo, submit

pytestmark = pytest.mark.django_db


def admin_url(appeal):
    return f"/admin/appeals/appeals/edit/{appeal.pk}/"


def page_url(appeal):
    return f"/zvernennia/{appeal.pk}/"


@pytest.fixture
def both(public_appeal, confidential_appeal):
    return public_appeal, confidential_appeal


def test_public_list_and_page_never_show_a_confidential_appeal(client, both):
    public, confidential = both
    listing = client.get("/zvernennia/").content.decode()
    assert f"№ {public.number}" in listing and f"№ {confidential.number}" not in listing
    assert "Конфіденційно" not in listing and confidential.author_name not in listing
    assert client.get(page_url(public)).status_code == 200
    assert client.get(page_url(confidential)).status_code == 404
    other = UserFactory()
    client.force_login(other)
    assert client.get(page_url(confidential)).status_code == 404


def test_public_page_hides_the_authors_name(client, public_appeal):
    html = client.get(page_url(public_appeal)).content.decode()
    assert public_appeal.author_name not in html and public_appeal.author_email not in html


def test_the_author_sees_the_confidential_appeal_and_its_name(client, resident, confidential_appeal):
    client.force_login(resident)
    html = client.get(page_url(confidential_appeal)).content.decode()
    assert "Конфіденційно" in html and resident.full_name in html
    assert f"№ {confidential_appeal.number}" in client.get("/zvernennia/moi/").content.decode()


def test_photos_of_a_confidential_appeal_are_private(client, resident, water_category, appeal_index,
                                                     water_executor, roads_executor):
    public = submit(resident, water_category, photos=[photo()])
    secret = submit(resident, water_category, is_public=False, photos=[photo()])
    public_photo, secret_photo = public.photos.get(), secret.photos.get()
    response = client.get(public_photo.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(secret_photo.get_absolute_url()).status_code == 404
    assert "/media/" not in secret_photo.get_absolute_url()
    client.force_login(roads_executor)
    assert client.get(secret_photo.get_absolute_url()).status_code == 404
    client.force_login(water_executor)
    assert client.get(secret_photo.get_absolute_url()).status_code == 200
    client.force_login(resident)
    assert client.get(secret_photo.get_absolute_url()).status_code == 200


def test_executor_of_service_b_cannot_reach_service_a_in_the_admin(client, public_appeal, confidential_appeal,
                                                                    roads_executor, water_executor, roads_category,
                                                                    resident):
    roads_appeal = submit(resident, roads_category)
    login_with_mfa(client, roads_executor)
    listing = client.get("/admin/appeals/appeals/").content.decode()
    assert roads_appeal.number in listing
    assert public_appeal.number not in listing and confidential_appeal.number not in listing
    assert client.get(admin_url(public_appeal)).status_code == 404
    assert client.get(admin_url(confidential_appeal)).status_code == 404
    response = client.post(admin_url(public_appeal), {"action": "answer", "text": "Не наше"})
    assert response.status_code == 404
    public_appeal.refresh_from_db()
    assert public_appeal.status == Appeal.Status.ASSIGNED and not public_appeal.answer_text
    client.force_login(water_executor)
    login_with_mfa(client, water_executor)
    assert client.get(admin_url(confidential_appeal)).status_code == 200


def test_deputy_sees_only_appeals_addressed_to_them(client, resident, water_category, deputy, deputy_user,
                                                     public_appeal, appeal_index):
    to_deputy = submit(resident, water_category, deputy_id=deputy.pk, is_public=False)
    login_with_mfa(client, deputy_user)
    listing = client.get("/admin/appeals/appeals/").content.decode()
    assert to_deputy.number in listing and public_appeal.number not in listing
    assert client.get(admin_url(to_deputy)).status_code == 200
    assert client.get(admin_url(public_appeal)).status_code == 404


def test_dispatcher_sees_everything(client, both, dispatcher):
    login_with_mfa(client, dispatcher)
    listing = client.get("/admin/appeals/appeals/").content.decode()
    assert all(appeal.number in listing for appeal in both)


def test_resident_without_a_role_gets_no_admin_list(client, resident, public_appeal):
    client.force_login(resident)
    assert client.get(admin_url(public_appeal)).status_code in (302, 403)


def test_api_lists_and_details(client, both, resident):
    public, confidential = both
    items = client.get("/api/v3/appeals/").json()["items"]
    assert [item["id"] for item in items] == [public.pk]
    assert client.get(f"/api/v3/appeals/{public.pk}/").status_code == 200
    refusal = client.get(f"/api/v3/appeals/{confidential.pk}/")
    assert refusal.status_code == 404 and refusal.json()["code"] == "not_found"
    client.force_login(resident)
    assert client.get(f"/api/v3/appeals/{confidential.pk}/").json()["is_public"] is False
    mine = client.get("/api/v3/appeals/mine/").json()["items"]
    assert {item["id"] for item in mine} == {public.pk, confidential.pk}


def test_api_token_of_another_resident_sees_no_confidential_appeal(client, confidential_appeal):
    _token, token = APIToken.create_token(user=UserFactory(), name="app")
    response = client.get(f"/api/v3/appeals/{confidential_appeal.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_open311_lists_and_reads_only_public_requests(client, both):
    public, confidential = both
    listing = client.get("/open311/v2/requests.json").json()
    assert [item["service_request_id"] for item in listing] == [str(public.pk)]
    assert client.get(f"/open311/v2/requests/{confidential.pk}.json").status_code == 404
    xml = client.get(f"/open311/v2/requests.xml?service_request_id={confidential.pk}").content.decode()
    assert f"<service_request_id>{confidential.pk}<" not in xml


def test_open_data_has_no_confidential_appeal_and_no_names(client, both):
    public, confidential = both
    rows = json.loads(b"".join(client.get("/zvernennia/dani/json/").streaming_content))
    assert [row["uid"] for row in rows] == [public.number]
    csv_text = b"".join(client.get("/zvernennia/dani/csv/").streaming_content).decode()
    assert confidential.number not in csv_text and public.author_name not in csv_text
    assert public.author_email not in csv_text
    api_rows = json.loads(b"".join(client.get("/api/v3/appeals/open-data/appeals.json").streaming_content))
    assert [row["uid"] for row in api_rows] == [public.number]


def test_sitemap_lists_only_public_appeals(client, both):
    public, confidential = both
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/zvernennia/{public.pk}/" in xml and f"/zvernennia/{confidential.pk}/" not in xml


def test_statistics_count_all_but_drill_down_to_public_only(client, both):
    public, confidential = both
    html = client.get("/zvernennia/statystyka/").content.decode()
    assert "?category=water" in html
    drill = client.get("/zvernennia/?category=water").content.decode()
    assert f"№ {public.number}" in drill and f"№ {confidential.number}" not in drill
    stats = client.get("/api/v3/appeals/statistics/").json()
    assert stats["total"] == 2


def test_search_by_number_finds_no_confidential_appeal(client, both):
    public, confidential = both
    assert f"№ {confidential.number}" not in client.get(f"/zvernennia/?q={confidential.number}").content.decode()
    assert f"№ {public.number}" in client.get(f"/zvernennia/?q={public.number}").content.decode()


def test_internal_notes_never_reach_the_author(client, resident, public_appeal, water_executor):
    services.appeal_note_add(appeal=public_appeal, by=water_executor, text="Секретна нотатка бригади")
    client.force_login(resident)
    assert "Секретна нотатка" not in client.get(page_url(public_appeal)).content.decode()
    assert "Секретна нотатка" not in client.get(f"/api/v3/appeals/{public_appeal.pk}/").content.decode()
    assert "Секретна нотатка" not in client.get("/account/export/").content.decode()


def test_the_map_layer_has_public_points_only(client, both):
    public, confidential = both
    points = client.get("/zvernennia/tochky/").content.decode()
    assert f'"id":{public.pk}' in points and f'"id":{confidential.pk}' not in points
    assert POINT["latitude"][:5] in points


def test_site_search_lists_public_appeals_only(client, both):
    public, confidential = both
    found = client.get("/poshuk/?q=сміття").content.decode()
    assert f"№ {public.number}" in found
    secret = client.get("/poshuk/?q=Конфіденційно").content.decode()
    assert f"№ {confidential.number}" not in secret and "погрожує" not in secret


def test_open_data_catalogue_lists_the_appeals_set(client, appeal_index):
    entry = next(item for item in client.get("/api/v3/open-data/").json() if item["key"] == "appeals")
    assert entry["module"] == "appeals"
    assert entry["downloads"]["csv"].endswith("/api/v3/appeals/open-data/appeals.csv")
