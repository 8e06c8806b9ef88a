"""Appeal rules through the services: registration, routing, deadlines, the life cycle, ratings, reminders."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from appeals import deadlines, services
from appeals.models import Appeal, AppealEvent, AppealNote, AppealPhoto
from appeals.services import AppealError
from tests.factories import UserFactory

from .conftest import POINT, TEXT, photo, submit

pytestmark = pytest.mark.django_db
Status = Appeal.Status


def refused(code, call, *args, **kwargs):
    with pytest.raises(AppealError) as error:
        call(*args, **kwargs)
    assert error.value.code == code
    return error.value


# Submission ------------------------------------------------------------------------------------------------

def test_submission_registers_at_once_routes_and_emails(resident, water_category, water, appeal_index, mail):
    with mail.sending():
        appeal = submit(resident, water_category, **POINT)
    year = timezone.localdate().year
    assert appeal.number == f"{year}/1" and appeal.status == Status.ASSIGNED and appeal.service == water
    assert appeal.author_name == resident.full_name and appeal.author_email == resident.email
    assert appeal.due_date == timezone.localdate() + datetime.timedelta(days=15)
    assert [(e.kind, e.to_status) for e in appeal.events.order_by("pk")] == [
        ("created", "received"), ("status", "registered"), ("assigned", "assigned")]
    assert len(mail) == 1 and mail[0].to == [resident.email]
    assert f"№ {appeal.number}" in mail[0].subject and appeal.number in mail[0].body
    assert submit(resident, water_category).number == f"{year}/2"


def test_category_without_service_waits_for_a_dispatcher(resident, unrouted_category, appeal_index):
    appeal = submit(resident, unrouted_category)
    assert appeal.status == Status.REGISTERED and appeal.service is None


def test_appeal_to_a_deputy_goes_to_the_deputy_not_a_service(resident, water_category, deputy, appeal_index):
    appeal = submit(resident, water_category, deputy_id=deputy.pk)
    assert appeal.deputy_id == deputy.pk and appeal.service is None and appeal.deputy_name == deputy.full_name
    assert appeal.status == Status.ASSIGNED
    refused("invalid_deputy", submit, resident, water_category, deputy_id=deputy.pk + 1000)


def test_point_inside_a_district_is_named(resident, water_category, district, appeal_index):
    appeal = submit(resident, water_category, latitude="49.595", longitude="34.555")
    assert appeal.district_name == "Центральний округ"


@pytest.mark.parametrize("field, value, code", [
    ("text", "", "text_too_short"), ("text", "   коротко  ", "text_too_short"), ("text", "я" * 10001, "text_too_long"),
    ("kind", "petition", "invalid_kind"), ("latitude", "50.45", "point_outside_city"),
    ("latitude", "abc", "invalid_point"), ("latitude", "nan", "invalid_point"),
])
def test_bad_input_is_refused_and_nothing_saved(resident, water_category, appeal_index, mail, field, value,
                                                code):
    data = {"kind": Appeal.Kind.STATEMENT, "text": TEXT, **POINT, field: value}
    refused(code, services.appeal_submit, author=resident, category=water_category, is_public=True, **data)
    assert not Appeal.objects.exists() and not mail


def test_only_one_coordinate_is_refused(resident, water_category, appeal_index):
    refused("invalid_point", submit, resident, water_category, latitude="49.59", longitude="")


def test_anonymous_unverified_and_nameless_authors_are_refused(water_category, unverified_resident, appeal_index):
    from django.contrib.auth.models import AnonymousUser

    refused("not_verified", submit, AnonymousUser(), water_category)
    refused("not_verified", submit, unverified_resident, water_category)
    refused("name_required", submit, UserFactory(full_name=""), water_category)
    refused("name_required", submit, UserFactory(full_name="Іван"), water_category)
    assert not Appeal.objects.exists()


def test_inactive_category_is_refused(resident, water_category, appeal_index):
    water_category.is_active = False
    water_category.save()
    refused("invalid_category", submit, resident, water_category)
    refused("invalid_category", submit, resident, None)


def test_photos_are_checked_by_their_content(resident, water_category, appeal_index):
    appeal = submit(resident, water_category, photos=[photo(), photo("b.png", "PNG")])
    assert list(appeal.photos.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    error = refused("photo_type", submit, resident, water_category, photos=[photo(), fake])
    assert "virus.jpg" in error.message
    refused("too_many_photos", submit, resident, water_category, photos=[photo() for _ in range(4)])
    big = photo()
    big.size = services.PHOTO_MAX_BYTES + 1
    refused("photo_too_large", submit, resident, water_category, photos=[big])
    assert Appeal.objects.count() == 1 and AppealPhoto.objects.count() == 2


# Deadlines -------------------------------------------------------------------------------------------------

def test_deadlines_are_15_days_30_with_study_and_45_at_most():
    day = datetime.date(2026, 3, 1)
    assert deadlines.due_date(day, needs_study=False) == datetime.date(2026, 3, 16)
    assert deadlines.due_date(day, needs_study=True) == datetime.date(2026, 3, 31)
    assert deadlines.latest_due_date(day) == datetime.date(2026, 4, 15)


def test_study_and_extension_with_notice(public_appeal, water_executor, mail):
    received = public_appeal.received_on
    appeal = services.appeal_start(appeal=public_appeal, by=water_executor, needs_study=True)
    assert appeal.status == Status.IN_PROGRESS and appeal.due_date == received + datetime.timedelta(days=30)
    too_late = received + datetime.timedelta(days=46)
    refused("invalid_extension", services.appeal_extend, appeal=appeal, by=water_executor, until=too_late,
            reason="Потрібен висновок експертизи")
    refused("reason_required", services.appeal_extend, appeal=appeal, by=water_executor,
            until=received + datetime.timedelta(days=40), reason="  ")
    mail.clear()
    with mail.sending():
        appeal = services.appeal_extend(appeal=appeal, by=water_executor, until=received + datetime.timedelta(days=45),
                                        reason="Потрібен висновок експертизи")
    assert appeal.status == Status.EXTENDED and appeal.due_date == received + datetime.timedelta(days=45)
    assert mail[0].to == [appeal.author_email] and "Потрібен висновок експертизи" in mail[0].body
    refused("already_extended", services.appeal_extend, appeal=appeal, by=water_executor,
            until=received + datetime.timedelta(days=44), reason="Ще раз")


def test_deadline_state_colours(public_appeal):
    today = public_appeal.due_date
    assert public_appeal.deadline_state(today=today - datetime.timedelta(days=10)) == "ok"
    assert public_appeal.deadline_state(today=today - datetime.timedelta(days=2)) == "soon"
    assert public_appeal.deadline_state(today=today + datetime.timedelta(days=1)) == "overdue"


# Who may act -----------------------------------------------------------------------------------------------

def test_executor_of_another_service_cannot_touch_the_appeal(public_appeal, roads_executor):
    refused("not_allowed", services.appeal_start, appeal=public_appeal, by=roads_executor)
    refused("not_allowed", services.appeal_answer, appeal=public_appeal, by=roads_executor, text="Відповідь")
    refused("not_allowed", services.appeal_note_add, appeal=public_appeal, by=roads_executor, text="Нотатка")
    public_appeal.refresh_from_db()
    assert public_appeal.status == Status.ASSIGNED and not public_appeal.notes.exists()


def test_only_dispatchers_reassign(public_appeal, dispatcher, water_executor, roads, mail):
    refused("not_allowed", services.appeal_assign, appeal=public_appeal, by=water_executor, service=roads)
    with mail.sending():
        appeal = services.appeal_assign(appeal=public_appeal, by=dispatcher, service=roads, note="Це благоустрій")
    assert appeal.service == roads and appeal.status == Status.ASSIGNED
    assert AppealNote.objects.get(appeal=appeal).text == "Це благоустрій"
    assert "Управління благоустрою" in mail[-1].body
    refused("invalid_service", services.appeal_assign, appeal=appeal, by=dispatcher, service=roads)


def test_dispatcher_assigns_an_unrouted_appeal(resident, unrouted_category, dispatcher, water, appeal_index):
    appeal = submit(resident, unrouted_category)
    appeal = services.appeal_assign(appeal=appeal, by=dispatcher, service=water)
    assert appeal.status == Status.ASSIGNED and appeal.service == water


def test_deputy_handles_only_appeals_to_them(resident, water_category, deputy, deputy_user, public_appeal,
                                             appeal_index):
    to_deputy = submit(resident, water_category, deputy_id=deputy.pk)
    services.appeal_answer(appeal=to_deputy, by=deputy_user, text="Я звернулася до водоканалу, воду дадуть завтра.")
    refused("not_allowed", services.appeal_answer, appeal=public_appeal, by=deputy_user, text="Не моє")


# Clarification, notes, answer, rating ----------------------------------------------------------------------

def test_clarification_is_answered_by_the_author_only(public_appeal, water_executor, resident, mail):
    with mail.sending():
        services.appeal_request_clarification(appeal=public_appeal, by=water_executor, question="Який під'їзд?")
    public_appeal.refresh_from_db()
    assert public_appeal.awaiting_clarification and "Який під'їзд?" in mail[-1].body
    refused("not_author", services.appeal_clarify, appeal=public_appeal, author=UserFactory(), answer="Другий")
    refused("text_too_short", services.appeal_clarify, appeal=public_appeal, author=resident, answer=" ")
    services.appeal_clarify(appeal=public_appeal, author=resident, answer="Другий під'їзд")
    public_appeal.refresh_from_db()
    assert not public_appeal.awaiting_clarification
    assert public_appeal.clarifications.get().answer == "Другий під'їзд"
    refused("no_clarification_pending", services.appeal_clarify, appeal=public_appeal, author=resident, answer="Ще")


def test_internal_notes_stay_out_of_the_timeline(public_appeal, water_executor):
    services.appeal_note_add(appeal=public_appeal, by=water_executor, text="Бригада виїде в четвер")
    assert not AppealEvent.objects.filter(note__contains="Бригада").exists()
    refused("note_required", services.appeal_note_add, appeal=public_appeal, by=water_executor, text="")


def test_answer_rating_reopen_close(public_appeal, water_executor, resident, dispatcher, mail):
    refused("answer_required", services.appeal_answer, appeal=public_appeal, by=water_executor, text="  ")
    with mail.sending():
        appeal = services.appeal_answer(appeal=public_appeal, by=water_executor, text="Сміття вивезено 5 березня.")
    assert appeal.status == Status.ANSWERED and "Сміття вивезено" in mail[-1].body
    refused("not_author", services.appeal_rate, appeal=appeal, author=UserFactory(), satisfied=True)
    refused("not_author", services.appeal_rate, appeal=appeal, author=water_executor, satisfied=True)
    appeal = services.appeal_rate(appeal=appeal, author=resident, satisfied=False, comment="Знову переповнені",
                                  reopen=True)
    assert appeal.status == Status.RATED and appeal.satisfied is False and appeal.reopen_requested
    refused("invalid_state", services.appeal_rate, appeal=appeal, author=resident, satisfied=True)
    refused("not_allowed", services.appeal_reopen, appeal=appeal, by=water_executor, note="Ще раз")
    appeal = services.appeal_reopen(appeal=appeal, by=dispatcher, note="Перевірити графік вивезення")
    assert appeal.status == Status.ASSIGNED and not appeal.reopen_requested
    appeal = services.appeal_answer(appeal=appeal, by=water_executor, text="Графік змінено: щодня.")
    appeal = services.appeal_rate(appeal=appeal, author=resident, satisfied=True)
    appeal = services.appeal_close(appeal=appeal, by=dispatcher)
    assert appeal.status == Status.CLOSED and appeal.closed_at
    statuses = list(appeal.events.order_by("pk").values_list("to_status", flat=True))
    assert statuses[-4:] == ["assigned", "answered", "rated", "closed"]


def test_unrated_answers_close_after_the_setting(public_appeal, water_executor):
    services.appeal_answer(appeal=public_appeal, by=water_executor, text="Відповідь",
                           now=timezone.now() - datetime.timedelta(days=31))
    assert services.appeals_close_unrated() == 1
    public_appeal.refresh_from_db()
    assert public_appeal.status == Status.CLOSED


# Reminders -------------------------------------------------------------------------------------------------

def test_reminders_reach_the_service_and_its_executors_once(public_appeal, water_executor, mail):
    mail.clear()
    assert services.appeals_send_reminders(today=public_appeal.due_date - datetime.timedelta(days=10)) == 0
    with mail.sending():
        assert services.appeals_send_reminders(today=public_appeal.due_date - datetime.timedelta(days=2)) == 1
    assert len(mail) == 1
    assert set(mail[0].to) == {"vodokanal@misto.example", water_executor.email}
    assert public_appeal.number in mail[0].subject
    assert services.appeals_send_reminders(today=public_appeal.due_date) == 0  # once per term


def test_reminder_for_a_deputy(resident, water_category, deputy, appeal_index, mail):
    appeal = submit(resident, water_category, deputy_id=deputy.pk)
    mail.clear()
    with mail.sending():
        assert services.appeals_send_reminders(today=appeal.due_date) == 1
    assert mail[0].to == ["kovalenko@rada.example"]


def test_flooding_is_refused(resident, water_category, appeal_index, settings):
    settings.APPEALS_SUBMIT_LIMIT = (2, 3600)
    submit(resident, water_category)
    submit(resident, water_category)
    refused("rate_limited", submit, resident, water_category)
    assert Appeal.objects.count() == 2


def test_deadline_command_reminds_and_closes(public_appeal, water_executor, mail):
    import io

    from django.core.management import call_command

    Appeal.objects.filter(pk=public_appeal.pk).update(due_date=timezone.localdate())
    out = io.StringIO()
    with mail.sending():
        call_command("process_appeal_deadlines", stdout=out)
    assert "Appeal reminders sent: 1" in out.getvalue() and len(mail) == 1
    call_command("process_appeal_deadlines", stdout=out)
    assert len(mail) == 1


def test_quiet_writes_send_no_email(resident, water_category, appeal_index, mail):
    with mail.sending(), services.without_email():
        submit(resident, water_category)
    assert len(mail) == 0
    with mail.sending():
        submit(resident, water_category)
    assert len(mail) == 1
