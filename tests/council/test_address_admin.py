"""The address register in the admin: the secretariat finds an address (search by street, filter by district),
corrects it with the import's rules and the change shows in «Find my deputy»; other roles get neither the list nor
its pages."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from sessions.models import AddressRecord
from tests.factories import login_with_mfa

from .conftest import assert_refused, staff
from .factories import DeputyPageFactory
from .test_find_my_deputy import import_file

INDEX = reverse("council_addresses:index")


def address(uid, street, house, district, building=""):
    record = AddressRecord(uid=uid, thoroughfare=street, locator_designator=house, locator_building=building,
                           district=district)
    record.save()
    return record


@pytest.fixture
def register(districts, deputy):
    return {"shevchenka_15a": address("a-1", "вул. Шевченка", "15-А", districts[1]),
            "shevchenka_9": address("a-2", "вул. Шевченка", "9", districts[0]),
            "nezalezhnosti_3": address("a-3", "просп. Незалежності", "3", districts[1]),
            "franka_1": address("a-4", "вул. Івана Франка", "1", districts[0])}


@pytest.fixture
def secretariat_client(client, roles):
    login_with_mfa(client, staff("council_secretariat"))
    return client


def edit_url(record):
    return reverse("council_addresses:edit", args=[record.pk])


def form_data(record, **changes):
    data = {"thoroughfare": record.thoroughfare, "locator_designator": record.locator_designator,
            "locator_building": record.locator_building, "post_name": record.post_name,
            "post_code": record.post_code, "status": record.status, "district": record.district_id}
    return {**data, **changes}


def test_the_list_shows_every_column_in_street_and_house_order(secretariat_client, register):
    response = secretariat_client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("вул. Шевченка", "просп. Незалежності", "вул. Івана Франка", "15-А", "№ 1 ", "№ 2 ",
                 "Коваленко Олена Петрівна", "Додати адресу"):
        assert text in html, text
    # streets by name whatever their type word (Івана Франка, Незалежності, Шевченка), houses by number: 9 before 15
    franka, nezalezhnosti = html.index("вул. Івана Франка"), html.index("просп. Незалежності")
    assert franka < nezalezhnosti < html.index(edit_url(register["shevchenka_9"])) < html.index(
        edit_url(register["shevchenka_15a"]))


@pytest.mark.parametrize("query", ["ШЕВЧЕНКА", "шевченка", "вул. Шевченка", "  Шевч"])
def test_search_by_street_ignores_case_and_street_type(secretariat_client, register, query):
    html = secretariat_client.get(INDEX, {"q": query}).content.decode()
    assert edit_url(register["shevchenka_15a"]) in html and edit_url(register["shevchenka_9"]) in html
    assert edit_url(register["nezalezhnosti_3"]) not in html and edit_url(register["franka_1"]) not in html


def test_search_treats_every_apostrophe_as_one_letter(secretariat_client, register, districts):
    record = address("a-5", "вул. Мар'яненка", "2", districts[0])  # typed with the ASCII apostrophe
    for query in ("МАРʼЯНЕНКА", "мар’яненка"):
        html = secretariat_client.get(INDEX, {"q": query}).content.decode()
        assert edit_url(record) in html and edit_url(register["shevchenka_9"]) not in html, query


def test_filter_by_district(secretariat_client, register, districts):
    html = secretariat_client.get(INDEX, {"district": districts[1].pk}).content.decode()
    assert edit_url(register["shevchenka_15a"]) in html and edit_url(register["nezalezhnosti_3"]) in html
    assert edit_url(register["shevchenka_9"]) not in html and edit_url(register["franka_1"]) not in html


def test_the_list_takes_as_many_queries_for_60_rows_as_for_10(secretariat_client, districts, deputy, deputy_index,
                                                               django_assert_max_num_queries):
    DeputyPageFactory(parent=deputy_index, family_name="Другий", district=districts[1])
    for number in range(10):
        address(f"q-{number}", "вул. Садова", str(number + 1), districts[number % 2])
    with CaptureQueriesContext(connection) as ten_rows:
        assert secretariat_client.get(INDEX).status_code == 200
    for number in range(10, 60):
        address(f"q-{number}", "вул. Садова", str(number + 1), districts[number % 2])
    with django_assert_max_num_queries(len(ten_rows)):
        html = secretariat_client.get(INDEX).content.decode()
    assert html.count("Коваленко Олена Петрівна") >= 25 and "Другий" in html


def test_an_edit_fixes_the_district_and_find_my_deputy_answers_with_it(secretariat_client, register, districts,
                                                                       deputy_index):
    record = register["shevchenka_15a"]
    find_url = deputy_index.url + "znaity-deputata/"
    assert "Ваш округ: № 2" in secretariat_client.get(find_url, {"street": "Шевченка", "house": "15а"}).content.decode()
    response = secretariat_client.post(edit_url(record), form_data(record, district=districts[0].pk))
    assert response.status_code == 302
    html = secretariat_client.get(find_url, {"street": "Шевченка", "house": "15а"}).content.decode()
    assert "Ваш округ: № 1" in html and "Коваленко Олена Петрівна" in html
    assert ModelLogEntry.objects.filter(object_id=str(record.pk), action="wagtail.edit").exists()


@pytest.mark.parametrize(("house", "message"), [
    ("-", "У номері будинку «-» немає ні цифр, ні літер."),
    ("", "Вулиця і номер будинку обовʼязкові."),
])
def test_a_house_number_the_import_refuses_is_refused_with_its_words(secretariat_client, register, tmp_path, house,
                                                                     message):
    record = register["shevchenka_9"]
    response = secretariat_client.post(edit_url(record), form_data(record, locator_designator=house))
    assert response.status_code == 200 and message in response.content.decode()
    record.refresh_from_db()
    assert record.locator_designator == "9" and record.house_key == "9"
    # the import refuses the same line with the same words
    with pytest.raises(Exception):  # noqa: B017, PT011 — CommandError, its lines in stderr
        import_file(tmp_path, [{"uid": "a-9", "addressThoroughfare": "вул. Садова", "addressLocatorDesignator": house,
                                "areaId": "1"}])
    assert f"Рядок 2: {message[0].lower()}{message[1:]}" in import_file.err
    assert not ModelLogEntry.objects.filter(object_id=str(record.pk)).exists()


def test_a_duplicate_address_is_refused_on_add_and_on_edit(secretariat_client, register, districts):
    response = secretariat_client.post(reverse("council_addresses:add"), {
        "uid": "new-1", "thoroughfare": "Шевченка", "locator_designator": "15 а", "district": districts[0].pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Ця адреса вже є в реєстрі: «вул. Шевченка, 15-А» (uid a-1" in html
    assert not AddressRecord.objects.filter(uid="new-1").exists()
    record = register["shevchenka_9"]
    response = secretariat_client.post(edit_url(record), form_data(record, locator_designator="15-а"))
    assert response.status_code == 200 and "Ця адреса вже є в реєстрі" in response.content.decode()
    record.refresh_from_db()
    assert record.locator_designator == "9"


def test_the_secretariat_adds_and_deletes_an_address_and_the_log_keeps_both(secretariat_client, register,
                                                                           districts):
    response = secretariat_client.post(reverse("council_addresses:add"), {
        "uid": "new-2", "thoroughfare": "вул. Шевченка", "locator_designator": "15", "locator_building": "",
        "district": districts[0].pk})
    assert response.status_code == 302
    added = AddressRecord.objects.get(uid="new-2")
    assert added.street_key == "шевченка" and added.house_key == "15"
    assert ModelLogEntry.objects.filter(object_id=str(added.pk), action="wagtail.create").exists()
    delete_url = reverse("council_addresses:delete", args=[added.pk])
    confirmation = secretariat_client.get(delete_url)
    assert confirmation.status_code == 200 and "вул. Шевченка, 15" in confirmation.content.decode()
    assert AddressRecord.objects.filter(pk=added.pk).exists()  # nothing goes before the confirmation
    assert secretariat_client.post(delete_url).status_code == 302
    assert not AddressRecord.objects.filter(pk=added.pk).exists()
    assert ModelLogEntry.objects.filter(object_id=str(added.pk), action="wagtail.delete").exists()


def test_the_import_page_and_the_list_link_to_each_other(secretariat_client, register):
    assert INDEX in secretariat_client.get(reverse("council_addresses_import")).content.decode()
    assert reverse("council_addresses_import") in secretariat_client.get(INDEX).content.decode()


@pytest.mark.parametrize("role", ["press_office", "moderators", "deputies"])
def test_other_roles_get_no_address_pages(client, roles, register, role):
    login_with_mfa(client, staff(role))
    record = register["shevchenka_9"]
    for url in (INDEX, reverse("council_addresses:add"), edit_url(record),
                reverse("council_addresses:delete", args=[record.pk])):
        assert_refused(client.get(url))
    assert_refused(client.post(edit_url(record), form_data(record, locator_designator="99")))
    assert_refused(client.post(reverse("council_addresses:delete", args=[record.pk])))
    record.refresh_from_db()
    assert record.locator_designator == "9"
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert INDEX not in dashboard
