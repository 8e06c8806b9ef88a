"""Rules of the council's writes: its refusals (CouncilError), the facts that cannot be true yet (votes of a session
not held, decisions dated in the future), the address rules the import and the admin share, the one list of city
departments. The imports of registers are in imports.py."""
import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.errors import RuleError


class CouncilError(RuleError):
    """A rule refused the action; ``lines`` lists what is wrong line by line in a refused import file."""

    STATUS = {"invalid_file": 422, "invalid_rows": 422, "invalid_votes": 422}

    def __init__(self, code: str, message: str, lines: list[str] | None = None):
        super().__init__(code, message, errors=[{"msg": line} for line in lines] if lines else None)
        self.lines = lines or []


# Clocks of the voting system and of the server differ a little: a vote stamped this much ahead is still "now".
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)
NOT_HELD = {"postponed", "cancelled"}


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j E Y, H:i")


def session_votes_refusal(*, session, now: datetime.datetime | None = None) -> str | None:
    """Why the session cannot have roll-call votes yet (None: it can): it has not begun, or it was postponed or
    cancelled. A session that runs now can: results are often published while it continues."""
    now = now or timezone.now()
    if session.status in NOT_HELD:
        return _("The session «%(title)s» is %(status)s: it has no votes to import.") % {
            "title": session.title, "status": session.get_status_display().lower()}
    if session.start > now + CLOCK_TOLERANCE:
        return _("The session «%(title)s» has not taken place yet (it starts %(start)s): votes can be imported "
                 "only for a session that has begun.") % {"title": session.title, "start": _when(session.start)}
    return None


def vote_time_refusal(moment: datetime.datetime | None, *, now: datetime.datetime | None = None) -> str | None:
    """A vote cannot be dated in the future."""
    now = now or timezone.now()
    if moment is not None and moment > now + CLOCK_TOLERANCE:
        return _("the vote is dated %(date)s, which is in the future.") % {"date": _when(moment)}
    return None


def decision_date_errors(*, date: datetime.date | None, session=None,
                         today: datetime.date | None = None) -> dict[str, str]:
    """A decision is adopted on a day that has come, at a session that has taken place by that day."""
    today = today or timezone.localdate()
    errors = {}
    if date and date > today:
        errors["date"] = _("The date of adoption %(date)s is in the future: a decision is registered after it is "
                           "adopted.") % {"date": date.strftime("%d.%m.%Y")}
    if session is not None:
        if session.status in NOT_HELD:
            errors["session"] = _("The session «%(title)s» is %(status)s: no decision was adopted at it.") % {
                "title": session.title, "status": session.get_status_display().lower()}
        elif session.start > timezone.now() + CLOCK_TOLERANCE:
            errors["session"] = _("The session «%(title)s» has not taken place yet (it starts %(start)s): a decision "
                                  "can be registered only after its session.") % {
                "title": session.title, "start": _when(session.start)}
        elif date and timezone.localtime(session.start).date() > date:
            errors["date"] = _("The decision is dated %(date)s, before its session began (%(start)s).") % {
                "date": date.strftime("%d.%m.%Y"), "start": _when(session.start)}
    return errors


def address_problems(*, street: str, house: str) -> list[str]:
    """What makes a street and house number unusable for «Find my deputy»: the import refuses such a line and the
    admin such a form, with the same words."""
    from .addresses import house_key

    street, house = (street or "").strip(), (house or "").strip()
    if not street or not house:
        return [_("the street and the house number are required.")]
    if not house_key(house):
        # «-» or «/» alone would be stored with an empty key that no resident's query can ever match.
        return [_("the house number «%(house)s» has neither digits nor letters.") % {"house": house}]
    return []


def address_duplicate(*, street: str, house: str, building: str = "", exclude_pk=None):
    """The record already holding this address as «Find my deputy» reads it (street type words, case and the
    spelling of the house number do not matter), or None."""
    from .addresses import house_key, street_key
    from .models import AddressRecord

    same = AddressRecord.objects.filter(street_key=street_key(street), house_key=house_key(house))
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    wanted_building = house_key(building)
    return next((record for record in same.select_related("district")
                 if house_key(record.locator_building) == wanted_building), None)


def department_get_or_create(*, name: str, defaults: dict | None = None):
    """The city department of this name whatever its letter case and spacing, created when there is none: demo
    content of every module shares one list of departments without duplicates."""
    from .models import Department
    from .models.reference import department_name_key

    name = " ".join(name.split())
    key = department_name_key(name)
    department = next((department for department in Department.objects.order_by("pk")
                       if department_name_key(department.name) == key), None)
    if department is None:
        department = Department.objects.create(name=name, **(defaults or {}))
    return department
