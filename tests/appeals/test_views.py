"""Public pages of appeals through real HTTP: the form without JavaScript, the author's clarification and rating,
filters, statistics, the admin's processing page and its colour-coded list, and bounded queries for lists."""
import datetime

import pytest
from django.utils import timezone

from appeals import services
from appeals.models import Appeal, AppealPhoto
from tests.factories import UserFactory, login_with_mfa

from .conftest import TEXT, photo, submit

pytestmark = pytest.mark.django_db


def form_data(chosen, **extra):
    data = {"kind": "complaint", "addressee": "service", "category": chosen.pk, "text": TEXT,
            "address": "вул. Соборна, 12", "latitude": "49.5912", "longitude": "34.5531", "is_public": "public"}
    data.update(extra)
    return data


def test_resident_submits_with_a_point_and_photo_and_sees_it_in_the_cabinet(client, resident, water_category,
                                                                          appeal_index, mail):
    client.force_login(resident)
    form = client.get("/zvernennia/nove/").content.decode()
    # Plain inputs the portal's map component enhances into a point picker.
    assert "data-map-picker" in form and "data-map-lat" in form and "data-map-lon" in form
    with mail.sending():
        response = client.post("/zvernennia/nove/", {**form_data(water_category), "photos": [photo()]})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/zvernennia/{appeal.pk}/"
    assert appeal.kind == "complaint" and str(appeal.latitude) == "49.591200" and appeal.photos.count() == 1
    assert appeal.number in mail[0].subject
    cabinet = client.get("/zvernennia/moi/").content.decode()
    assert f"№ {appeal.number}" in cabinet
    page = client.get(f"/zvernennia/{appeal.pk}/").content.decode()
    assert "Зареєстровано" in page and "вул. Соборна, 12" in page


def test_anonymous_visitor_is_sent_to_log_in(client, appeal_index):
    response = client.get("/zvernennia/nove/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize("field, value, message", [
    ("text", "", "щонайменше 20 символами"),
    ("latitude", "50.45", "поза межами міста"),
    ("category", "999999", "Виберіть категорію зі списку"),
    ("addressee", "deputy-999999", "Виберіть депутата зі списку"),
])
def test_bad_input_shows_a_ukrainian_message_and_saves_nothing(client, resident, water_category, appeal_index,
                                                               field, value, message):
    client.force_login(resident)
    response = client.post("/zvernennia/nove/", form_data(water_category, **{field: value}))
    assert response.status_code == 422 and message in response.content.decode()
    assert not Appeal.objects.exists()


def test_disallowed_photo_is_refused_with_its_name(client, resident, water_category, appeal_index):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    fake = SimpleUploadedFile("script.png", b"<?php echo 1; ?>", content_type="image/png")
    response = client.post("/zvernennia/nove/", {**form_data(water_category), "photos": [fake]})
    assert response.status_code == 422 and "script.png" in response.content.decode()
    assert not Appeal.objects.exists() and not AppealPhoto.objects.exists()


def test_nameless_and_unverified_residents_are_told_what_to_do(client, water_category, appeal_index,
                                                               unverified_resident):
    client.force_login(UserFactory(full_name=""))
    assert "Спершу додайте у профілі своє повне імʼя" in client.get("/zvernennia/nove/").content.decode()
    response = client.post("/zvernennia/nove/", form_data(water_category))
    assert response.status_code == 422 and not Appeal.objects.exists()
    client.force_login(unverified_resident)
    response = client.post("/zvernennia/nove/", form_data(water_category))
    assert response.status_code == 422 and not Appeal.objects.exists()


def test_deputy_page_link_preselects_the_deputy(client, resident, water_category, deputy, appeal_index):
    client.force_login(resident)
    html = client.get(f"/zvernennia/nove/?deputy={deputy.pk}").content.decode()
    assert f'value="deputy-{deputy.pk}" id="id_addressee_' in html or f'value="deputy-{deputy.pk}" selected' in html
    response = client.post("/zvernennia/nove/", form_data(water_category, addressee=f"deputy-{deputy.pk}"))
    assert response.status_code == 302 and Appeal.objects.get().deputy_id == deputy.pk


def test_author_clarifies_and_rates_in_the_portal(client, resident, public_appeal, water_executor):
    services.appeal_request_clarification(appeal=public_appeal, by=water_executor, question="Котрий підʼїзд?")
    client.force_login(resident)
    page = client.get(f"/zvernennia/{public_appeal.pk}/").content.decode()
    assert "Котрий підʼїзд?" in page
    client.post(f"/zvernennia/{public_appeal.pk}/utochnennia/", {"answer": "Другий під'їзд"})
    assert public_appeal.clarifications.get().answer == "Другий під'їзд"
    services.appeal_answer(appeal=public_appeal, by=water_executor, text="Вивезли.")
    response = client.post(f"/zvernennia/{public_appeal.pk}/otsinka/",
                           {"satisfied": "no", "comment": "Не все", "reopen": "on"})
    assert response.status_code == 302
    public_appeal.refresh_from_db()
    assert public_appeal.status == Appeal.Status.RATED and public_appeal.reopen_requested


def test_someone_else_cannot_rate_or_clarify(client, public_appeal, water_executor):
    services.appeal_answer(appeal=public_appeal, by=water_executor, text="Вивезли.")
    client.force_login(UserFactory())
    response = client.post(f"/zvernennia/{public_appeal.pk}/otsinka/", {"satisfied": "yes"}, follow=True)
    assert "Лише автор звернення" in response.content.decode()
    public_appeal.refresh_from_db()
    assert public_appeal.status == Appeal.Status.ANSWERED and public_appeal.satisfied is None
    assert client.get(f"/zvernennia/{public_appeal.pk}/otsinka/").status_code == 405


def test_filters_by_status_district_and_period(client, resident, water_category, roads_category, district,
                                               appeal_index):
    inside = submit(resident, water_category, latitude="49.595", longitude="34.555")
    other = submit(resident, roads_category)
    html = client.get("/zvernennia/?district=Центральний округ").content.decode()
    assert f"№ {inside.number}" in html and f"№ {other.number}" not in html
    html = client.get("/zvernennia/?category=roads").content.decode()
    assert f"№ {other.number}" in html and f"№ {inside.number}" not in html
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "Немає звернень за цими фільтрами." in client.get(f"/zvernennia/?date_from={tomorrow}").content.decode()
    bad = client.get("/zvernennia/?date_from=2026-13-45")
    assert bad.status_code == 400 and "РРРР-ММ-ДД" in bad.content.decode()
    assert client.get("/zvernennia/?status=received").status_code == 400


def test_the_district_filter_offers_a_new_district_at_once_and_drops_one_no_public_appeal_names(
        client, resident, water_category, district, appeal_index):
    """The districts in use are kept between requests (reading them walks every public appeal); a saved or deleted
    appeal renews them."""
    option = '<option value="Центральний округ"'
    assert option not in client.get("/zvernennia/").content.decode()  # kept: no public appeal names it
    inside = submit(resident, water_category, latitude="49.595", longitude="34.555")
    assert option in client.get("/zvernennia/").content.decode()
    Appeal.objects.get(pk=inside.pk).delete()
    assert option not in client.get("/zvernennia/").content.decode()


def test_the_list_names_status_and_type_in_the_readers_language(client, settings, public_appeal, appeal_index):
    """The labels are translated once per language (appeals.models.choice_labels), never kept across languages."""

    def row_labels() -> tuple[str, str]:
        html = client.get("/zvernennia/").content.decode()
        status, after = html.split('appeal-status--assigned">')[1].split("</span>", 1)
        return status, after.split("·")[1].strip()

    assert row_labels() == ("Передано виконавцю", "Заява")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert row_labels() == ("Assigned to an executor", "Statement")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    assert row_labels() == ("Передано виконавцю", "Заява")


def test_statistics_page_has_figures_and_tables(client, public_appeal, water_executor, resident):
    services.appeal_answer(appeal=public_appeal, by=water_executor, text="Вивезли.")
    services.appeal_rate(appeal=public_appeal, author=resident, satisfied=True)
    html = client.get("/zvernennia/statystyka/").content.decode()
    assert "Водопостачання" in html and "100%" in html and "<table" in html


def test_admin_list_colours_deadlines_and_lists_overdue(client, public_appeal, dispatcher, resident,
                                                        roads_category):
    late = submit(resident, roads_category)
    Appeal.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    login_with_mfa(client, dispatcher)
    html = client.get("/admin/appeals/appeals/").content.decode()
    assert "строк минув" in html and "Конфіденційне" not in html and "Публічне" in html
    overdue = client.get("/admin/appeals/appeals/?deadline=overdue").content.decode()
    assert late.number in overdue and public_appeal.number not in overdue
    dashboard = client.get("/admin/").content.decode()
    assert "Звернення: строки" in dashboard and late.number in dashboard


def test_admin_processing_page_runs_the_services(client, public_appeal, water_executor, dispatcher, roads):
    login_with_mfa(client, water_executor)
    url = f"/admin/appeals/appeals/edit/{public_appeal.pk}/"
    client.post(url, {"action": "start", "needs_study": "on"})
    client.post(url, {"action": "note", "text": "Виїзд у четвер"})
    response = client.post(url, {"action": "extend", "until": "2000-01-01", "reason": "Експертиза"}, follow=True)
    assert "не пізніше" in response.content.decode()
    client.post(url, {"action": "answer", "text": "Вивезено."})
    public_appeal.refresh_from_db()
    assert public_appeal.status == Appeal.Status.ANSWERED and public_appeal.needs_study
    assert public_appeal.notes.get().text == "Виїзд у четвер"
    response = client.post(url, {"action": "assign", "service": roads.pk})
    public_appeal.refresh_from_db()
    assert public_appeal.service.name == "КП «Міськводоканал»"  # executors do not reassign


def test_public_list_runs_a_bounded_number_of_queries(client, resident, water_category, appeal_index, settings,
                                                      django_assert_max_num_queries):
    settings.APPEALS_SUBMIT_LIMIT = (100, 3600)
    for _ in range(3):
        submit(resident, water_category, photos=[photo()])
    client.get("/zvernennia/")
    with django_assert_max_num_queries(20) as few:
        client.get("/zvernennia/")
    few = len(few.captured_queries)  # now: the next request's start empties the connection's query log
    for _ in range(15):
        submit(resident, water_category, photos=[photo()])
    client.get("/zvernennia/")  # the new appeals renewed the kept districts
    with django_assert_max_num_queries(few):
        assert client.get("/zvernennia/").status_code == 200


def test_cabinet_and_api_lists_run_a_bounded_number_of_queries(client, resident, water_category, appeal_index,
                                                               settings, django_assert_max_num_queries):
    settings.APPEALS_SUBMIT_LIMIT = (100, 3600)
    for _ in range(3):
        submit(resident, water_category)
    client.force_login(resident)
    counts = {}
    for url in ("/zvernennia/moi/", "/api/v3/appeals/mine/", "/api/v3/appeals/", "/open311/v2/requests.json"):
        client.get(url)
        with django_assert_max_num_queries(25) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    for _ in range(12):
        submit(resident, water_category, is_public=True)
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_home_slot_shows_public_answers_only(rf, public_appeal, confidential_appeal, water_executor):
    from appeals.home_slot import render_recent_answers

    services.appeal_answer(appeal=public_appeal, by=water_executor, text="Вивезли.")
    services.appeal_answer(appeal=confidential_appeal, by=water_executor, text="Перевірили.")
    html = render_recent_answers(rf.get("/"))
    assert f"№ {public_appeal.number}" in html and f"№ {confidential_appeal.number}" not in html
    assert 'href="/zvernennia/nove/"' in html
