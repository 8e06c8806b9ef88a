"""A resident sends an appeal with a point on the map in a real browser and finds it in the cabinet and on the list's
map; the form, the appeal's page, the cabinet, the public list and the statistics pass axe (no serious or critical
violations)."""
import pytest

from appeals.models import Appeal, AppealIndexPage, Category, Service
from tests.appeals.conftest import TEXT
from tests.e2e.conftest import serious_axe_violations
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_resident_submits_an_appeal_with_a_point_and_sees_it_in_the_cabinet(live_server, browser_page, resident,
                                                                           home_page):
    index = AppealIndexPage(title="Звернення", slug="zvernennia")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    water = Service.objects.create(name="КП «Міськводоканал»", short_name="Водоканал")
    Category.objects.create(name="Водопостачання", slug="water", service=water)
    page = browser_page
    page.goto(f"{live_server.url}/account/login/?next=/zvernennia/nove/")
    page.get_by_label("Електронна пошта").fill(resident.email)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/zvernennia/nove/")
    page.wait_for_load_state("load")
    assert serious_axe_violations(page) == []

    page.get_by_label("Скарга").check()
    page.get_by_label("Категорія").select_option(label="Водопостачання")
    page.get_by_label("Текст звернення").fill(TEXT)
    page.get_by_label("Адреса").fill("вул. Соборна, 12")
    page.get_by_label("Широта").fill("49.5912")
    page.get_by_label("Довгота").fill("34.5531")
    page.get_by_role("button", name="Надіслати звернення").click()
    page.wait_for_load_state("load")
    appeal = Appeal.objects.get()
    assert page.url == f"{live_server.url}/zvernennia/{appeal.pk}/"
    assert f"Звернення № {appeal.number}" in page.content() and "49.591200" in page.content()
    assert serious_axe_violations(page) == []

    page.goto(f"{live_server.url}/zvernennia/moi/", wait_until="load")
    assert page.get_by_role("link", name=f"№ {appeal.number}").is_visible()
    assert serious_axe_violations(page) == []
    for url in ("/zvernennia/", "/zvernennia/statystyka/"):
        page.goto(f"{live_server.url}{url}", wait_until="load")
        assert serious_axe_violations(page) == [], url
        if url == "/zvernennia/":  # the map fetches its points from their own address and draws the appeal's
            page.wait_for_selector("#appeals-map[data-map-ready=true]")
            assert page.locator("#appeals-map .leaflet-marker-icon").count() == 1
    assert page.console_errors == []
    assert (float(appeal.latitude), float(appeal.longitude)) == (49.5912, 34.5531)
