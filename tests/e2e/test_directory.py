"""The city directory in a real browser: layers switch off and on, the list opens an object, no serious axe
findings, no request leaves the portal (tests run without a tile server)."""
import pytest

from tests.directory.factories import CategoryFactory, CityObjectFactory, DirectoryPageFactory
from tests.e2e.conftest import serious_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_layers_switch_and_the_list_opens_an_object(live_server, browser_page, home_page):
    directory = DirectoryPageFactory(parent=home_page)
    pharmacies = CategoryFactory(name="Аптеки", slug="apteky", colour="#00703c")
    schools = CategoryFactory(name="Школи", slug="shkoly", colour="#1d70b8")
    # Far enough apart that none cluster at the zoom the map fits to.
    for n, (lat, lon) in enumerate([(49.570, 34.52), (49.600, 34.60), (49.585, 34.56)]):
        CityObjectFactory(name=f"Аптека № {n + 1}", category=pharmacies, latitude=lat, longitude=lon)
    CityObjectFactory(name="Ліцей № 3", category=schools, latitude=49.575, longitude=34.59, ramp=True)
    page = browser_page
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:")) else None)

    page.goto(f"{live_server.url}{directory.url}")
    page.wait_for_selector("#directory-map[data-map-ready]")
    markers = page.locator("#directory-map .leaflet-marker-icon")
    page.wait_for_function("document.querySelectorAll('#directory-map .map-dot').length === 4")
    assert serious_axe_violations(page) == []

    layer_switch = page.get_by_role("checkbox", name="Аптеки (3)")
    layer_switch.uncheck()
    page.wait_for_function("document.querySelectorAll('#directory-map .map-dot').length === 1")
    assert markers.first.get_attribute("title") == "Ліцей № 3"
    layer_switch.check()
    page.wait_for_function("document.querySelectorAll('#directory-map .map-dot').length === 4")

    # A marker's popup links to the object's page.
    page.locator("#directory-map .map-dot[title='Ліцей № 3']").click()
    assert page.locator(".leaflet-popup-content a", has_text="Ліцей № 3").count() == 1

    # The list (works without the map) opens the object page, with its small map.
    page.get_by_role("link", name="Ліцей № 3").first.click()
    page.wait_for_selector("#object-map[data-map-ready]")
    assert page.get_by_role("heading", level=1).inner_text() == "Ліцей № 3"
    assert "Пандус: так" in page.content().replace("<strong>", "").replace("</strong>", "")
    assert serious_axe_violations(page) == []
    assert page.console_errors == []
    assert outside == []


def test_the_point_picker_fills_the_coordinates(live_server, browser_page, home_page):
    directory = DirectoryPageFactory(parent=home_page)
    CityObjectFactory(name="Аптека", category=CategoryFactory(slug="apteky"))
    page = browser_page
    page.goto(f"{live_server.url}{directory.url}")
    picker = page.locator("fieldset[data-map-picker] .portal-map--picker")
    picker.wait_for()
    page.wait_for_selector("fieldset[data-map-picker] .portal-map[data-map-ready]")
    picker.click()
    latitude = page.get_by_label("Широта").input_value()
    longitude = page.get_by_label("Довгота").input_value()
    assert latitude and longitude and 40 < float(latitude) < 60 and 20 < float(longitude) < 40
    page.get_by_role("button", name="Показати").click()
    page.wait_for_load_state()
    assert "спершу найближчі" in page.content()
    assert page.console_errors == []
