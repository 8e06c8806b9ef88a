"""Reference data: district boundaries are checked GeoJSON; the secretariat edits them and the one list of city
departments, the press office cannot."""
import json

import pytest
from django.urls import reverse

from sessions.geo import GeoJSONError, district_containing, parse_boundary
from sessions.models import Department, ElectoralDistrict
from tests.factories import login_with_mfa

from .conftest import assert_refused
from .factories import square

BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


def test_a_feature_collection_with_one_polygon_is_stored_as_its_geometry():
    feature = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                          "geometry": square(34.5, 49.5)}]}
    assert parse_boundary(json.dumps(feature)) == square(34.5, 49.5)


@pytest.mark.parametrize(("value", "message"), [
    ("{not json", "не є коректним JSON"),
    ({"type": "Point", "coordinates": [34.5, 49.5]}, "Polygon або MultiPolygon"),
    ({"type": "Polygon", "coordinates": [[[34.5, 49.5], [34.6, 49.5]]]}, "щонайменше чотири"),
    (BOWTIE, "самоперетин"),
    ({"type": "Polygon", "coordinates": [[[500000, 5400000], [500100, 5400000], [500100, 5400100],
                                          [500000, 5400000]]]}, "WGS 84"),
    ({"type": "FeatureCollection", "features": []}, "рівно один"),
    ({}, "GeoJSON"),
])
def test_bad_boundaries_are_refused_with_a_clear_ukrainian_message(value, message):
    with pytest.raises(GeoJSONError) as error:
        parse_boundary(value)
    assert message in error.value.message


def test_point_in_polygon_finds_the_district_and_nothing_outside(db):
    first = ElectoralDistrict.objects.create(number=1, name="Перший", boundary=square(34.50, 49.50))
    second = ElectoralDistrict.objects.create(number=2, name="Другий", boundary=square(34.51, 49.50))
    districts = ElectoralDistrict.objects.all()
    assert district_containing(districts, longitude=34.505, latitude=49.505) == first
    assert district_containing(districts, longitude=34.515, latitude=49.505) == second
    assert district_containing(districts, longitude=30.0, latitude=50.0) is None


@pytest.fixture
def secretary_client(client, secretary):
    login_with_mfa(client, secretary)
    return client


def test_secretariat_adds_a_district_and_bad_geojson_saves_nothing(secretary_client):
    url = reverse("wagtailsnippets_council_electoraldistrict:add")
    response = secretary_client.post(url, {"number": "7", "name": "Сьомий", "description": "",
                                           "boundary": json.dumps(BOWTIE)})
    assert response.status_code == 200
    assert "самоперетин" in response.content.decode()
    assert not ElectoralDistrict.objects.exists()
    response = secretary_client.post(url, {"number": "7", "name": "Сьомий", "description": "",
                                           "boundary": json.dumps(square(34.5, 49.5))})
    assert response.status_code == 302
    assert ElectoralDistrict.objects.get().boundary == square(34.5, 49.5)


def test_press_office_cannot_edit_reference_data(client, press_officer):
    login_with_mfa(client, press_officer)
    assert_refused(client.get(reverse("wagtailsnippets_council_faction:list")))
    response = client.get(reverse("council_deputy_import"))
    assert response.status_code == 302 and response.url == "/admin/"  # Wagtail: "no permission" message


def test_secretariat_edits_the_one_list_of_city_departments_that_regulatory_acts_use(secretary_client, home_page):
    from tests.factories.regulatory import RegulatoryActIndexPageFactory, RegulatoryActPageFactory

    register = RegulatoryActIndexPageFactory(parent=home_page)
    department = Department.objects.create(name="Управління економіки")
    act = RegulatoryActPageFactory(parent=register, department=department)
    url = reverse("wagtailsnippets_council_department:edit", args=[department.pk])
    form = {"name": "  Управління   економічного розвитку ", "short_name": "Економіка", "edrpou": "12345678",
            "head": "", "email": "", "phone": "", "address": ""}
    assert secretary_client.post(url, form).status_code == 302
    department.refresh_from_db()
    assert (department.name, department.edrpou) == ("Управління економічного розвитку", "12345678")
    assert "Управління економічного розвитку" in secretary_client.get(act.url).content.decode()
    api = secretary_client.get("/api/v3/participation/regulatory-acts/", {"department": department.pk}).json()
    assert [item["department"] for item in api["items"]] == [{"id": department.pk,
                                                              "name": "Управління економічного розвитку"}]
    # Another department of the same name in another letter case is refused and nothing is saved.
    response = secretary_client.post(reverse("wagtailsnippets_council_department:add"),
                                      {**form, "name": "УПРАВЛІННЯ ЕКОНОМІЧНОГО РОЗВИТКУ", "edrpou": ""})
    assert response.status_code == 200
    assert "Відділ чи управління з такою назвою вже є" in response.content.decode()
    assert Department.objects.count() == 1
