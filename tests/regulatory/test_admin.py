"""The Wagtail admin of regulatory acts: the law's checks in the real edit form, who may edit, dashboard panels."""
import datetime

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from regulatory.models import RegulatoryActPage
from regulatory.services import Status, add_months
from sessions.models import Department
from tests.factories import UserFactory, login_with_mfa
from tests.factories.regulatory import AdoptedActFactory, DepartmentFactory, RegulatoryActPageFactory

pytestmark = pytest.mark.django_db
PERIOD_MESSAGE = "За законом зауваження приймаються щонайменше один місяць і щонайбільше три місяці"


def act_form_data(act=None, **overrides):
    department = act.department if act else DepartmentFactory()
    values = {
        "title": act.title if act else "Про правила торгівлі на ринках",
        "slug": act.slug if act else "pravyla-torhivli",
        "kind": "council", "status": act.status if act else Status.CONSULTATION,
        "department": department.pk, "summary": "Правила для підприємців, що торгують на ринках міста.",
        "draft_text": streamfield([("paragraph", rich_text("<p>Текст проєкту.</p>"))]),
        "documents": inline_formset([]),
        "impact_analysis": rich_text("<p>Аналіз регуляторного впливу.</p>"),
        "notice_date": "", "notice_text": rich_text("<p>Пропозиції надсилайте на economy@example.com.</p>"),
        "comment_start": "", "comment_end": "",
        "proposals_summary": rich_text(""), "proposals": inline_formset([]),
        "decision_number": "", "decision_date": "", "effective_date": "", "decision_title": "",
        "decision_url": "", "bibliographic_citation": "",
        "tracking_reports": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    if act and act.notice_date:
        values.update(notice_date=act.notice_date.isoformat(), comment_start=act.comment_start.isoformat(),
                      comment_end=act.comment_end.isoformat())
    values.update(overrides)
    return nested_form_data(values)


def test_the_admin_refuses_a_comment_period_shorter_than_a_month(client, register, officer):
    act = RegulatoryActPageFactory(parent=register)
    published = act.notice_date
    login_with_mfa(client, officer)
    url = f"/admin/pages/{act.pk}/edit/"
    assert client.get(url).status_code == 200

    response = client.post(url, act_form_data(act, comment_end=(published + datetime.timedelta(days=20)).isoformat()))

    assert response.status_code == 200  # the form comes back with the message
    html = response.content.decode()
    assert PERIOD_MESSAGE in html
    act.refresh_from_db()
    assert act.comment_end == add_months(published, 1)  # nothing saved
    assert not act.revisions.exists()  # not even a draft revision


def test_the_admin_refuses_a_period_longer_than_three_months(client, register, officer):
    act = RegulatoryActPageFactory(parent=register)
    login_with_mfa(client, officer)
    too_long = add_months(act.notice_date, 3) + datetime.timedelta(days=1)
    response = client.post(f"/admin/pages/{act.pk}/edit/", act_form_data(act, comment_end=too_long.isoformat()))
    assert response.status_code == 200
    assert PERIOD_MESSAGE in response.content.decode()
    act.refresh_from_db()
    assert act.comment_end != too_long


def test_the_admin_saves_a_lawful_period(client, register, officer):
    act = RegulatoryActPageFactory(parent=register)
    login_with_mfa(client, officer)
    lawful = add_months(act.notice_date, 2)
    response = client.post(f"/admin/pages/{act.pk}/edit/", act_form_data(act, comment_end=lawful.isoformat()))
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.comment_end == lawful and act.live


def test_an_officer_publishes_a_draft_for_comments_from_the_admin(client, register, officer):
    login_with_mfa(client, officer)
    today = timezone.localdate()
    add_url = f"/admin/pages/add/regulatory/regulatoryactpage/{register.pk}/"
    assert client.get(add_url).status_code == 200

    missing = client.post(add_url, act_form_data())  # "published for comments" without a notice or a period
    assert missing.status_code == 200
    assert "Вкажіть дату оприлюднення проєкту та повідомлення." in missing.content.decode()
    assert not RegulatoryActPage.objects.exists()

    response = client.post(add_url, act_form_data(
        notice_date=today.isoformat(), comment_start=today.isoformat(),
        comment_end=add_months(today, 1).isoformat()))
    assert response.status_code == 302
    act = RegulatoryActPage.objects.get(slug="pravyla-torhivli")
    assert act.live and act.comments_open and act.owner == officer


def test_the_admin_refuses_a_jump_in_the_life_cycle(client, register, officer):
    act = RegulatoryActPageFactory(parent=register)
    login_with_mfa(client, officer)
    response = client.post(f"/admin/pages/{act.pk}/edit/", act_form_data(act, status=Status.TRACKING))
    assert response.status_code == 200
    html = response.content.decode()
    assert "не може перейти" in html and "Вкажіть номер прийнятого рішення" in html
    act.refresh_from_db()
    assert act.status == Status.CONSULTATION


def test_publishing_a_new_status_in_the_editor_is_logged_and_announced(client, register, officer, resident,
                                                                      django_capture_on_commit_callbacks):
    from wagtail.models import PageLogEntry

    from participation.models import Notification
    from participation.notifications import follow

    act = RegulatoryActPageFactory(parent=register, notice_date=datetime.date(2025, 1, 10),
                                   comment_start=datetime.date(2025, 1, 10), comment_end=datetime.date(2025, 2, 10))
    follow(resident, act)
    login_with_mfa(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{act.pk}/edit/", act_form_data(act, status=Status.SUMMARISED))
    assert response.status_code == 302
    entry = PageLogEntry.objects.get(page=act, action="regulatory.act.status")
    assert entry.data == {"from": Status.CONSULTATION, "to": Status.SUMMARISED} and entry.user == officer
    assert Notification.objects.get(user=resident).kind == "status"
    history = client.get(f"/admin/pages/{act.pk}/history/").content.decode()
    assert "Статус змінено з «Проєкт оприлюднено для обговорення» на «Зауваження узагальнено»" in history


def test_the_admin_refuses_a_second_baseline_report_and_a_rejection_without_reason(client, register, officer):
    act = AdoptedActFactory(parent=register, effective_date=datetime.date(2025, 5, 31))
    login_with_mfa(client, officer)
    data = act_form_data(
        act, decision_number=act.decision_number, decision_date=act.decision_date.isoformat(),
        effective_date=act.effective_date.isoformat(), decision_title=act.decision_title,
        tracking_reports=inline_formset([
            {"kind": "baseline", "approved_on": "2025-05-20", "url": "", "summary": "", "citation": ""},
            {"kind": "baseline", "approved_on": "2025-05-25", "url": "", "summary": "", "citation": ""},
        ]),
        proposals=inline_formset([{"author": "ТОВ «Ринок»", "text": "Скасувати збір.", "decision": "rejected",
                                   "reason": ""}]),
    )
    response = client.post(f"/admin/pages/{act.pk}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "В акта є лише один звіт про базове і один про повторне відстеження." in html
    assert "Вкажіть обґрунтування, якщо пропозицію відхилено або враховано частково." in html
    assert not act.tracking_reports.exists() and not act.proposals.exists()


def test_the_editor_shows_the_tracking_deadlines(client, register, officer):
    act = AdoptedActFactory(parent=register, effective_date=datetime.date(2025, 5, 31))
    login_with_mfa(client, officer)
    html = client.get(f"/admin/pages/{act.pk}/edit/").content.decode()
    assert "30.05.2025" in html and "31.05.2026 – 31.05.2027" in html and "31.05.2030" in html


def test_only_the_regulatory_service_edits_regulatory_acts(client, register, officer, press_officer):
    act = RegulatoryActPageFactory(parent=register)
    assert officer.has_perm("council.add_department")
    login_with_mfa(client, press_officer)
    assert client.get(f"/admin/pages/{act.pk}/edit/").status_code in {302, 403}
    client.post(f"/admin/pages/{act.pk}/edit/", act_form_data(act, title="Змінено прес-службою"))
    act.refresh_from_db()
    assert act.title != "Змінено прес-службою"
    assert client.get(f"/admin/pages/add/regulatory/regulatoryactpage/{register.pk}/").status_code in {302, 403}
    assert not press_officer.has_perm("council.add_department")


def test_the_regulatory_service_adds_city_departments_in_the_one_list(client, officer, staff_roles):
    login_with_mfa(client, officer)
    response = client.post("/admin/snippets/council/department/add/",
                           {"name": "Управління економіки", "edrpou": "123"})
    assert response.status_code == 200  # a bad EDRPOU code is refused
    assert "рівно з 8 цифр" in response.content.decode()
    response = client.post("/admin/snippets/council/department/add/",
                           {"name": "Управління економіки", "edrpou": "12345678"})
    assert response.status_code == 302
    assert Department.objects.filter(name="Управління економіки", edrpou="12345678").exists()
    # The same department in another letter case and spacing is refused, not added twice.
    response = client.post("/admin/snippets/council/department/add/", {"name": "  управління   ЕКОНОМІКИ "})
    assert response.status_code == 200
    assert "Відділ чи управління з такою назвою вже є" in response.content.decode()
    assert Department.objects.count() == 1
    # The old separate list is gone: departments are edited in one place.
    assert client.get("/admin/snippets/regulatory/department/").status_code == 404
    assert not officer.has_perm("council.delete_department")


def test_dashboard_panels_show_closing_periods_and_due_reports(client, register, officer, press_officer):
    today = timezone.localdate()
    closing = RegulatoryActPageFactory(parent=register, title="Строк спливає скоро",
                                       notice_date=add_months(today, -1) + datetime.timedelta(days=5))
    RegulatoryActPageFactory(parent=register, title="Строк ще довгий", notice_date=today)
    # In force for 26 months: the repeated tracking (due at 24 months) is overdue; baseline was never done.
    overdue = AdoptedActFactory(parent=register, title="Акт із простроченим звітом",
                                effective_date=add_months(today, -26))
    login_with_mfa(client, officer)
    html = client.get("/admin/").content.decode()
    assert "Строки обговорення, що спливають" in html
    assert closing.title in html and "Строк ще довгий" not in html
    assert "Звіти про відстеження до виконання" in html and overdue.title in html
    assert "Прострочено" in html

    client.logout()
    login_with_mfa(client, press_officer)
    html = client.get("/admin/").content.decode()
    assert "Строки обговорення, що спливають" not in html


def test_a_superuser_sees_the_panels_too(client, register):
    admin = UserFactory(is_superuser=True, is_staff=True)
    from tests.factories import activate_totp

    activate_totp(admin)
    login_with_mfa(client, admin)
    assert "Звіти про відстеження до виконання" in client.get("/admin/").content.decode()


def test_an_officer_previews_an_act_with_its_proposals(client, register, officer):
    from django.urls import reverse

    act = RegulatoryActPageFactory(parent=register)
    login_with_mfa(client, officer)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[act.pk])
    data = act_form_data(act, title="Попередній перегляд акта", proposals=inline_formset([
        {"author": "ГО «Підприємці»", "text": "Подовжити строк.", "decision": "accepted", "reason": ""}]))
    assert client.post(url, data).json()["is_valid"] is True
    html = client.get(url).content.decode()
    assert "Попередній перегляд акта" in html and "Подовжити строк." in html
