"""Working days for legal terms: weekends and Ukrainian public holidays are off, corrected by the secretariat.

The default holidays come from the maintained `holidays` library (country UA): it already knows that under
martial law (since 2022) public holidays are not days off. CalendarDay rows override it either way."""
import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=64)
def _ukrainian_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("UA", years=[year]).keys())


def _corrections(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    from .models import CalendarDay

    return {day.date: day.kind == CalendarDay.Kind.WORKING_DAY
            for day in CalendarDay.objects.filter(date__range=(start, end))}


def is_working_day(day: datetime.date, corrections: dict[datetime.date, bool] | None = None) -> bool:
    if corrections is None:
        corrections = _corrections(day, day)
    if day in corrections:
        return corrections[day]
    return day.weekday() < 5 and day not in _ukrainian_holidays(day.year)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date that lies ``count`` working days before ``day`` (``day`` itself not counted)."""
    # 3 calendar days per working day is more than the longest holiday run needs.
    corrections = _corrections(day - datetime.timedelta(days=count * 3 + 20), day)
    current, left = day, count
    while left > 0:
        current -= datetime.timedelta(days=1)
        if is_working_day(current, corrections):
            left -= 1
    return current


def publication_term() -> int:
    return settings.COUNCIL_DRAFT_PUBLICATION_WORKING_DAYS


@dataclass(frozen=True)
class PublicationCheck:
    """Whether a draft was published in time for the date it is considered (DOMAIN.md, art. 15 of the law)."""

    considered_on: datetime.date
    deadline: datetime.date  # the last day the draft could be published
    published_on: datetime.date | None
    urgent: bool

    @property
    def ok(self) -> bool:
        return self.urgent or (self.published_on is not None and self.published_on <= self.deadline)

    @property
    def late_by_unpublished(self) -> bool:
        return self.published_on is None


def publication_check(*, published_on: datetime.date | None, considered_on: datetime.date,
                      urgent: bool = False) -> PublicationCheck:
    return PublicationCheck(considered_on=considered_on, published_on=published_on, urgent=urgent,
                            deadline=working_days_before(considered_on, publication_term()))
