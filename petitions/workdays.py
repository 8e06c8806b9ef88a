"""Working days for legal deadlines: weekends and Ukrainian public days off (the `holidays` library) are skipped.

Under martial law (Law 2136-IX) public holidays are working days; the library already knows this, so the
calendar is right both now and after martial law ends without a code change."""
import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _days_off(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("UA", years=[year]).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (the start day itself is not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start)
    count, current = 0, start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day ``months`` later, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + (month // 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
