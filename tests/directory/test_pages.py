"""The public directory page (list with filters and the map, works without JavaScript), object pages, residents'
corrections, the page-tree rules; bounded queries on the list."""
import datetime
import json
import re
import zoneinfo

import pytest
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from directory.models import Correction, DirectoryPage
from home.models import HomePage

from .factories import CityObjectFactory

pytestmark = pytest.mark.django_db
KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")


@pytest.fixture
def places(categories):
    return [
        CityObjectFactory(name="Аптека «Близька»", category=categories["apteky"], latitude=49.5901, longitude=34.5601,
                          ramp=True, opening_hours={"sat": [["08:00", "20:00"]]}),
        CityObjectFactory(name="Аптека «Далека»", category=categories["apteky"], latitude=49.6100, longitude=34.6100),
        CityObjectFactory(name="Ліцей № 3", address="вул. Миру, 3", category=categories["shkoly"], latitude=49.57,
                          longitude=34.52, ramp=True, lift=True),
        CityObjectFactory(name="Прихована", category=categories["apteky"], is_published=False),
    ]


def names(response) -> list[str]:
    return re.findall(r'<h3><a href="/mapa/\d+/">([^<]+)</a></h3>', response.content.decode())


def test_the_page_lists_published_places_and_has_a_map_of_layers(client, directory_page, places,
                                                                  django_assert_max_num_queries):
    for _n in range(30):
        CityObjectFactory(category=places[0].category)
    client.get("/mapa/")  # the layout's cached parts (site settings, menu)
    with django_assert_max_num_queries(12):
        response = client.get("/mapa/")
    html = response.content.decode()
    assert response.status_code == 200 and "Прихована" not in html
    assert "Знайдено 33 місця" in html and len(names(response)) == 25  # the first page
    config = json.loads(re.search(r'<script id="directory-map-config" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    layers = {layer["id"]: layer for layer in config["layers"]}
    assert set(layers) == {"apteky", "shkoly"}
    assert layers["apteky"]["name"] == "Аптеки (32)" and layers["apteky"]["switchable"] and layers["apteky"]["cluster"]
    assert layers["apteky"]["url"] == "/api/v3/directory/geojson/" and layers["apteky"]["urlTemplate"] == "/mapa/{id}/"
    # No inline script: a strict Content-Security-Policy holds; Leaflet is ours.
    assert re.findall(r"<script(?![^>]*(?:\bsrc=|application/json))[^>]*>", html) == []
    assert "/static/vendor/leaflet/leaflet.js" in html


def test_search_and_filters_without_javascript(client, directory_page, places, monkeypatch):
    assert names(client.get("/mapa/", {"q": "миру"})) == ["Ліцей № 3"]
    assert names(client.get("/mapa/", {"category": "shkoly"})) == ["Ліцей № 3"]
    assert names(client.get("/mapa/", {"features": ["ramp", "lift"]})) == ["Ліцей № 3"]
    saturday = datetime.datetime(2026, 12, 12, 10, 0, tzinfo=KYIV)
    monkeypatch.setattr(timezone, "now", lambda: saturday)
    response = client.get("/mapa/", {"open_now": "on"})
    assert names(response) == ["Аптека «Близька»"] and "Відчинено зараз" in response.content.decode()


def test_nearest_first(client, directory_page, places):
    response = client.get("/mapa/", {"lat": "49.5700", "lon": "34.5200"})
    assert names(response) == ["Ліцей № 3", "Аптека «Близька»", "Аптека «Далека»"]
    assert "0,0 км" in response.content.decode() and "спершу найближчі" in response.content.decode()


@pytest.mark.parametrize(("params", "message"), [
    ({"category": "nope"}, "Такої категорії немає"),
    ({"lat": "49.5"}, "вкажіть і широту, і довготу"),
    ({"lat": "north", "lon": "34"}, "Широта має бути числом"),
    ({"features": "elevator"}, "Такої ознаки доступності немає"),
    ({"page": "99"}, "немає такої сторінки"),
])
def test_bad_filters_get_a_clear_message_never_a_500(client, directory_page, places, params, message):
    response = client.get("/mapa/", params)
    assert response.status_code in (400, 404) and message in response.content.decode()


def test_object_page_with_hours_accessibility_and_a_small_map(client, directory_page, places):
    place = places[2]
    place.opening_hours = {"mon": [["08:00", "12:00"], ["13:00", "17:00"]]}
    place.services = "Запис до першого класу\nДовідки"
    place.last_checked = datetime.date(2026, 11, 30)
    place.save()
    response = client.get(f"/mapa/{place.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and "Ліцей № 3" in html
    assert "08:00-12:00, 13:00-17:00" in html and "вихідний" in html
    assert "Пандус: <strong>так</strong>" in html and "Паркування для людей з інвалідністю: невідомо" in html
    assert "<li>Запис до першого класу</li>" in html and "Дані востаннє перевірено 30 листопада 2026" in html
    assert 'data-portal-map="object-map-config"' in html


def test_unpublished_and_missing_objects_are_404(client, directory_page, places):
    assert client.get(f"/mapa/{places[3].pk}/").status_code == 404
    assert client.get(f"/mapa/{places[3].pk}/vypravlennia/").status_code == 404
    assert client.get("/mapa/999999/").status_code == 404


def test_a_resident_suggests_a_correction(client, directory_page, places, resident):
    url = f"/mapa/{places[0].pk}/vypravlennia/"
    assert client.get(url).status_code == 302  # log in first
    client.force_login(resident)
    response = client.post(url, {"kind": "accessibility", "text": "Пандус є біля входу з двору"})
    assert response.status_code == 302 and response["Location"] == f"/mapa/{places[0].pk}/"
    correction = Correction.objects.get()
    assert (correction.author, correction.kind, correction.status) == (resident, "accessibility", "pending")
    response = client.post(url, {"kind": "wrong", "text": ""})
    assert response.status_code == 400 and Correction.objects.count() == 1


def test_an_unverified_resident_cannot_send_corrections(client, directory_page, places, unverified_resident):
    client.force_login(unverified_resident)
    response = client.post(f"/mapa/{places[0].pk}/vypravlennia/", {"kind": "hours", "text": "Працює до 21:00"})
    assert response.status_code == 403 and "Підтвердіть адресу електронної пошти" in response.content.decode()
    assert not Correction.objects.exists()


class DirectoryPageTreeTests(WagtailPageTestCase):
    def test_the_directory_lives_under_the_home_page_and_has_no_children(self):
        self.assertAllowedParentPageTypes(DirectoryPage, {HomePage})
        self.assertAllowedSubpageTypes(DirectoryPage, set())


@pytest.mark.parametrize(("path", "status"), [
    ("/mapa/?q=%00abc", 400), ("/mapa/?lat=nan&lon=1", 400), ("/mapa/?page=0", 400),
    ("/mapa/99999999999999999999999/", 404), ("/api/v3/directory/objects/?q=%00abc", 400),
    ("/api/v3/directory/objects/?near=nan,nan", 400), ("/api/v3/directory/objects/?bbox=inf,0,0,0", 400),
    ("/api/v3/directory/geojson/?category=%00", 400), ("/api/v3/directory/objects/99999999999999999999/", 404),
])
def test_hostile_input_gets_a_clear_answer_never_a_500(client, directory_page, places, path, status):
    assert client.get(path).status_code == status


def test_site_search_finds_published_places_and_the_catalogue_lists_the_open_data(client, directory_page, places):
    response = client.get("/poshuk/", {"q": "ліцей"})
    html = response.content.decode()
    badge = '<span class="badge">Місце на мапі міста</span>'  # the type's name is also in the filter's options
    assert response.status_code == 200 and badge in html
    assert f'<a href="/mapa/{places[2].pk}/">Ліцей № 3</a>' in html and "вул. Миру, 3" in html
    assert "Місця на мапі міста (" in html  # the type's link names the list (plural), a hit its kind (singular)
    assert badge not in client.get("/poshuk/", {"q": "Прихована"}).content.decode()  # unpublished
    catalogue = client.get("/api/v3/open-data/").json()
    directory = next(item for item in catalogue if item["module"] == "directory")
    assert directory["downloads"]["csv"].endswith("/api/v3/directory/open-data/objects.csv")
