"""Find my deputy: by a point (point-in-polygon) and by street and house from the imported address register."""
import csv
import io
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sessions.models import AddressRecord

from .factories import DeputyPageFactory

COLUMNS = ["uid", "authorityName", "CATUTTC", "addressPostName", "addressThoroughfare", "addressLocatorDesignator",
           "addressLocatorBuilding", "statusType", "areaId"]


def register(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({"authorityName": "Управління", "CATUTTC": "UA1", "addressPostName": "Світлогірськ",
                         "addressLocatorBuilding": "null", "statusType": "Чинна", **row})
    return buffer.getvalue().encode("utf-8")


def import_file(tmp_path, rows):
    path = tmp_path / "addresses.csv"
    path.write_bytes(register(rows))
    out, err = StringIO(), StringIO()
    try:
        call_command("import_addresses", str(path), stdout=out, stderr=err)
    finally:
        import_file.err = err.getvalue()
    return out.getvalue()


ROWS = [{"uid": "a-1", "addressThoroughfare": "вул. Шевченка", "addressLocatorDesignator": "15-А", "areaId": "1"},
        {"uid": "a-2", "addressThoroughfare": "вул. Шевченка", "addressLocatorDesignator": "17", "areaId": "2"},
        {"uid": "a-3", "addressThoroughfare": "просп. Незалежності", "addressLocatorDesignator": "3", "areaId": "2"}]


@pytest.fixture
def find_url(deputy_index):
    return deputy_index.url + "znaity-deputata/"


def test_import_is_all_or_nothing_and_idempotent(tmp_path, districts):
    assert "3 created" in import_file(tmp_path, ROWS)
    assert "0 created, 0 updated, 3 unchanged" in import_file(tmp_path, ROWS)
    with pytest.raises(CommandError):
        import_file(tmp_path, [*ROWS, {"uid": "a-4", "addressThoroughfare": "вул. Садова",
                                       "addressLocatorDesignator": "1", "areaId": "9"}])
    assert "Рядок 5: виборчого округу № 9 немає." in import_file.err
    assert AddressRecord.objects.count() == 3


def test_by_address_with_spelling_variants(client, tmp_path, districts, deputy, find_url):
    import_file(tmp_path, ROWS)
    for street, house in [("вул. Шевченка", "15-А"), ("Шевченка", "15а"), ("  ШЕВЧЕНКА ", "15 A")]:
        response = client.get(find_url, {"street": street, "house": house})
        html = response.content.decode()
        assert response.status_code == 200 and "Коваленко Олена Петрівна" in html, (street, house)
        assert "Ваш округ: № 1" in html
    html = client.get(find_url, {"street": "Незалежності", "house": "3"}).content.decode()
    assert "Ваш округ: № 2" in html and "Коваленко" not in html.split("Ваш округ")[1].split("</section>")[0]


@pytest.mark.parametrize(("query", "status", "message"), [
    ({"street": "Неіснуюча", "house": "1"}, 404, "Вулиці «Неіснуюча» немає"),
    ({"street": "Шевченка", "house": "99"}, 404, "Будинку № 99 на «Шевченка» немає"),
    ({"street": "Шевченка"}, 400, "Вкажіть і вулицю, і номер будинку."),
])
def test_an_address_that_does_not_exist(client, tmp_path, districts, deputy, find_url, query, status, message):
    import_file(tmp_path, ROWS)
    response = client.get(find_url, query)
    assert response.status_code == status and message in response.content.decode()


def test_by_point_inside_and_outside(client, districts, deputy, deputy_index, find_url):
    DeputyPageFactory(parent=deputy_index, family_name="Другий", district=districts[1])
    html = client.get(find_url, {"lat": "49.505", "lon": "34.505"}).content.decode()
    assert "Ваш округ: № 1" in html and "Коваленко Олена Петрівна" in html
    response = client.get(find_url, {"lat": "50.45", "lon": "30.52"})
    assert response.status_code == 404 and "поза межами всіх виборчих округів" in response.content.decode()
    response = client.get(find_url, {"lat": "north", "lon": "34.5"})
    assert response.status_code == 400 and "Широта має бути числом" in response.content.decode()
    assert client.get(find_url, {"lat": "91", "lon": "34.5"}).status_code == 400


def test_the_page_works_without_javascript_and_has_a_map_and_a_list(client, districts, deputy, find_url):
    response = client.get(find_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="filters" method="get"' in html and 'data-portal-map="districts-map-config"' in html
    config = json.loads(re.search(r'<script id="districts-map-config" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    features = config["layers"][0]["data"]["features"]
    assert [feature["properties"]["title"] for feature in features] == [str(district) for district in districts]
    assert all(feature["geometry"]["type"] == "Polygon" for feature in features)
    # Clicking a district shows its deputies; each district links to the same answer as the forms give.
    by_number = {feature["id"]: feature["properties"] for feature in features}
    assert by_number[deputy.district.number]["links"] == [{"title": deputy.full_name, "url": deputy.url}]
    assert all(properties["url"].startswith(find_url + "?lat=") for properties in by_number.values())
    # The list alternative stays, and no inline script runs (a strict Content-Security-Policy allows none).
    assert districts[0].name in html and "Усі округи" in html
    assert re.findall(r"<script(?![^>]*(?:\bsrc=|application/json))[^>]*>", html) == []
    # Leaflet is served from our own static files.
    assert "/static/vendor/leaflet/leaflet.js" in html and "unpkg" not in html


def test_the_secretariat_imports_the_register_in_the_admin(client, secretary, districts):
    from django.urls import reverse

    from tests.factories import login_with_mfa

    login_with_mfa(client, secretary)
    url = reverse("council_addresses_import")
    bad = io.BytesIO(register([{**ROWS[0], "areaId": "7"}]))
    bad.name = "addresses.csv"
    response = client.post(url, {"file": bad})
    assert response.status_code == 400 and "Рядок 2: виборчого округу № 7 немає." in response.content.decode()
    good = io.BytesIO(register(ROWS))
    good.name = "addresses.csv"
    assert client.post(url, {"file": good}).status_code == 302
    assert AddressRecord.objects.count() == 3
