"""Writes of the council that carry a rule: imports of deputies and roll-call votes, the address register."""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.errors import RuleError

from .tables import TableError, read_table


class CouncilError(RuleError):
    """A rule refused the action; ``lines`` lists what is wrong line by line in a refused import file."""

    STATUS = {"invalid_file": 422, "invalid_rows": 422, "invalid_votes": 422}

    def __init__(self, code: str, message: str, lines: list[str] | None = None):
        super().__init__(code, message, errors=[{"msg": line} for line in lines] if lines else None)
        self.lines = lines or []


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: list[str] = field(default_factory=list)


def _row_messages(result) -> list[str]:
    lines = []
    for line_number, errors in result.row_errors():
        for error in errors:
            lines.append(_("Line %(line)s: %(message)s") % {"line": line_number + 1, "message": error.error})
    for invalid in result.invalid_rows:
        for messages in invalid.error_dict.values():
            for message in messages:
                text = message.messages[0] if isinstance(message, ValidationError) else str(message)
                lines.append(_("Line %(line)s: %(message)s") % {"line": invalid.number + 1, "message": text})
    return sorted(lines, key=lambda line: int("".join(ch for ch in line.split(":")[0] if ch.isdigit()) or 0))


def deputies_import(*, data: bytes, filename: str, user=None) -> ImportReport:
    """Import deputies in the 30-deputies.csv columns: all rows or none."""
    from .resources import DeputyResource

    try:
        dataset = read_table(data, filename)
    except TableError as error:
        raise CouncilError("invalid_file", error.message)
    resource = DeputyResource()
    try:
        resource.before_import(dataset)
    except ValidationError as error:
        raise CouncilError("invalid_file", error.messages[0])
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False,
                                      collect_failed_rows=True)
        if result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True)
            raise CouncilError("invalid_rows", _("The file was not imported: fix these lines and upload it again."),
                               lines=_row_messages(result))
        totals = result.totals
        report = ImportReport(created=totals.get("new", 0), updated=totals.get("update", 0),
                              unchanged=totals.get("skip", 0))
        if user is not None:
            from .models import DeputyIndexPage

            index = DeputyIndexPage.objects.first()
            log(instance=index, action="council.deputies.import", user=user,
                data={"created": report.created, "updated": report.updated, "file": filename})
    return report


ADDRESS_COLUMNS = ["uid", "addressThoroughfare", "addressLocatorDesignator", "areaId"]


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


def addresses_import(*, data: bytes, filename: str) -> ImportReport:
    """The address register (37-address-register.csv columns plus «areaId», the electoral district number).
    All rows or none; rows are matched by «uid», so importing the same file again changes nothing."""
    from .models import AddressRecord, ElectoralDistrict

    try:
        dataset = read_table(data, filename)
    except TableError as error:
        raise CouncilError("invalid_file", error.message)
    missing = [column for column in ADDRESS_COLUMNS if column not in dataset.headers]
    if missing:
        raise CouncilError("invalid_file", _("The file has no column(s) %(columns)s: use the columns of "
                                             "37-address-register.csv and «areaId» for the district number.")
                           % {"columns": ", ".join(missing)})
    districts = {str(district.number): district for district in ElectoralDistrict.objects.all()}
    lines, wanted, seen = [], {}, {}
    for line, row in enumerate(dataset.dict, start=2):
        row = {key: ("" if value is None else str(value).strip()) for key, value in row.items()}
        row = {key: ("" if value.lower() == "null" else value) for key, value in row.items()}
        problems = []
        if not row["uid"]:
            problems.append(_("uid is empty."))
        elif row["uid"] in seen:
            problems.append(_("the address «%(uid)s» is listed twice (line %(first)s).")
                            % {"uid": row["uid"], "first": seen[row["uid"]]})
        problems += address_problems(street=row["addressThoroughfare"], house=row["addressLocatorDesignator"])
        district = districts.get(row["areaId"])
        if district is None:
            problems.append(_("there is no electoral district № %(number)s.") % {"number": row["areaId"] or "—"})
        for problem in problems:
            lines.append(_("Line %(line)s: %(message)s") % {"line": line, "message": problem})
        if problems:
            continue
        seen[row["uid"]] = line
        wanted[row["uid"]] = {
            "thoroughfare": row["addressThoroughfare"], "locator_designator": row["addressLocatorDesignator"],
            "locator_building": row.get("addressLocatorBuilding", ""), "post_name": row.get("addressPostName", ""),
            "post_code": row.get("addressPostCode", ""), "status": row.get("statusType", ""), "district": district,
        }
    if lines:
        raise CouncilError("invalid_rows", _("The file was not imported: fix these lines and upload it again."),
                           lines=lines)
    report = ImportReport()
    with transaction.atomic():
        existing = {record.uid: record for record in AddressRecord.objects.filter(uid__in=list(wanted))}
        for uid, values in wanted.items():
            record = existing.get(uid)
            if record is None:
                AddressRecord(uid=uid, **values).save()
                report.created += 1
            elif any(getattr(record, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(record, name, value)
                record.save()
                report.updated += 1
            else:
                report.unchanged += 1
    return report


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
