"""Find my deputy and a roll-call vote table in a real browser: no console errors, no serious axe findings."""
import datetime

import pytest
from django.utils import timezone

from sessions.models import AddressRecord, AgendaItem, VoteEvent, VoteRecord
from tests.council.factories import (
    ConvocationFactory,
    DeputyIndexPageFactory,
    DeputyPageFactory,
    DistrictFactory,
    FactionFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
    square,
)
from tests.e2e.conftest import serious_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_find_my_deputy_by_address_and_a_vote_table(live_server, browser_page, home_page):
    convocation = ConvocationFactory()
    faction = FactionFactory(convocation=convocation, name="Фракція «Громада»", short_name="Громада")
    district = DistrictFactory(number=1, name="Центральний округ", boundary=square(34.50, 49.50))
    deputies_index = DeputyIndexPageFactory(parent=home_page)
    deputy = DeputyPageFactory(parent=deputies_index, family_name="Ковальчук", given_name="Ірина",
                               patronymic="Олегівна", faction=faction, district=district)
    AddressRecord(uid="a-1", thoroughfare="вул. Шевченка", locator_designator="15-А", district=district).save()
    sessions_index = SessionIndexPageFactory(parent=home_page)
    session = SessionPageFactory.build(convocation=convocation, title="45 сесія",
                                       start=timezone.now() - datetime.timedelta(days=1))
    session.agenda_items = [AgendaItem(title="Про бюджет", motion_uid="m-1")]
    sessions_index.add_child(instance=session)
    vote = VoteEvent.objects.create(session=session, uid="v-1", motion_uid="m-1", title="Про бюджет",
                                    result="Прийнято", votes_for=1)
    VoteRecord.objects.create(event=vote, deputy=deputy, choice="За", faction=faction)
    page = browser_page

    page.goto(f"{live_server.url}{deputies_index.url}znaity-deputata/")
    page.get_by_label("Вулиця").fill("Шевченка")
    page.get_by_label("Номер будинку").fill("15а")
    page.get_by_role("button", name="Знайти").first.click()
    page.wait_for_load_state()
    assert "Ваш округ: № 1 Центральний округ" in page.content()
    assert page.get_by_role("link", name="Ковальчук Ірина Олегівна").count() >= 1
    assert page.get_by_role("button", name="Використати моє місцеперебування").is_visible()
    assert page.console_errors == []
    assert serious_axe_violations(page) == []

    page.goto(f"{live_server.url}{sessions_index.url}holosuvannia/{vote.pk}/")
    row = page.get_by_role("row", name="Ковальчук Ірина Олегівна")
    assert "За" in row.inner_text()
    assert page.console_errors == []
    assert serious_axe_violations(page) == []


def test_clicking_a_district_on_the_map_shows_its_deputies(live_server, browser_page, home_page):
    district = DistrictFactory(number=1, name="Центральний округ", boundary=square(34.50, 49.50))
    DistrictFactory(number=2, name="Північний округ", boundary=square(34.52, 49.50))
    deputies_index = DeputyIndexPageFactory(parent=home_page)
    DeputyPageFactory(parent=deputies_index, family_name="Ковальчук", given_name="Ірина", patronymic="Олегівна",
                      faction=None, district=district)
    page = browser_page
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:") else None)

    page.goto(f"{live_server.url}{deputies_index.url}znaity-deputata/")
    page.wait_for_selector("#districts-map[data-map-ready]")
    assert serious_axe_violations(page) == []
    page.locator("#districts-map path.leaflet-interactive").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "№ 1 Центральний округ" in popup.inner_text()
    popup.get_by_role("link", name="Ковальчук Ірина Олегівна").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ковальчук Ірина Олегівна").count() == 1
    assert page.console_errors == []
    assert outside == []
