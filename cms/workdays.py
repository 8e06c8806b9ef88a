"""The one calendar of working days for legal terms (petition deadlines, draft publication, answers).

Weekends, Ukrainian public days off and the working Saturdays that days off were transferred from come from the
maintained `holidays` library (country UA) and its own working-day functions; it also knows that under martial
law (Law 2136-IX, since 2022) public holidays are working days. Ours are only the corrections staff make to it
(the council secretariat's calendar, declared by the council's manifest as ``working_day_corrections``), which
override the library either way. The rules that use it: docs/council.md and docs/petitions.md."""
import copy
import datetime
import importlib.util
import sys

from .modules import load, modules


def _package_without_its_init(name: str) -> None:
    """Puts package ``name`` in ``sys.modules`` with its ``__init__`` not run until an attribute the package itself
    defines is asked for, so that its submodules can be imported alone. ``holidays.countries``' ``__init__``
    imports all ~250 countries and ``holidays``' builds a loader for each: ~8 MiB of every process (gunicorn's master
    192 -> 184 MiB), where one country is used."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    package = importlib.util.module_from_spec(spec)

    def __getattr__(attribute):  # noqa: N807  (PEP 562: called only for what the package does not have yet)
        del package.__getattr__
        spec.loader.exec_module(package)  # the whole package after all, as a plain import gives it
        return getattr(package, attribute)

    package.__getattr__ = __getattr__
    sys.modules[name] = package
    parent, _dot, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, package)  # as the import system binds a submodule


_package_without_its_init("holidays")
_package_without_its_init("holidays.countries")
# The same for the calendars and the holiday groups: their ``__init__`` files import every lunar, lunisolar and
# religious calendar the library knows (Islamic, Hindu, Chinese, Buddhist, ... with their date tables), where
# Ukraine's needs the Gregorian, Julian and revised Julian calendars and three groups: 6 MiB of every process's RSS.
# Ukraine's module imports those three groups by name from the package, so they are bound on it from their own
# modules (anything else asked of the package still runs its whole ``__init__``).
_package_without_its_init("holidays.calendars")
_package_without_its_init("holidays.groups")
from holidays.groups.christian import ChristianHolidays  # noqa: E402
from holidays.groups.custom import StaticHolidays  # noqa: E402
from holidays.groups.international import InternationalHolidays  # noqa: E402

for _group in (ChristianHolidays, InternationalHolidays, StaticHolidays):
    setattr(sys.modules["holidays.groups"], _group.__name__, _group)
from holidays.countries.ukraine import Ukraine  # noqa: E402  (after the packages above)
from holidays.holiday_base import HolidayBase  # noqa: E402

# The library's calendar (what holidays.country_holidays("UA") gives): a year is computed the first time it is
# needed and then kept.
_UKRAINE = Ukraine()
CORRECTED_DAY_OFF = "Day off (council secretariat)"


def corrections(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """{day: is a working day} set by staff between ``start`` and ``end``: what the modules' manifests name as
    ``working_day_corrections`` (the council secretariat's calendar; none without the council)."""
    known: dict[datetime.date, bool] = {}
    for _config, manifest in modules():
        if manifest.working_day_corrections:
            known.update(load(manifest.working_day_corrections)(min(start, end), max(start, end)))
    return known


def calendar(start: datetime.date, end: datetime.date) -> HolidayBase:
    """The library's calendar for the years from ``start`` to ``end`` with the staff's corrections in that span
    (one query for them); without corrections the library's own calendar."""
    first, last = min(start, end), max(start, end)
    for year in range(first.year - 1, last.year + 2):
        _ = datetime.date(year, 1, 1) in _UKRAINE  # computes the year (its days off and transferred working days)
    known = corrections(first, last)
    if not known:
        return _UKRAINE
    corrected = copy.copy(_UKRAINE)  # the days are copied; the sets the library keeps are copied below
    corrected.weekend_workdays = set(_UKRAINE.weekend_workdays)
    corrected.years = set(_UKRAINE.years)
    corrected.expand = False  # a copy must not compute more years into sets it shares with nobody now
    for day, working in known.items():
        if working:
            if day in corrected:
                corrected.pop(day)  # the library's pop treats a default of None as no default
            if corrected.is_weekend(day):
                corrected.weekend_workdays.add(day)
        else:
            corrected.weekend_workdays.discard(day)
            corrected[day] = CORRECTED_DAY_OFF
    return corrected


def _span(count: int) -> datetime.timedelta:
    # 3 calendar days per working day is more than the longest run of days off needs.
    return datetime.timedelta(days=abs(count) * 3 + 20)


def is_working_day(day: datetime.date) -> bool:
    return calendar(day, day).is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (the start day itself is not counted)."""
    if days <= 0:
        return start
    return calendar(start, start + _span(days)).get_nth_working_day(start, days)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date that lies ``count`` working days before ``day`` (``day`` itself not counted)."""
    if count <= 0:
        return day
    return calendar(day - _span(count), day).get_nth_working_day(day, -count)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start)
    if end == start:
        return 0
    return calendar(start, end).get_working_days_count(start + datetime.timedelta(days=1), end)


def add_months(moment, months: int):
    """The same day ``months`` later (a date or a datetime), clamped to the month's last day
    (31 January + 1 month = 28/29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
