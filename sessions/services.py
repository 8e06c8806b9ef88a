"""Rules of the council's writes: its refusals (CouncilError), the address rules the import and the admin share,
the one list of city departments. The imports of registers are in imports.py."""
from django.utils.translation import gettext as _

from cms.errors import RuleError


class CouncilError(RuleError):
    """A rule refused the action; ``lines`` lists what is wrong line by line in a refused import file."""

    STATUS = {"invalid_file": 422, "invalid_rows": 422, "invalid_votes": 422}

    def __init__(self, code: str, message: str, lines: list[str] | None = None):
        super().__init__(code, message, errors=[{"msg": line} for line in lines] if lines else None)
        self.lines = lines or []


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
