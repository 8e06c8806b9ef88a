"""Opening hours: a week of intervals per weekday (breaks are gaps between intervals), their validation, their
text form for imports («08:00-12:00, 13:00-17:00») and the "open now" rule, including intervals past midnight.

Stored as JSON: {"mon": [["08:00", "12:00"], ["13:00", "17:00"]], ..., "sun": []}; a day that is missing or empty
is a day off; an interval whose end is not after its start ends on the next day (22:00-02:00); "24:00" is the end
of the day."""
from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {
    "mon": gettext_lazy("Monday"), "tue": gettext_lazy("Tuesday"), "wed": gettext_lazy("Wednesday"),
    "thu": gettext_lazy("Thursday"), "fri": gettext_lazy("Friday"), "sat": gettext_lazy("Saturday"),
    "sun": gettext_lazy("Sunday"),
}
DAY_OFF_WORDS = {"", "-", "—", "вихідний", "closed", "day off", "null"}
TIME = re.compile(r"^([01]?\d|2[0-4])[:.]([0-5]\d)$")
MINUTES_PER_DAY = 24 * 60


def _minutes(text: str, *, day: str) -> int:
    match = TIME.match(text.strip())
    if not match or (int(match.group(1)) == 24 and match.group(2) != "00"):
        raise ValidationError(_("%(day)s: «%(time)s» is not a time like 08:00.")
                              % {"day": DAY_NAMES[day], "time": text.strip()})
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_day(text: str, *, day: str) -> list[list[str]]:
    """«08:00-12:00, 13:00-17:00» (or «вихідний» / empty for a day off) as [["08:00", "12:00"], ...]."""
    text = (text or "").strip()
    if text.lower() in DAY_OFF_WORDS:
        return []
    intervals = []
    for part in re.split(r"[,;]", text):
        pieces = re.split(r"\s*[-–—]\s*", part.strip())
        if len(pieces) != 2:
            raise ValidationError(_("%(day)s: «%(value)s» is not in the form «08:00-12:00, 13:00-17:00».")
                                  % {"day": DAY_NAMES[day], "value": part.strip()})
        start, end = (_minutes(piece, day=day) for piece in pieces)
        intervals.append([_format(start), _format(end)])
    return _normalise_day(day, intervals)


def _format(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _normalise_day(day: str, intervals) -> list[list[str]]:
    if not isinstance(intervals, list):
        raise ValidationError(_("%(day)s: the opening hours are not a list of intervals.") % {"day": DAY_NAMES[day]})
    spans = []
    for interval in intervals:
        if not (isinstance(interval, list | tuple) and len(interval) == 2
                and all(isinstance(item, str) for item in interval)):
            raise ValidationError(_("%(day)s: every interval needs a start and an end, like 08:00-12:00.")
                                  % {"day": DAY_NAMES[day]})
        start, end = _minutes(interval[0], day=day), _minutes(interval[1], day=day)
        if start == MINUTES_PER_DAY:
            raise ValidationError(_("%(day)s: an interval cannot start at 24:00.") % {"day": DAY_NAMES[day]})
        if start == end:
            raise ValidationError(_("%(day)s: the interval %(start)s-%(end)s is empty.")
                                  % {"day": DAY_NAMES[day], "start": interval[0], "end": interval[1]})
        spans.append((start, end if end > start else end + MINUTES_PER_DAY))
    spans.sort()
    for (_start, previous_end), (start, _end) in zip(spans, spans[1:], strict=False):
        if start < previous_end:
            raise ValidationError(_("%(day)s: the intervals overlap.") % {"day": DAY_NAMES[day]})
    return [[_format(start), _format(end % MINUTES_PER_DAY if end != MINUTES_PER_DAY else end)]
            for start, end in spans]


def normalise_week(value) -> dict[str, list[list[str]]]:
    """A checked copy of stored opening hours, or ValidationError with a message staff understand."""
    if value in (None, ""):
        value = {}
    if not isinstance(value, dict) or set(value) - set(DAYS):
        raise ValidationError(_("Opening hours must list weekdays (mon … sun) with their intervals."))
    return {day: _normalise_day(day, value.get(day) or []) for day in DAYS}


def _spans(week: dict, day: str) -> list[tuple[int, int]]:
    spans = []
    for start_text, end_text in week.get(day) or []:
        start, end = _minutes(start_text, day=day), _minutes(end_text, day=day)
        spans.append((start, end if end > start else end + MINUTES_PER_DAY))
    return spans


def is_open(week: dict, at: datetime.datetime) -> bool:
    """Open at this local time: an interval of today holds it, or one of yesterday runs past midnight into it."""
    day = DAYS[at.weekday()]
    yesterday = DAYS[(at.weekday() - 1) % 7]
    minute = at.hour * 60 + at.minute
    if any(start <= minute < end for start, end in _spans(week, day)):
        return True
    return any(start <= minute + MINUTES_PER_DAY < end for start, end in _spans(week, yesterday))


def next_change(week: dict, at: datetime.datetime) -> datetime.datetime | None:
    """The next moment after this local time when an interval starts or ends, i.e. when «open now» may turn over
    (a break between intervals, a night past midnight); None for a week without hours. Local wall-clock times, as
    ``is_open`` reads them."""
    found = None
    for offset in range(-1, 8):  # yesterday's night may run into today; a week ahead holds every weekday
        day = at.date() + datetime.timedelta(days=offset)
        midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=at.tzinfo)
        for span in _spans(week, DAYS[day.weekday()]):
            for minute in span:
                moment = midnight + datetime.timedelta(minutes=minute)
                if moment > at and (found is None or moment < found):
                    found = moment
    return found


def day_text(week: dict, day: str) -> str:
    intervals = week.get(day) or []
    return ", ".join(f"{start}-{end}" for start, end in intervals)


def rows(week: dict) -> list[tuple[str, str]]:
    """(weekday name, «08:00-12:00, 13:00-17:00» or «day off») for the object page."""
    return [(str(DAY_NAMES[day]), day_text(week, day) or _("day off")) for day in DAYS]
