"""The law's rules in services: the comment period, the life cycle, the tracking deadlines."""
import datetime
from types import SimpleNamespace

import pytest
from wagtail.models import PageLogEntry

from participation.services import ParticipationError, comment_post
from regulatory import services
from regulatory.models import RegulatoryActPage
from regulatory.services import Status, add_months, tracking_schedule
from tests.factories.regulatory import AdoptedActFactory, RegulatoryActPageFactory

D = datetime.date


# --- month arithmetic -------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2026, 3, 15), 1, D(2026, 4, 15)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),  # a shorter month: its last day
    (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
    (D(2026, 11, 30), 3, D(2027, 2, 28)),  # across the year end
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
    (D(2026, 1, 15), -13, D(2024, 12, 15)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


# --- comment period -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("end", "lawful"), [
    (D(2026, 4, 9), False),  # one day short of a month
    (D(2026, 4, 10), True),  # exactly one month
    (D(2026, 5, 20), True),
    (D(2026, 6, 10), True),  # exactly three months
    (D(2026, 6, 11), False),  # one day over three months
])
def test_comment_period_from_one_to_three_months_after_publication(end, lawful):
    errors = services.comment_period_errors(published_on=D(2026, 3, 10), start=D(2026, 3, 10), end=end)
    assert (not errors) is lawful
    if not lawful:
        assert errors["comment_end"] == (
            "За законом зауваження приймаються щонайменше один місяць і щонайбільше три місяці від оприлюднення: "
            "для проєкту, оприлюдненого 10.03.2026, останній день має бути з 10.04.2026 до 10.06.2026.")


def test_comment_period_cannot_start_before_publication_or_end_before_start():
    errors = services.comment_period_errors(published_on=D(2026, 3, 10), start=D(2026, 3, 9), end=D(2026, 4, 20))
    assert set(errors) == {"comment_start"}
    errors = services.comment_period_errors(published_on=D(2026, 3, 10), start=D(2026, 5, 1), end=D(2026, 4, 20))
    assert "comment_end" in errors


def test_validate_comment_period_raises_with_a_stable_code():
    with pytest.raises(services.RegulatoryError) as caught:
        services.validate_comment_period(published_on=D(2026, 3, 10), start=D(2026, 3, 10), end=D(2026, 3, 20))
    assert caught.value.code == "invalid_comment_period"
    assert "щонайменше один місяць" in caught.value.message
    services.validate_comment_period(published_on=D(2026, 3, 10), start=D(2026, 3, 10), end=D(2026, 4, 10))


@pytest.mark.django_db  # a new page looks up its content type
def test_a_published_draft_needs_its_notice_and_period():
    act = RegulatoryActPage(title="Акт", status=Status.CONSULTATION)
    errors = services.act_errors(act, previous_status=Status.PLANNED)
    assert set(errors) == {"notice_date", "comment_start", "comment_end"}


# --- life cycle ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_life_cycle_through_the_service_is_logged(register, officer):
    act = RegulatoryActPageFactory(parent=register, status=Status.PLANNED, notice_date=None, comment_start=None,
                                   comment_end=None)
    act.notice_date = act.comment_start = D(2026, 1, 12)
    act.comment_end = D(2026, 2, 12)
    services.regulatory_act_set_status(act=act, status=Status.CONSULTATION, user=officer, today=D(2026, 1, 12))
    services.regulatory_act_set_status(act=act, status=Status.SUMMARISED, user=officer, today=D(2026, 2, 13))
    act.decision_number, act.decision_date, act.effective_date = "17", D(2026, 3, 1), D(2026, 3, 15)
    services.regulatory_act_set_status(act=act, status=Status.ADOPTED, user=officer, today=D(2026, 3, 1))
    act.refresh_from_db()
    assert act.status == Status.ADOPTED and act.live
    entries = list(PageLogEntry.objects.filter(page=act, action="regulatory.act.status").order_by("pk"))
    assert [entry.data["to"] for entry in entries] == [Status.CONSULTATION, Status.SUMMARISED, Status.ADOPTED]
    assert entries[0].user == officer


@pytest.mark.django_db
def test_comments_cannot_be_summarised_while_the_period_runs(register, officer):
    act = RegulatoryActPageFactory(parent=register)
    with pytest.raises(services.RegulatoryError) as caught:
        services.regulatory_act_set_status(act=act, status=Status.SUMMARISED, user=officer)
    assert "лише після завершення строку" in caught.value.field_errors["status"]
    act.refresh_from_db()
    assert act.status == Status.CONSULTATION


@pytest.mark.django_db
def test_skipping_stages_and_adopting_without_a_decision_are_refused(register, officer):
    act = RegulatoryActPageFactory(parent=register, status=Status.PLANNED, notice_date=None, comment_start=None,
                                   comment_end=None)
    with pytest.raises(services.RegulatoryError) as caught:
        services.regulatory_act_set_status(act=act, status=Status.ADOPTED, user=officer)
    assert caught.value.code == "invalid_status"
    assert "не може перейти" in caught.value.field_errors["status"]
    withdrawn = RegulatoryActPageFactory(parent=register, status=Status.WITHDRAWN)
    with pytest.raises(services.RegulatoryError):
        services.regulatory_act_set_status(act=withdrawn, status=Status.CONSULTATION, user=officer)
    summarised = RegulatoryActPageFactory(parent=register, status=Status.SUMMARISED,
                                          notice_date=D(2025, 1, 10), comment_start=D(2025, 1, 10),
                                          comment_end=D(2025, 2, 10))
    with pytest.raises(services.RegulatoryError) as caught:
        services.regulatory_act_set_status(act=summarised, status=Status.ADOPTED, user=officer)
    assert set(caught.value.field_errors) == {"decision_number", "decision_date", "effective_date"}


# --- the discussion follows the comment period ---------------------------------------------------------

@pytest.mark.django_db
def test_comments_are_taken_only_during_the_period(register, resident):
    open_act = RegulatoryActPageFactory(parent=register)
    assert open_act.comments_enabled and not open_act.comments_closed
    comment_post(target=open_act, author=resident, body="Пропоную скоротити строк погодження.")

    ended = RegulatoryActPageFactory(parent=register, notice_date=D(2025, 1, 10), comment_start=D(2025, 1, 10),
                                     comment_end=D(2025, 2, 10))
    with pytest.raises(ParticipationError) as caught:
        comment_post(target=ended, author=resident, body="Запізніла пропозиція")
    assert caught.value.code == "discussion_closed"
    assert "10 лютого 2025" in caught.value.message and "завершився" in caught.value.message

    future = RegulatoryActPageFactory(parent=register, notice_date=D(2099, 1, 10), comment_start=D(2099, 1, 12),
                                      comment_end=D(2099, 2, 10))
    with pytest.raises(ParticipationError) as caught:
        comment_post(target=future, author=resident, body="Зарано")
    assert "приймаються з 12 січня 2099" in caught.value.message


@pytest.mark.django_db
def test_the_discussion_closes_when_the_draft_moves_on(register, resident, officer):
    act = RegulatoryActPageFactory(parent=register)
    services.regulatory_act_set_status(act=act, status=Status.WITHDRAWN, user=officer)
    with pytest.raises(ParticipationError) as caught:
        comment_post(target=act, author=resident, body="Ще одна думка")
    assert caught.value.code == "discussion_closed"
    assert "відкликано" in caught.value.message
    planned = RegulatoryActPageFactory(parent=register, status=Status.PLANNED, notice_date=None,
                                       comment_start=None, comment_end=None)
    assert not planned.comments_enabled


# --- effectiveness tracking ---------------------------------------------------------------------------

def report(kind, approved_on):
    return SimpleNamespace(kind=kind, approved_on=approved_on)


def test_tracking_deadlines_from_entry_into_force():
    schedule = tracking_schedule(effective_date=D(2026, 3, 1), reports=[])
    assert [(item.kind, item.earliest, item.due) for item in schedule] == [
        ("baseline", None, D(2026, 2, 28)),  # before the act enters into force
        ("repeated", D(2027, 3, 1), D(2028, 3, 1)),  # one to two years after
        ("periodic", None, D(2031, 3, 1)),  # three years after the repeated tracking's deadline
    ]


def test_periodic_tracking_counts_from_the_repeated_report_then_each_periodic_one():
    schedule = tracking_schedule(effective_date=D(2020, 1, 29), reports=[
        report("baseline", D(2020, 1, 20)), report("repeated", D(2021, 6, 1)), report("periodic", D(2024, 5, 20)),
        report("periodic", None),  # being prepared: not counted as done
    ])
    assert [(item.kind, item.due, item.done) for item in schedule] == [
        ("baseline", D(2020, 1, 28), True),
        ("repeated", D(2022, 1, 29), True),
        ("periodic", D(2024, 6, 1), True),
        ("periodic", D(2027, 5, 20), False),
    ]


def test_tracking_states():
    baseline, repeated, periodic = tracking_schedule(effective_date=D(2026, 3, 1), reports=[])
    assert baseline.state(D(2026, 2, 28)) == "open"
    assert baseline.state(D(2026, 3, 1)) == "overdue"
    assert repeated.state(D(2026, 12, 1)) == "not_yet"
    assert repeated.state(D(2027, 3, 1)) == "open"
    assert repeated.state(D(2028, 3, 2)) == "overdue"
    assert services.next_tracking_due([baseline, repeated, periodic]) == baseline
    assert tracking_schedule(effective_date=None, reports=[]) == []


@pytest.mark.django_db
def test_an_adopted_act_shows_its_schedule(register):
    act = AdoptedActFactory(parent=register, effective_date=D(2025, 5, 31))
    assert [item.due for item in act.tracking_schedule] == [D(2025, 5, 30), D(2027, 5, 31), D(2030, 5, 31)]
    draft = RegulatoryActPageFactory(parent=register)
    assert draft.tracking_schedule == []


# --- notifications ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_commenters_are_told_when_the_comments_are_summarised(register, resident, officer,
                                                               django_capture_on_commit_callbacks):
    from django.core import mail

    from participation.models import Notification

    act = RegulatoryActPageFactory(parent=register)
    comment_post(target=act, author=resident, body="Пропоную скоротити строк погодження.")  # follows the act
    act.notice_date = act.comment_start = D(2025, 1, 10)
    act.comment_end = D(2025, 2, 10)
    with django_capture_on_commit_callbacks(execute=True):
        services.regulatory_act_set_status(act=act, status=Status.SUMMARISED, user=officer)
    notification = Notification.objects.get(user=resident)
    assert notification.kind == "status"
    assert notification.title == f"Регуляторний акт «{act.title}»: Зауваження узагальнено"
    assert [message.to for message in mail.outbox] == [[resident.email]]
    assert not Notification.objects.filter(user=officer).exists()


@pytest.mark.django_db
def test_the_status_notice_is_ukrainian_whatever_the_officers_language(register, resident, officer):
    from django.utils import translation

    from participation.models import Notification

    act = RegulatoryActPageFactory(parent=register)
    comment_post(target=act, author=resident, body="Пропоную скоротити строк погодження.")  # follows the act
    act.notice_date = act.comment_start = D(2025, 1, 10)
    act.comment_end = D(2025, 2, 10)
    with translation.override("en"):  # an officer whose admin speaks English
        services.regulatory_act_set_status(act=act, status=Status.SUMMARISED, user=officer)
    notification = Notification.objects.get(user=resident)
    assert (notification.title, notification.body) == (
        f"Регуляторний акт «{act.title}»: Зауваження узагальнено", "Відкрийте сторінку акта, щоб побачити зміни.")
