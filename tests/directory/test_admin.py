"""Admin: the object form with the map point picker on our own Leaflet and hours per weekday, the list with a map,
import and export (CSV/XLSX), residents' corrections accepted or rejected; other roles are refused."""
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from directory import services
from directory.models import CityObject, Correction
from tests.factories import UserFactory, login_with_mfa

from .factories import CityObjectFactory

pytestmark = pytest.mark.django_db


def form_data(category, **values) -> dict:
    data = {"name": "ЦНАП", "category": category.pk, "address": "вул. Соборна, 1",
            "point": "SRID=4326;POINT(34.5521 49.5912)", "owner_type": "municipal", "external_id": "cnap-1",
            "is_published": "on", "hours_mon": "08:00-12:00, 13:00-17:00", "hours_sat": "",
            "ramp": "true", "lift": "unknown",
            "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "1000"}
    return {**data, **values}


def test_staff_create_an_object_with_the_point_picker(client, city_services, categories):
    login_with_mfa(client, city_services)
    add_url = reverse("directory_object:add")
    page = client.get(add_url).content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in page and "unpkg.com" not in page
    assert 'data-controller="leaflet-field"' in page
    response = client.post(add_url, form_data(categories["apteky"]))
    assert response.status_code == 302, response.content.decode()[:3000]
    created = CityObject.objects.get(external_id="cnap-1")
    assert (created.latitude, created.longitude) == (49.5912, 34.5521)
    assert created.opening_hours["mon"] == [["08:00", "12:00"], ["13:00", "17:00"]] and created.ramp is True
    edit = client.get(reverse("directory_object:edit", args=[created.pk])).content.decode()
    assert "SRID=4326;POINT(34.5521 49.5912)" in edit and "08:00-12:00, 13:00-17:00" in edit


@pytest.mark.parametrize(("values", "message"), [
    ({"point": "SRID=4326;POINT(30.5234 50.4501)"}, "Точка поза межами міста"),
    ({"point": "не точка"}, "Оберіть місце на мапі"),
    ({"hours_mon": "08:00-13:00, 12:00-17:00"}, "Понеділок: проміжки перетинаються"),
])
def test_bad_points_and_hours_are_refused(client, city_services, categories, values, message):
    login_with_mfa(client, city_services)
    response = client.post(reverse("directory_object:add"), form_data(categories["apteky"], **values))
    assert response.status_code == 200 and message in response.content.decode()
    assert not CityObject.objects.exists()


def test_the_list_has_a_map_and_import_export_buttons(client, city_services, categories,
                                                      django_assert_max_num_queries):
    for _n in range(20):
        CityObjectFactory(category=categories["apteky"])
    login_with_mfa(client, city_services)
    url = reverse("directory_object:index")
    client.get(url)
    with django_assert_max_num_queries(40):
        html = client.get(url).content.decode()
    assert 'data-portal-map="admin-objects-map-config"' in html
    assert reverse("directory_import") in html and reverse("directory_export") in html


def test_import_in_the_admin_reports_every_bad_line(client, city_services, categories):
    login_with_mfa(client, city_services)
    bad = io.BytesIO("external_id,name,category,address,lat,lon\n1,Аптека,apteky,вул. Миру 1,50.45,30.52\n"
                     "2,Аптека,ресторани,вул. Миру 2,49.59,34.55\n".encode())
    bad.name = "objects.csv"
    response = client.post(reverse("directory_import"), {"file": bad})
    html = response.content.decode()
    assert response.status_code == 400 and "Рядок 2:" in html and "Рядок 3:" in html
    good = io.BytesIO("external_id,name,category,address,lat,lon\n1,Аптека,apteky,вул. Миру 1,49.59,34.55\n"
                      .encode())
    good.name = "objects.csv"
    response = client.post(reverse("directory_import"), {"file": good})
    assert response.status_code == 302 and CityObject.objects.get().name == "Аптека"


def test_export_round_trips_through_import(client, city_services, categories):
    CityObjectFactory(external_id="x-1", name="=SUM(A1)", category=categories["apteky"], ramp=True,
                      phones="+380 5366 2-15-15",
                      opening_hours={"mon": [["08:00", "12:00"], ["13:00", "17:00"]]})
    login_with_mfa(client, city_services)
    response = client.get(reverse("directory_export"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    header, line = text.splitlines()[:2]
    assert header.startswith("external_id,name,category,address,lat,lon") and "'=SUM(A1)" in line
    assert '"08:00-12:00, 13:00-17:00"' in line and ",так," in line
    CityObject.objects.filter(external_id="x-1").update(name="змінено", phones="")
    result = services.directory_import(data=text.encode(), filename="x.csv")  # an export imports back as it was
    restored = CityObject.objects.get()
    assert result.updated == 1 and restored.name == "=SUM(A1)" and restored.phones == "+380 5366 2-15-15"
    assert restored.opening_hours["mon"][1] == ["13:00", "17:00"]
    assert client.get(reverse("directory_export"), {"format": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats")


def test_staff_accept_a_correction_and_the_object_counts_as_checked(client, city_services, categories, resident):
    place = CityObjectFactory(category=categories["apteky"], last_checked=None)
    correction = services.correction_suggest(city_object=place, user=resident, kind="hours",
                                             text="У суботу працює до 14:00")
    login_with_mfa(client, city_services)
    url = reverse("directory_correction:edit", args=[correction.pk])
    assert "У суботу працює до 14:00" in client.get(url).content.decode()
    response = client.post(url, {"action": "accept", "note": "Графік виправлено"})
    assert response.status_code == 302
    correction.refresh_from_db()
    place.refresh_from_db()
    assert correction.status == "accepted" and correction.decided_by == city_services
    assert place.last_checked == timezone.localdate()
    response = client.post(url, {"action": "reject"})
    assert response.status_code == 409 and "вже розглянуто" in response.content.decode()


def test_staff_reject_a_correction(client, city_services, categories, resident):
    place = CityObjectFactory(category=categories["apteky"], last_checked=None)
    correction = services.correction_suggest(city_object=place, user=resident, kind="other", text="Тут кафе")
    login_with_mfa(client, city_services)
    client.post(reverse("directory_correction:edit", args=[correction.pk]), {"action": "reject", "note": "Ні"})
    correction.refresh_from_db()
    place.refresh_from_db()
    assert correction.status == "rejected" and place.last_checked is None


def test_other_staff_and_residents_are_refused(client, roles, categories, resident):
    from cms.roles import role_group
    from tests.factories import activate_totp

    press = UserFactory()
    press.groups.add(role_group("press_office"))
    activate_totp(press)
    login_with_mfa(client, press)
    assert client.get(reverse("directory_import")).status_code in (302, 403)
    assert client.get(reverse("directory_object:index")).status_code in (302, 403)
    client.force_login(resident)
    assert client.get(reverse("directory_import")).status_code in (302, 403)
    assert not Correction.objects.exists()


def test_correction_rules(categories, resident):
    place = CityObjectFactory(category=categories["apteky"])
    for kind, text, code in [("nope", "Текст виправлення", "invalid_kind"), ("hours", "ok", "text_too_short"),
                             ("hours", "д" * 2001, "text_too_long")]:
        with pytest.raises(services.DirectoryError) as raised:
            services.correction_suggest(city_object=place, user=resident, kind=kind, text=text)
        assert raised.value.code == code
    for _n in range(10):
        services.correction_suggest(city_object=place, user=resident, kind="hours", text="Працює до 20:00")
    with pytest.raises(services.DirectoryError) as raised:
        services.correction_suggest(city_object=place, user=resident, kind="hours", text="Працює до 20:00")
    assert raised.value.code == "rate_limited" and Correction.objects.count() == 10
