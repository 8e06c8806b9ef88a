"""The one calendar of working days for legal terms (petition deadlines, draft publication, answers).

Weekends and Ukrainian public days off come from the maintained `holidays` library (country UA); it already knows
that under martial law (Law 2136-IX, since 2022) public holidays are working days. The council secretariat's
corrections (council.CalendarDay: a transferred working day or an extra day off) override it either way."""
import datetime
from functools import lru_cache

import holidays

from .modules import load, modules


@lru_cache(maxsize=64)
def _public_days_off(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("UA", years=[year]).keys())


def corrections(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """{day: is a working day} set by staff between ``start`` and ``end``: what the modules' manifests name as
    ``working_day_corrections`` (the council secretariat's calendar; none without the council)."""
    known: dict[datetime.date, bool] = {}
    for _config, manifest in modules():
        if manifest.working_day_corrections:
            known.update(load(manifest.working_day_corrections)(start, end))
    return known


def is_working_day(day: datetime.date, known: dict[datetime.date, bool] | None = None) -> bool:
    if known is None:
        known = corrections(day, day)
    if day in known:
        return known[day]
    return day.weekday() < 5 and day not in _public_days_off(day.year)


def _span(count: int) -> datetime.timedelta:
    # 3 calendar days per working day is more than the longest run of days off needs.
    return datetime.timedelta(days=abs(count) * 3 + 20)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (the start day itself is not counted)."""
    known = corrections(start, start + _span(days))
    current, remaining = start, days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current, known):
            remaining -= 1
    return current


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date that lies ``count`` working days before ``day`` (``day`` itself not counted)."""
    known = corrections(day - _span(count), day)
    current, remaining = day, count
    while remaining > 0:
        current -= datetime.timedelta(days=1)
        if is_working_day(current, known):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start)
    known = corrections(start, end)
    count, current = 0, start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current, known):
            count += 1
    return count


def add_months(moment, months: int):
    """The same day ``months`` later (a date or a datetime), clamped to the month's last day
    (31 January + 1 month = 28/29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
