"""Every write of public consultations: answering the questionnaire and announcing status changes."""
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.errors import RuleError
from cms.services import user_has_verified_email

from .models import (
    ConsultationAnswer,
    ConsultationPage,
    ConsultationQuestion,
    ConsultationResponse,
    ConsultationStatus,
    ConsultationStatusNotice,
)

# The order in which a consultation passes its statuses (announcing one passes over the earlier ones).
STATUS_ORDER = [ConsultationStatus.UPCOMING, ConsultationStatus.OPEN, ConsultationStatus.CLOSED,
                ConsultationStatus.REPORT_PUBLISHED]


class ConsultationError(RuleError):
    """A rule refused the action; ``code`` is stable (API clients rely on it), ``message`` is for people."""

    STATUS = {"not_verified": 403, "consultation_not_open": 409, "no_questionnaire": 409,
              "already_answered": 409, "invalid_answer": 422}


def _invalid(message: str) -> ConsultationError:
    return ConsultationError("invalid_answer", message)


def _clean_choices(questions: list[ConsultationQuestion], choices: dict) -> list[tuple[int, int]]:
    """(question id, option id) pairs from {question id: [option ids]}, each rule checked with a clear message."""
    known = {question.pk: question for question in questions}
    unknown = [key for key in choices if key not in known]
    if unknown:
        raise _invalid(_("The answers refer to a question that is not in this questionnaire."))
    pairs = []
    for question in questions:
        chosen = list(dict.fromkeys(choices.get(question.pk) or []))  # the same option twice counts once
        options = {option.pk for option in question.options.all()}
        if any(option_id not in options for option_id in chosen):
            raise _invalid(_("Choose only among the options of the question «%(question)s».") % {
                "question": question.text})
        if question.kind == ConsultationQuestion.Kind.SINGLE and len(chosen) > 1:
            raise _invalid(_("Choose exactly one option for the question «%(question)s».") % {
                "question": question.text})
        if question.required and not chosen:
            if question.kind == ConsultationQuestion.Kind.SINGLE:
                raise _invalid(_("Choose exactly one option for the question «%(question)s».") % {
                    "question": question.text})
            raise _invalid(_("Choose at least one option for the question «%(question)s».") % {
                "question": question.text})
        pairs += [(question.pk, option_id) for option_id in chosen]
    if not pairs:
        raise _invalid(_("Answer at least one question before sending."))
    return pairs


def consultation_answer(*, consultation: ConsultationPage, user, choices: dict[int, list[int]],
                        now: datetime.datetime | None = None) -> ConsultationResponse:
    """Record a resident's questionnaire: once per consultation (the database decides), only while it is open."""
    from participation.notifications import follow

    now = now or timezone.now()
    if not user_has_verified_email(user):
        raise ConsultationError("not_verified", _("Confirm your e-mail address to answer the questionnaire."))
    if consultation.status_at(now) != ConsultationStatus.OPEN:
        raise ConsultationError("consultation_not_open", _(
            "The questionnaire takes answers only while the consultation is open."))
    questions = list(consultation.questions.prefetch_related("options").order_by("sort_order", "pk"))
    if not questions:
        raise ConsultationError("no_questionnaire", _("This consultation has no questionnaire."))
    pairs = _clean_choices(questions, choices)
    try:
        with transaction.atomic():
            response = ConsultationResponse.objects.create(consultation=consultation, user=user, created_at=now)
            ConsultationAnswer.objects.bulk_create([
                ConsultationAnswer(response=response, question_id=question_id, option_id=option_id)
                for question_id, option_id in pairs
            ])
            follow(user, consultation, reason="voted")
    except IntegrityError:
        raise ConsultationError("already_answered", _(
            "You have already answered this questionnaire; each resident answers once.")) from None
    return response


def _announcement(consultation: ConsultationPage, status: str, *, reopened: bool = False) -> tuple[str, str, str]:
    """(notification kind, title, body) for a status change."""
    end = timezone.localtime(consultation.end).strftime("%d.%m.%Y %H:%M")
    if status == ConsultationStatus.OPEN and reopened:
        return "status", _("The consultation «%(title)s» is open again until %(end)s") % {
            "title": consultation.title, "end": end}, _(
            "Its dates have changed: comments and questionnaire answers are accepted again until %(end)s.") % {
            "end": end}
    if status == ConsultationStatus.OPEN:
        return "status", _("The consultation «%(title)s» has opened") % {"title": consultation.title}, _(
            "Comments and questionnaire answers are accepted until %(end)s.") % {"end": end}
    if status == ConsultationStatus.CLOSED:
        return "status", _("The consultation «%(title)s» has closed") % {"title": consultation.title}, _(
            "The discussion is read-only now; the questionnaire results are published on its page.")
    return "answer", _("The final report on «%(title)s» is published") % {"title": consultation.title}, _(
        "See what was taken into account and why.")


def _period_to_announce(notices, status: str) -> int | None:
    """The period in which ``status`` is news (0: the first run; n: after the n-th reopening), None if it is not.

    Only the latest period counts: a consultation open again after it closed (an editor moved its dates) starts
    the next period, so the opening is announced once more, and later its closing."""
    latest = max((notice.period for notice in notices), default=0)
    announced = {notice.status for notice in notices if notice.period == latest}
    if status == ConsultationStatus.OPEN and announced & {ConsultationStatus.CLOSED,
                                                          ConsultationStatus.REPORT_PUBLISHED}:
        return latest + 1
    return None if status in announced else latest


def consultation_announce_status(*, consultation: ConsultationPage,
                                 now: datetime.datetime | None = None) -> int | None:
    """Tell followers the consultation's current status unless it was already announced in the current period.

    Idempotent and safe to run concurrently: the unique (consultation, period, status) row decides who announces.
    Statuses passed over meanwhile (e.g. opened and closed between two runs) are recorded without a message.
    Returns the number of notifications created, or None when there was nothing new to announce."""
    from participation.notifications import notify_followers

    now = now or timezone.now()
    status = consultation.status_at(now)
    if status == ConsultationStatus.UPCOMING:
        return None
    with transaction.atomic():
        period = _period_to_announce(ConsultationStatusNotice.objects.filter(consultation=consultation), status)
        if period is None:
            return None
        try:
            with transaction.atomic():
                notice = ConsultationStatusNotice.objects.create(consultation=consultation, period=period,
                                                                 status=status, created_at=now)
        except IntegrityError:
            return None
        earlier = STATUS_ORDER[1:STATUS_ORDER.index(status)]
        ConsultationStatusNotice.objects.bulk_create(
            [ConsultationStatusNotice(consultation=consultation, period=period, status=passed, created_at=now)
             for passed in earlier],
            ignore_conflicts=True)
        reopened = period > 0 and status == ConsultationStatus.OPEN
        with translation.override(settings.LANGUAGE_CODE):  # residents read Ukrainian, whoever published it
            kind, title, body = _announcement(consultation, status, reopened=reopened)
        notice.notified = notify_followers(consultation, kind=kind, title=title, body=body)
        notice.save(update_fields=["notified"])
        log(instance=consultation, action="consultations.status_announced",
            data={"status": status, "period": period, "reopened": reopened, "notified": notice.notified})
    return notice.notified


def consultations_announce_statuses(*, now: datetime.datetime | None = None) -> int:
    """Announce every live consultation's new status (run every minute); returns how many were announced."""
    now = now or timezone.now()
    latest_period = (ConsultationStatusNotice.objects.filter(consultation=OuterRef("pk"))
                     .order_by("-period").values("period")[:1])
    report_announced = ConsultationStatusNotice.objects.filter(
        consultation=OuterRef("pk"), period=OuterRef("latest_period"), status=ConsultationStatus.REPORT_PUBLISHED)
    # Finished (report announced, dates past) consultations are skipped; moving the end date forward reopens one.
    candidates = (ConsultationPage.objects.live().filter(start__lte=now)
                  .annotate(latest_period=Subquery(latest_period))
                  .exclude(Q(end__lte=now) & Exists(report_announced))
                  .prefetch_related("status_notices"))
    announced = 0
    for consultation in candidates:
        if _period_to_announce(consultation.status_notices.all(), consultation.status_at(now)) is None:
            continue
        if consultation_announce_status(consultation=consultation, now=now) is not None:
            announced += 1
    return announced
