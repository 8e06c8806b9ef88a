"""Importing city objects from CSV, XLSX or GeoJSON: every row checked first (required fields, known category,
point inside the city, opening hours…), then all rows saved at once or none, updating objects with the same
external_id. Bulk statements, so 2,000 rows take seconds."""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from cms.csv_export import FORMULA_STARTS
from cms.maps import city_bounds
from cms.tables import TableError, read_table

from . import hours
from .models import ACCESSIBILITY_FEATURES, Category, CityObject, OwnerType

REQUIRED = ["external_id", "name", "category", "address", "lat", "lon"]
OPTIONAL = [
    "phones", "email", "website", "description", "services", "owner_type", "department",
    *(f"hours_{day}" for day in hours.DAYS),
    *ACCESSIBILITY_FEATURES, "accessibility_notes", "accessibility_checked_on", "accessibility_checked_by",
    "is_published", "last_checked",
]
COLUMNS = REQUIRED + OPTIONAL
# Fields an import writes (everything but photos and the key itself).
UPDATED_FIELDS = ["name", "category", "address", "latitude", "longitude", "phones", "email", "website",
                  "description", "services", "owner_type", "department", "opening_hours", *ACCESSIBILITY_FEATURES,
                  "accessibility_notes", "accessibility_checked_on", "accessibility_checked_by", "is_published",
                  "last_checked"]
TRUE_WORDS = {"так", "є", "yes", "true", "1", "+", "y"}
FALSE_WORDS = {"ні", "немає", "no", "false", "0", "-", "n"}
OWNER_WORDS = {
    "municipal": OwnerType.MUNICIPAL, "комунальна": OwnerType.MUNICIPAL, "комунальний": OwnerType.MUNICIPAL,
    "state": OwnerType.STATE, "державна": OwnerType.STATE, "державний": OwnerType.STATE,
    "private": OwnerType.PRIVATE, "приватна": OwnerType.PRIVATE, "приватний": OwnerType.PRIVATE,
}
MAX_LENGTHS = {"external_id": 64, "name": 255, "address": 255, "phones": 255, "accessibility_checked_by": 255}


class ImportRefused(Exception):
    """The file was not imported; ``lines`` say what to fix, row by row."""

    def __init__(self, message: str, lines: list[str] | None = None):
        super().__init__(message)
        self.message, self.lines = message, lines or []


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    objects: list[CityObject] = field(default_factory=list)


def read_rows(data: bytes, filename: str) -> list[tuple[int, dict]]:
    """(line number, {column: text}) from a CSV/XLSX table (line 1 is the header) or a GeoJSON file (feature
    number), the format told by the file's extension."""
    name = (filename or "").lower()
    if name.endswith((".geojson", ".json")):
        return _geojson_rows(data)
    try:
        dataset = read_table(data, filename)
    except TableError as error:
        raise ImportRefused(error.message.replace(_("Upload a CSV or XLSX file."),
                                                  _("Upload a CSV, XLSX or GeoJSON file.")))
    headers = [str(header or "").strip().lstrip("\ufeff") for header in dataset.headers or []]
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise ImportRefused(_("The file has no column(s) %(columns)s. The first line must name the columns: "
                              "%(required)s.") % {"columns": ", ".join(missing), "required": ", ".join(REQUIRED)})
    rows = []
    for number, values in enumerate(dataset, start=2):
        row = {header: _text(value) for header, value in zip(headers, values, strict=False) if header}
        if any(row.values()):
            rows.append((number, row))
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    # Our own exports (cms.csv_export) quote text that a spreadsheet would run as a formula: read it back as text.
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS and text[1:2]:
        text = text[1:]
    return text


def _geojson_rows(data: bytes) -> list[tuple[int, dict]]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ImportRefused(_("The GeoJSON file cannot be read: it must be JSON in UTF-8."))
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" \
            or not isinstance(document.get("features"), list):
        raise ImportRefused(_("The GeoJSON file must be a FeatureCollection of Point features."))
    rows = []
    for number, feature in enumerate(document["features"], start=1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        properties = feature.get("properties") if isinstance(feature, dict) else None
        row = {key: _text(value) for key, value in (properties or {}).items() if isinstance(key, str)}
        if isinstance(geometry, dict) and geometry.get("type") == "Point" \
                and isinstance(geometry.get("coordinates"), list) and len(geometry["coordinates"]) >= 2:
            row["lon"], row["lat"] = (_text(value) for value in geometry["coordinates"][:2])
        else:
            row["lat"] = row["lon"] = ""
            row["_geometry_error"] = "1"
        rows.append((number, row))
    return rows


class _Validator:
    def __init__(self):
        self.categories = {}
        for category in Category.objects.all():
            self.categories[category.slug.casefold()] = category
            self.categories[category.name.casefold()] = category
        from sessions.departments import Department, department_name_key

        self.departments = {}
        for department in Department.objects.all():
            self.departments[department_name_key(department.name)] = department
            if department.short_name:
                self.departments[department_name_key(department.short_name)] = department
        self.department_key = department_name_key
        self.bounds = city_bounds()
        self.email, self.url = EmailValidator(), URLValidator(schemes=["http", "https"])

    def build(self, row: dict, problems: list[str]) -> CityObject | None:
        for column in REQUIRED:
            if not row.get(column) and not (column in ("lat", "lon") and row.get("_geometry_error")):
                problems.append(_("«%(column)s» is empty.") % {"column": column})
        if row.get("_geometry_error"):
            problems.append(_("the geometry must be a Point with [longitude, latitude]."))
        for column, limit in MAX_LENGTHS.items():
            if len(row.get(column, "")) > limit:
                problems.append(_("«%(column)s» is longer than %(limit)s characters.")
                                % {"column": column, "limit": limit})
        obj = CityObject(external_id=row.get("external_id", ""), name=row.get("name", ""),
                         address=row.get("address", ""), phones=row.get("phones", ""),
                         description=row.get("description", ""),
                         services=row.get("services", "").replace("\\n", "\n").replace(";", "\n"),
                         accessibility_notes=row.get("accessibility_notes", ""),
                         accessibility_checked_by=row.get("accessibility_checked_by", ""))
        category = self.categories.get(row.get("category", "").casefold())
        if row.get("category") and category is None:
            problems.append(_("there is no category «%(category)s».") % {"category": row["category"]})
        obj.category = category
        self._point(obj, row, problems)
        for column in ("email", "website"):
            value = row.get(column, "")
            if value:
                try:
                    (self.email if column == "email" else self.url)(value)
                except ValidationError:
                    problems.append(_("«%(value)s» is not a valid %(column)s.") % {"value": value, "column": column})
            setattr(obj, column, value)
        owner = row.get("owner_type", "").casefold()
        if owner and owner not in OWNER_WORDS:
            problems.append(_("the owner must be municipal, state or private, not «%(value)s».")
                            % {"value": row["owner_type"]})
        obj.owner_type = OWNER_WORDS.get(owner, OwnerType.MUNICIPAL)
        department = row.get("department", "")
        obj.department = self.departments.get(self.department_key(department)) if department else None
        if department and obj.department is None:
            problems.append(_("there is no city department «%(name)s».") % {"name": department})
        week = {}
        for day in hours.DAYS:
            try:
                week[day] = hours.parse_day(row.get(f"hours_{day}", ""), day=day)
            except ValidationError as error:
                problems.extend(error.messages)
        obj.opening_hours = week
        for column in ACCESSIBILITY_FEATURES:
            setattr(obj, column, self._yes_no(row, column, problems))
        published = self._yes_no(row, "is_published", problems)
        obj.is_published = True if published is None else published
        for column in ("accessibility_checked_on", "last_checked"):
            setattr(obj, column, self._date(row, column, problems))
        return obj

    def _point(self, obj, row, problems):
        try:
            obj.latitude = float(row.get("lat", "").replace(",", "."))
            obj.longitude = float(row.get("lon", "").replace(",", "."))
        except ValueError:
            if row.get("lat") and row.get("lon"):
                problems.append(_("the coordinates «%(lat)s», «%(lon)s» are not numbers like 49.5912 and 34.5521.")
                                % {"lat": row["lat"], "lon": row["lon"]})
            return
        if not self.bounds.contains(latitude=obj.latitude, longitude=obj.longitude):
            problems.append(_("the point %(lat)s, %(lon)s is outside the city (latitude %(south)s…%(north)s, "
                              "longitude %(west)s…%(east)s).")
                            % {"lat": row["lat"], "lon": row["lon"], "south": self.bounds.south,
                               "north": self.bounds.north, "west": self.bounds.west, "east": self.bounds.east})

    @staticmethod
    def _yes_no(row, column, problems) -> bool | None:
        value = row.get(column, "").casefold()
        if not value or value == "null":
            return None
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        problems.append(_("«%(column)s» must be «так» or «ні», not «%(value)s».")
                        % {"column": column, "value": row[column]})
        return None

    @staticmethod
    def _date(row, column, problems):
        value = row.get(column, "")
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            problems.append(_("«%(column)s» must be a date like 2026-05-30, not «%(value)s».")
                            % {"column": column, "value": value})
            return None


def validate_rows(rows: list[tuple[int, dict]], *, geojson: bool = False) -> list[CityObject]:
    """The objects the rows describe, or ImportRefused with one line per row that has problems."""
    if not rows:
        raise ImportRefused(_("The file has no objects."))
    validator = _Validator()
    objects, lines, seen = [], [], {}
    for number, row in rows:
        problems: list[str] = []
        obj = validator.build(row, problems)
        key = obj.external_id
        if key and key in seen:
            problems.append(_("the external_id «%(id)s» is already used in line %(line)s.")
                            % {"id": key, "line": seen[key]})
        seen.setdefault(key, number)
        if problems:
            where = (_("Feature %(number)s") if geojson else _("Line %(number)s")) % {"number": number}
            lines.append(f"{where}: " + " ".join(problems))
        objects.append(obj)
    if lines:
        raise ImportRefused(_("The file was not imported: fix these lines and upload it again."), lines)
    return objects


def save_objects(objects: list[CityObject]) -> ImportResult:
    """Insert new objects and update those with the same external_id, in bulk (call inside a transaction)."""
    keys = [obj.external_id for obj in objects]
    existing = set(CityObject.objects.filter(external_id__in=keys).values_list("external_id", flat=True))
    CityObject.objects.bulk_create(objects, batch_size=1000, update_conflicts=True, unique_fields=["external_id"],
                                   update_fields=UPDATED_FIELDS + ["updated_at"])
    return ImportResult(created=len(keys) - len(existing), updated=len(existing), objects=objects)
