"""Deputies: index filters, factions, the deputy page, import/export in 30-deputies.csv columns, own records."""
import csv
import datetime
import io

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from cms.roles import role_group
from sessions import imports, services
from sessions.models import (
    CommitteeMembership,
    DeputyIndexPage,
    DeputyPage,
    DeputyReport,
    ReceptionSchedule,
    ReceptionSlot,
)
from sessions.resources import DEPUTY_COLUMNS
from tests.factories import UserFactory, activate_totp, login_with_mfa
from tests.open_data_standard import standard_file

from .conftest import assert_refused
from .factories import DeputyPageFactory


def test_page_tree_rules():
    utils = WagtailTestUtils()
    assert set(DeputyIndexPage.allowed_subpage_models()) == {DeputyPage}
    assert DeputyPage.allowed_parent_page_models() == [DeputyIndexPage]
    del utils


def test_index_filters_by_faction_committee_and_district(client, deputy_index, deputy, factions, districts,
                                                        committee):
    other = DeputyPageFactory(parent=deputy_index, family_name="Шевченко", faction=factions[1],
                              district=districts[1])
    CommitteeMembership.objects.create(committee=committee, deputy=other, post="chair")
    url = deputy_index.url
    html = client.get(url).content.decode()
    assert "Коваленко" in html and "Шевченко" in html
    html = client.get(url, {"faction": "hromada"}).content.decode()
    assert "Коваленко" in html and "Шевченко" not in html
    html = client.get(url, {"committee": "biudzhet"}).content.decode()
    assert "Коваленко" not in html and "Шевченко" in html
    html = client.get(url, {"district": str(districts[1].number)}).content.decode()
    assert "Коваленко" not in html and "Шевченко" in html
    response = client.get(url, {"faction": "nemaie"})
    assert response.status_code == 400 and "Такої фракції немає." in response.content.decode()


def test_factions_page_lists_members(client, deputy_index, deputy):
    html = client.get(deputy_index.url + "fraktsii/").content.decode()
    assert "Фракція «Громада»" in html and "Коваленко Олена Петрівна" in html


def test_deputy_page_shows_reception_schedule_and_reports(client, deputy):
    schedule = ReceptionSchedule.objects.create(deputy=deputy, post_name="Світлогірськ",
                                                thoroughfare="вул. Соборна", locator_designator="1")
    ReceptionSlot.objects.create(schedule=schedule, day_from=1, day_to=5, time_from=datetime.time(9),
                                 time_to=datetime.time(12))
    DeputyReport.objects.create(deputy=deputy, year=2025, title="Звіт за 2025 рік")
    response = client.get(deputy.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Пн–Пт 09:00–12:00" in html and "вул. Соборна 1" in html and "Звіт за 2025 рік" in html
    assert schedule.opening_hours == "Пн-Пт 09:00-12:00"


def test_deputy_page_query_count_does_not_grow_with_votes(client, deputy, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        assert client.get(deputy.url).status_code == 200


# --- import / export ---------------------------------------------------------------------------------
def deputy_row(**values) -> dict:
    row = dict.fromkeys(DEPUTY_COLUMNS, "null")
    row.update({"id": "0001-АБ", "votingIdentifier": "dep-1", "familyName": "Ґудзь", "name": "Марія",
                "additionalName": "Іванівна", "gender": "2", "birthDate": "1980-12-01",
                "biography": "Вчителька.", "partyName": "Партія", "email": "gudz@example.com",
                "telephone": "+380501234567", "account": "https://facebook.com/gudz",
                "factionName": "Фракція «Громада»", "factionPost": "Заступник голови фракції",
                "commissionName": "Бюджетна комісія", "commissionPost": "Секретар", "areaId": "1",
                "addressPostName": "Світлогірськ", "addressThoroughfare": "вул. Соборна",
                "addressLocatorDesignator": "1", "openingHours": "Пн-Пт 09:00-12:00; Сб 10:00-11:00",
                "availabilityRestriction": "За записом"})
    row.update(values)
    return row


def csv_bytes(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DEPUTY_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def import_setup(deputy_index, factions, committee, districts):
    return deputy_index


def test_export_has_exactly_the_open_data_columns(import_setup, deputy):
    from sessions.resources import DeputyResource

    with open(standard_file("30-deputies.csv"), encoding="utf-8") as standard:
        assert DEPUTY_COLUMNS == [row["name"] for row in csv.DictReader(standard)]
    dataset = DeputyResource().export()
    assert dataset.headers == DEPUTY_COLUMNS
    assert dataset.dict[0]["familyName"] == "Коваленко" and dataset.dict[0]["factionName"] == "Фракція «Громада»"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_import_creates_deputies_with_schedule_and_committee_and_is_idempotent(import_setup, districts, encoding):
    data = csv_bytes([deputy_row(), deputy_row(id="0002-АБ", votingIdentifier="dep-2", familyName="Гудзь",
                                               commissionName="null", areaId="null", factionName="Позафракційний")],
                     encoding)
    try:
        report = imports.deputies_import(data=data, filename="deputies.csv")
    except services.CouncilError as error:
        raise AssertionError(error.lines)
    assert report.created == 2
    first = DeputyPage.objects.get(external_id="0001-АБ")
    assert first.live and first.title == "Ґудзь Марія Іванівна" and first.district == districts[0]
    assert first.faction.slug == "hromada" and first.faction_post == "deputy_head"
    assert first.committee_memberships.get().post == "secretary"
    assert first.reception.opening_hours == "Пн-Пт 09:00-12:00; Сб 10:00-11:00"
    assert [link.url for link in first.social_links.all()] == ["https://facebook.com/gudz"]
    assert DeputyPage.objects.get(external_id="0002-АБ").faction is None
    imports.deputies_import(data=data, filename="deputies.csv")
    assert DeputyPage.objects.count() == 2 and CommitteeMembership.objects.count() == 1
    assert ReceptionSlot.objects.count() == 4


@pytest.mark.parametrize(("row", "message"), [
    ({"factionName": "Фракція «Невідома»"}, "Фракції «Фракція «Невідома»» немає"),
    ({"commissionName": "Комісія з питань космосу"}, "Комісії «Комісія з питань космосу» немає"),
    ({"areaId": "99"}, "Виборчого округу № 99 немає"),
    ({"openingHours": "щодня зранку"}, "не у формі"),
    ({"gender": "5"}, "Стать має бути"),
    ({"birthDate": "01.12.1980"}, "РРРР-ММ-ДД"),
])
def test_a_bad_line_rejects_the_whole_file(import_setup, row, message):
    data = csv_bytes([deputy_row(id="0009-АБ", votingIdentifier="dep-9"), deputy_row(**row)])
    with pytest.raises(services.CouncilError) as error:
        imports.deputies_import(data=data, filename="deputies.csv")
    assert error.value.code == "invalid_rows"
    assert any(line.startswith("Рядок 3") and message in line for line in error.value.lines), error.value.lines
    assert not DeputyPage.objects.exists() and not ReceptionSchedule.objects.exists()


@pytest.mark.parametrize(("data", "filename", "message"), [
    ("ідентифікатор,прізвище\n1,Ґудзь\n".encode("koi8-u"), "deputies.csv", "не UTF-8 і не Windows-1251"),
    ("id,familyName\n1,Ґудзь\n".encode("utf-16"), "deputies.csv", "UTF-16"),
    (b"id;x\n", "deputies.pdf", "CSV або XLSX"),
    (b"not a zip", "deputies.xlsx", "XLSX"),
    (b"familyName\nX\n", "deputies.csv", "немає стовпців id, name"),
])
def test_unreadable_files_are_reported_clearly(import_setup, data, filename, message):
    with pytest.raises(services.CouncilError) as error:
        imports.deputies_import(data=data, filename=filename)
    assert message in error.value.message
    assert not DeputyPage.objects.exists()


def test_admin_import_and_export_for_the_secretariat(client, secretary, import_setup):
    login_with_mfa(client, secretary)
    url = reverse("council_deputy_import")
    assert client.get(url).status_code == 200
    bad = io.BytesIO(csv_bytes([deputy_row(areaId="77")]))
    bad.name = "deputies.csv"
    response = client.post(url, {"file": bad})
    assert response.status_code == 400 and "Рядок 2" in response.content.decode()
    good = io.BytesIO(csv_bytes([deputy_row()]))
    good.name = "deputies.csv"
    assert client.post(url, {"file": good}).status_code == 302
    assert DeputyPage.objects.filter(external_id="0001-АБ").exists()
    exported = client.get(reverse("council_deputy_export"), {"format": "csv"})
    assert exported.status_code == 200
    assert exported.content.decode("utf-8").splitlines()[0] == ",".join(DEPUTY_COLUMNS)
    assert client.get(reverse("council_deputy_export"), {"format": "xlsx"}).status_code == 200


# --- deputies edit only their own reception schedule and reports ---------------------------------------
@pytest.fixture
def deputy_user(roles, deputy):
    user = UserFactory()
    user.groups.add(role_group("deputies"))
    activate_totp(user)
    deputy.user = user
    deputy.save()
    return user


def test_a_deputy_edits_only_their_own_reception_schedule_and_reports(client, deputy_user, deputy, deputy_index):
    other = DeputyPageFactory(parent=deputy_index, family_name="Інший")
    own = ReceptionSchedule.objects.create(deputy=deputy, thoroughfare="вул. Соборна", locator_designator="1")
    foreign = ReceptionSchedule.objects.create(deputy=other, thoroughfare="вул. Паркова", locator_designator="2")
    login_with_mfa(client, deputy_user)
    listing = client.get(reverse("wagtailsnippets_council_receptionschedule:list")).content.decode()
    assert "Коваленко" in listing and "Інший" not in listing
    own_url = reverse("wagtailsnippets_council_receptionschedule:edit", args=[own.pk])
    assert client.get(own_url).status_code == 200
    response = client.post(own_url, {
        "deputy": deputy.pk, "post_code": "", "post_name": "Світлогірськ", "thoroughfare": "вул. Нова",
        "locator_designator": "5", "locator_building": "", "locator_name": "", "restriction": "",
        "slots-TOTAL_FORMS": "1", "slots-INITIAL_FORMS": "0", "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000", "slots-0-day_from": "2", "slots-0-day_to": "", "slots-0-time_from": "10:00",
        "slots-0-time_to": "12:00", "slots-0-ORDER": "1", "slots-0-id": "", "slots-0-DELETE": ""})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.thoroughfare == "вул. Нова" and own.opening_hours == "Вт 10:00-12:00"
    foreign_url = reverse("wagtailsnippets_council_receptionschedule:edit", args=[foreign.pk])
    client.get(own_url)  # shows, and so clears, the «updated» message of the save above
    assert_refused(client.get(foreign_url))
    response = client.post(reverse("wagtailsnippets_council_deputyreport:add"),
                           {"deputy": other.pk, "year": "2025", "title": "Чужий звіт", "summary": ""})
    assert response.status_code == 200 and not DeputyReport.objects.exists()  # the other deputy is not a choice
    response = client.post(reverse("wagtailsnippets_council_deputyreport:add"),
                           {"deputy": deputy.pk, "year": "2025", "title": "Мій звіт", "summary": ""})
    assert response.status_code == 302 and DeputyReport.objects.get().deputy == deputy


def test_the_secretariat_edits_every_schedule(client, secretary, deputy):
    schedule = ReceptionSchedule.objects.create(deputy=deputy, thoroughfare="вул. Соборна", locator_designator="1")
    login_with_mfa(client, secretary)
    url = reverse("wagtailsnippets_council_receptionschedule:edit", args=[schedule.pk])
    assert client.get(url).status_code == 200


def test_deputy_index_query_count_does_not_grow(client, deputy_index, deputy, factions, committee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(deputy_index.url)
    with CaptureQueriesContext(connection) as few:
        client.get(deputy_index.url)
    for number in range(12):
        other = DeputyPageFactory(parent=deputy_index, faction=factions[number % 2])
        CommitteeMembership.objects.create(committee=committee, deputy=other)
    with CaptureQueriesContext(connection) as many:
        assert "Коваленко" in client.get(deputy_index.url).content.decode()
    assert len(few) == len(many)
