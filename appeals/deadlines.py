"""The legal terms of an appeal, computed here and nowhere else (Law "On citizens' appeals", art. 20).

An appeal is considered within one month from the day it was received (30 days here, as DOMAIN.md fixes it);
what needs no additional study is answered at once and no later than 15 days; where the month is not enough,
the term is extended with notice to the author, but the whole consideration may not exceed 45 days. The law counts
calendar days from the day of receipt, so weekends and holidays are not skipped."""
import datetime

from django.utils import timezone

BASE_DAYS = 15  # no additional study needed
STUDY_DAYS = 30  # additional study needed
MAX_DAYS = 45  # with an extension, in total
SOON_DAYS = 3  # the admin marks an appeal amber this many days before its due date


def due_date(received_on: datetime.date, *, needs_study: bool) -> datetime.date:
    return received_on + datetime.timedelta(days=STUDY_DAYS if needs_study else BASE_DAYS)


def latest_due_date(received_on: datetime.date) -> datetime.date:
    """No extension may go past this day."""
    return received_on + datetime.timedelta(days=MAX_DAYS)


def deadline_state(appeal, *, today: datetime.date | None = None) -> str:
    """"done" (answered or closed), "overdue", "soon" (within SOON_DAYS) or "ok": the admin's colours."""
    if not appeal.is_open or not appeal.due_date:
        return "done"
    today = today or timezone.localdate()
    if appeal.due_date < today:
        return "overdue"
    if (appeal.due_date - today).days <= SOON_DAYS:
        return "soon"
    return "ok"
