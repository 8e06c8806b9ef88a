"""Status changes reach followers once: opening, closing (command), the final report (on publishing) and each
reopening after an editor moved the dates."""
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from consultations.models import ConsultationPage, ConsultationStatusNotice
from consultations.services import consultation_answer, consultations_announce_statuses
from participation.models import Notification
from participation.notifications import follow
from tests.consultations.conftest import DAY, valid_choices
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run_command() -> str:
    out = io.StringIO()
    call_command("update_consultation_statuses", stdout=out)
    return out.getvalue()


def move(page, **dates) -> ConsultationPage:
    """Time passes: shift the stored dates (what the command reads) without publishing."""
    ConsultationPage.objects.filter(pk=page.pk).update(**dates)
    return ConsultationPage.objects.get(pk=page.pk)


def test_opening_and_closing_are_announced_once_each(upcoming_consultation, resident, other_resident,
                                                     django_capture_on_commit_callbacks):
    follow(resident, upcoming_consultation)
    follow(other_resident, upcoming_consultation)
    now = timezone.now()
    assert "Consultations announced: 0" in run_command()  # still upcoming: nothing to say

    move(upcoming_consultation, start=now - DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert "Consultations announced: 1" in run_command()
    opened = Notification.objects.filter(kind="status")
    assert opened.count() == 2
    assert opened.first().title == "Розпочалося обговорення «Новий маршрут»"
    assert sorted(message.to[0] for message in mail.outbox) == sorted([resident.email, other_resident.email])

    with django_capture_on_commit_callbacks(execute=True):
        assert "Consultations announced: 0" in run_command()  # every minute: nothing is sent twice
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2

    move(upcoming_consultation, end=now - DAY / 24)
    with django_capture_on_commit_callbacks(execute=True):
        run_command()
        run_command()
    closed = Notification.objects.filter(title__contains="завершено")
    assert closed.count() == 2
    assert len(mail.outbox) == 4
    assert PageLogEntry.objects.filter(page=upcoming_consultation, action="consultations.status_announced").count() == 2


def test_statuses_passed_over_between_runs_are_recorded_without_a_message(upcoming_consultation, resident):
    follow(resident, upcoming_consultation)
    now = timezone.now()
    move(upcoming_consultation, start=now - 3 * DAY, end=now - DAY)  # opened and closed since the last run
    consultations_announce_statuses()
    assert list(Notification.objects.values_list("title", flat=True)) == ["Обговорення «Новий маршрут» завершено"]
    assert set(ConsultationStatusNotice.objects.values_list("status", flat=True)) == {"open", "closed"}
    assert consultations_announce_statuses() == 0


def test_publishing_the_report_tells_followers_once(consultation_index, django_capture_on_commit_callbacks):
    from tests.consultations.conftest import QUESTIONS, make_consultation

    now = timezone.now()
    page = make_consultation(consultation_index, title="Велодоріжки", start=now - 5 * DAY, end=now + DAY,
                             questions=QUESTIONS)
    voter = UserFactory()
    consultation_answer(consultation=page, user=voter, choices=valid_choices(page))  # answering follows
    page = move(page, end=now - DAY)
    consultations_announce_statuses()
    assert Notification.objects.filter(user=voter, kind="status").count() == 1  # closed

    page.report_summary = "<p>Враховано пропозиції щодо освітлення.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    report = Notification.objects.get(user=voter, kind="answer")
    assert report.title == "Оприлюднено підсумковий звіт обговорення «Велодоріжки»"
    assert report.url == page.url
    assert any("підсумковий звіт обговорення «Велодоріжки»" in message.body for message in mail.outbox)

    page.save_revision().publish()  # republishing (a typo fixed) says nothing new
    consultations_announce_statuses()
    assert Notification.objects.filter(user=voter).count() == 2


def test_announcing_twice_at_once_sends_once(open_consultation, resident):
    """The unique row decides: a second announcer of the same status finds it taken and sends nothing."""
    from consultations.services import consultation_announce_status

    follow(resident, open_consultation)
    ConsultationStatusNotice.objects.filter(consultation=open_consultation).delete()
    assert consultation_announce_status(consultation=open_consultation) == 1
    assert consultation_announce_status(consultation=open_consultation) is None
    assert Notification.objects.count() == 1


def test_the_task_runs_the_same_service(upcoming_consultation, resident):
    from consultations.tasks import update_consultation_statuses

    follow(resident, upcoming_consultation)
    move(upcoming_consultation, start=timezone.now() - DAY)
    result = update_consultation_statuses.enqueue()
    assert result.return_value == 1
    assert Notification.objects.count() == 1


def reopened_title(page) -> str:
    end = timezone.localtime(page.end).strftime("%d.%m.%Y %H:%M")
    return f"Обговорення «{page.title}» знову відкрите до {end}"


def test_reopening_is_announced_once_per_reopening(closed_consultation, resident, other_resident,
                                                   django_capture_on_commit_callbacks):
    follow(resident, closed_consultation)
    follow(other_resident, closed_consultation)
    assert "Consultations announced: 0" in run_command()  # its closing was announced on publishing
    now = timezone.now()

    page = move(closed_consultation, end=now + 5 * DAY)  # an editor gave residents five more days
    with django_capture_on_commit_callbacks(execute=True):
        assert "Consultations announced: 1" in run_command()
        assert "Consultations announced: 0" in run_command()  # every minute: said once
    reopened = Notification.objects.filter(kind="status")
    assert reopened.count() == 2
    first_reopening = reopened_title(page)
    assert set(reopened.values_list("title", flat=True)) == {first_reopening}
    assert "знову приймаються до" in reopened.first().body
    assert sorted(message.to[0] for message in mail.outbox) == sorted([resident.email, other_resident.email])

    move(page, end=now - DAY / 24)  # closed again: announced as a closing of the new period
    run_command()
    assert Notification.objects.filter(user=resident, title="Обговорення «Велодоріжки» завершено").count() == 1

    page = move(page, end=now + 7 * DAY)  # and reopened a second time: a new event again
    assert "Consultations announced: 1" in run_command()
    assert run_command().endswith("Consultations announced: 0\n")
    titles = list(Notification.objects.filter(user=resident).order_by("pk").values_list("title", flat=True))
    assert titles == [first_reopening, "Обговорення «Велодоріжки» завершено", reopened_title(page)]
    assert list(ConsultationStatusNotice.objects.filter(consultation=page).order_by("pk")
                .values_list("period", "status")) == [(0, "closed"), (0, "open"), (1, "open"), (1, "closed"),
                                                      (2, "open")]


def test_consultation_with_its_report_opens_again_when_its_end_moves(consultation_index, resident):
    from tests.consultations.conftest import make_consultation

    now = timezone.now()
    page = make_consultation(consultation_index, title="Парк", start=now - 9 * DAY, end=now - DAY,
                             report="<p>Звіт.</p>")  # the report is announced on publishing
    follow(resident, page)
    assert consultations_announce_statuses() == 0

    page = move(page, end=now + DAY)
    assert consultations_announce_statuses() == 1
    assert consultations_announce_statuses() == 0
    assert list(Notification.objects.values_list("title", flat=True)) == [reopened_title(page)]


def test_saving_without_a_status_change_notifies_nobody(open_consultation, closed_consultation, resident):
    now = timezone.now()
    for page in (open_consultation, closed_consultation):
        follow(resident, page)
        page.save_revision().publish()
    reopened = move(closed_consultation, end=now + 3 * DAY)
    assert consultations_announce_statuses() == 1
    assert Notification.objects.count() == 1

    for page in (ConsultationPage.objects.get(pk=open_consultation.pk), reopened):
        page.summary = "Виправлено друкарську помилку."
        page.save_revision().publish()
    assert consultations_announce_statuses() == 0
    assert Notification.objects.count() == 1
