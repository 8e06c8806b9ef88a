"""Rules of regulatory acts (Law "On the principles of state regulatory policy", art. 9, 10, 13):
the comment period, the life cycle and the effectiveness-tracking deadlines. Computed here, in one place."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.errors import RuleError
from cms.workdays import add_months
from participation.notifications import notify_followers

# Art. 9: comments are taken for at least one month and at most three months from the draft's publication.
COMMENT_PERIOD_MIN_MONTHS = 1
COMMENT_PERIOD_MAX_MONTHS = 3
# Art. 10: repeated tracking one to two years after entry into force; periodic tracking every three years.
REPEATED_EARLIEST_YEARS = 1
REPEATED_LATEST_YEARS = 2
PERIODIC_EVERY_YEARS = 3


class Status:
    """The life cycle of a regulatory act (docs/regulatory.md); values are stored on RegulatoryActPage.status."""

    PLANNED = "planned"
    CONSULTATION = "consultation"  # draft and analysis published, comments taken
    SUMMARISED = "summarised"  # comments summarised in the proposals table
    ADOPTED = "adopted"
    TRACKING = "tracking"  # in force, effectiveness tracked
    WITHDRAWN = "withdrawn"
    REPEALED = "repealed"


TRANSITIONS = {
    Status.PLANNED: {Status.CONSULTATION, Status.WITHDRAWN},
    Status.CONSULTATION: {Status.SUMMARISED, Status.WITHDRAWN},
    # A draft revised after the comments may be published again for a new period.
    Status.SUMMARISED: {Status.ADOPTED, Status.CONSULTATION, Status.WITHDRAWN},
    Status.ADOPTED: {Status.TRACKING, Status.REPEALED},
    Status.TRACKING: {Status.REPEALED},
    Status.WITHDRAWN: set(),
    Status.REPEALED: set(),
}
# From these states on the act has been published for comments, so the notice and period must be valid.
PUBLISHED_STATES = {Status.CONSULTATION, Status.SUMMARISED, Status.ADOPTED, Status.TRACKING, Status.REPEALED}
ADOPTED_STATES = {Status.ADOPTED, Status.TRACKING, Status.REPEALED}


class RegulatoryError(RuleError):
    """A rule refused the change; ``field_errors`` maps field names to Ukrainian messages (the admin form shows
    each by its field), and the message joins them."""

    STATUS = {"invalid_comment_period": 422, "invalid_status": 409}

    def __init__(self, code: str, field_errors: dict[str, str]):
        super().__init__(code, " ".join(field_errors.values()),
                         errors=[{"loc": ["body", name], "msg": message} for name, message in field_errors.items()])
        self.field_errors = field_errors


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def _date(value: datetime.date) -> str:
    return date_format(value, "d.m.Y")


def comment_period_bounds(published_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest lawful last day of comments for a draft published on that day."""
    return add_months(published_on, COMMENT_PERIOD_MIN_MONTHS), add_months(published_on, COMMENT_PERIOD_MAX_MONTHS)


def comment_period_errors(*, published_on: datetime.date | None, start: datetime.date | None,
                          end: datetime.date | None) -> dict[str, str]:
    """Field name → message for a comment period that breaks the law (empty when it is lawful)."""
    errors = {}
    if published_on is None:
        errors["notice_date"] = _("Give the date the draft and the notice were published.")
    if start is None:
        errors["comment_start"] = _("Give the first day comments are taken.")
    if end is None:
        errors["comment_end"] = _("Give the last day comments are taken.")
    if errors:
        return errors
    if start < published_on:
        errors["comment_start"] = _("Comments cannot be taken before the draft is published (%(date)s).") % {
            "date": _date(published_on)}
    earliest, latest = comment_period_bounds(published_on)
    if end < start:
        errors["comment_end"] = _("The last day of comments cannot be before the first day.")
    elif not earliest <= end <= latest:
        errors["comment_end"] = _(
            "By law comments are taken for at least one month and at most three months from publication: "
            "for a draft published on %(published)s the last day must be from %(earliest)s to %(latest)s."
        ) % {"published": _date(published_on), "earliest": _date(earliest), "latest": _date(latest)}
    return errors


def validate_comment_period(*, published_on, start, end) -> None:
    errors = comment_period_errors(published_on=published_on, start=start, end=end)
    if errors:
        raise RegulatoryError("invalid_comment_period", errors)


def act_errors(act, *, previous_status: str | None, today: datetime.date | None = None) -> dict[str, str]:
    """Field name → message for an act whose status, dates or decision do not fit its life cycle."""
    today = today or timezone.localdate()
    errors = {}
    status = act.status
    if previous_status and previous_status != status and status not in TRANSITIONS.get(previous_status, set()):
        errors["status"] = _("A regulatory act cannot go from «%(old)s» to «%(new)s».") % {
            "old": act.status_label(previous_status), "new": act.status_label(status)}
    if status in PUBLISHED_STATES or act.notice_date or act.comment_start or act.comment_end:
        errors.update(comment_period_errors(published_on=act.notice_date, start=act.comment_start,
                                            end=act.comment_end))
    if status == Status.SUMMARISED and previous_status != Status.SUMMARISED and act.comment_end \
            and act.comment_end >= today:
        errors.setdefault("status", _(
            "Comments can be summarised only after the comment period ends (%(end)s).") % {
            "end": _date(act.comment_end)})
    if status in ADOPTED_STATES:
        if not act.decision_number:
            errors["decision_number"] = _("Give the number of the adopted decision or order.")
        if not act.decision_date:
            errors["decision_date"] = _("Give the date the act was adopted.")
        if not act.effective_date:
            errors["effective_date"] = _("Give the date the act enters into force.")
    if act.decision_date and act.notice_date and act.decision_date < act.notice_date:
        errors["decision_date"] = _("The act cannot be adopted before its draft was published.")
    if act.decision_date and act.effective_date and act.effective_date < act.decision_date:
        errors["effective_date"] = _("The act cannot enter into force before it is adopted.")
    return errors


@transaction.atomic
def regulatory_act_set_status(*, act, status: str, user=None, today: datetime.date | None = None):
    """Move an act along its life cycle, publish the change as a new revision and log it."""
    previous = type(act).objects.get(pk=act.pk).status
    act.status = status
    errors = act_errors(act, previous_status=previous, today=today)
    if errors:
        act.status = previous
        raise RegulatoryError("invalid_status", errors)
    act.save_revision(user=user).publish(user=user)
    regulatory_act_status_published(act=act, previous=previous, user=user)
    return act


def regulatory_act_status_published(*, act, previous: str, user=None) -> int:
    """A new status went live (through this service or the page editor): log it and tell the act's followers
    (residents who commented or chose to follow). Returns the number of notifications."""
    log(instance=act, action="regulatory.act.status", user=user, data={"from": previous, "to": act.status})
    with translation.override(settings.LANGUAGE_CODE):  # residents read Ukrainian, whatever the officer's language
        title = _("Regulatory act «%(title)s»: %(status)s") % {"title": act.title,
                                                              "status": act.status_label(act.status)}
        body = _("Open the act's page to see what changed.")
    return notify_followers(act, kind="status", exclude=user, url=act.url or "", title=title, body=body)


# --- effectiveness tracking -----------------------------------------------------------------------

BASELINE, REPEATED, PERIODIC = "baseline", "repeated", "periodic"


@dataclass(frozen=True)
class TrackingDue:
    kind: str
    due: datetime.date  # the last day the law allows
    earliest: datetime.date | None = None  # not before this day (repeated tracking)
    report: object | None = None  # the approved report, when there is one

    @property
    def done(self) -> bool:
        return self.report is not None

    def state(self, today: datetime.date) -> str:
        """"done", "overdue", "open" (may be done now) or "not_yet" (too early by law)."""
        if self.done:
            return "done"
        if today > self.due:
            return "overdue"
        if self.earliest and today < self.earliest:
            return "not_yet"
        return "open"


def tracking_schedule(*, effective_date: datetime.date | None, reports) -> list[TrackingDue]:
    """Baseline, repeated and periodic tracking of an act in force on ``effective_date``.

    Baseline: before the day the act enters into force (art. 10), so due the day before.
    Repeated: one to two years after entry into force.
    Periodic: every three years, counted from the end of the repeated tracking (then from each periodic one).
    ``reports`` are the act's approved reports (objects with ``kind`` and ``approved_on``); the list holds
    every report done and the next one due of each kind."""
    if effective_date is None:
        return []
    done = {BASELINE: [], REPEATED: [], PERIODIC: []}
    for report in reports:
        if report.approved_on and report.kind in done:
            done[report.kind].append(report)
    for kind_reports in done.values():
        kind_reports.sort(key=lambda report: report.approved_on)
    baseline_due = effective_date - datetime.timedelta(days=1)
    schedule = [TrackingDue(BASELINE, baseline_due, report=done[BASELINE][0] if done[BASELINE] else None)]
    repeated_report = done[REPEATED][0] if done[REPEATED] else None
    repeated = TrackingDue(REPEATED, add_years(effective_date, REPEATED_LATEST_YEARS),
                           earliest=add_years(effective_date, REPEATED_EARLIEST_YEARS), report=repeated_report)
    schedule.append(repeated)
    anchor = repeated_report.approved_on if repeated_report else repeated.due
    for report in done[PERIODIC]:
        schedule.append(TrackingDue(PERIODIC, add_years(anchor, PERIODIC_EVERY_YEARS), report=report))
        anchor = report.approved_on
    schedule.append(TrackingDue(PERIODIC, add_years(anchor, PERIODIC_EVERY_YEARS)))
    return schedule


def next_tracking_due(schedule: list[TrackingDue]) -> TrackingDue | None:
    pending = [item for item in schedule if not item.done]
    return min(pending, key=lambda item: item.due) if pending else None
