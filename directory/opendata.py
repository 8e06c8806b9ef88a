"""Open data: the published city objects as CSV (formula-safe) and GeoJSON with stable column names, plus the
accessibility columns of the national set 32-building-accessibility (uid, monitoringDate, authorityName,
buildingName, address…) so the same file serves both."""
import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.csv_export import csv_text

from . import hours, selectors
from .models import ACCESSIBILITY_FEATURES

OPEN_DATA_COLUMNS = [
    ("external_id", _("identifier in the city's register (uid of 32-building-accessibility)")),
    ("name", _("name (buildingName)")),
    ("category", _("category slug")),
    ("category_name", _("category name")),
    ("address", _("address")),
    ("lat", _("latitude, WGS 84")),
    ("lon", _("longitude, WGS 84")),
    ("phones", _("phones, comma-separated")),
    ("email", _("e-mail")),
    ("website", _("website")),
    ("services", _("services, one per line")),
    ("owner_type", _("municipal, state or private")),
    ("department", _("responsible city department")),
    *((f"hours_{day}", _("opening hours on this weekday, e.g. 08:00-12:00, 13:00-17:00")) for day in hours.DAYS),
    *((key, _("accessibility: true, false or empty when not known")) for key in ACCESSIBILITY_FEATURES),
    ("accessibility_notes", _("accessibility notes")),
    ("monitoringDate", _("date of the accessibility check, ISO 8601")),
    ("authorityName", _("body that checked the accessibility")),
    ("CATUTTC", _("KATOTTH code of the community")),
    ("addressPostName", _("settlement")),
    ("last_checked", _("when the data were last confirmed, ISO 8601")),
]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def open_data_rows() -> list[dict]:
    objects = selectors.objects_for_list().select_related("department").order_by("pk")
    rows = []
    for obj in objects:
        row = {
            "external_id": obj.external_id, "name": obj.name, "category": obj.category.slug,
            "category_name": obj.category.name, "address": obj.address, "lat": obj.latitude, "lon": obj.longitude,
            "phones": obj.phones, "email": obj.email, "website": obj.website, "services": obj.services,
            "owner_type": obj.owner_type,
            "department": obj.department.name if obj.department_id else "",
            "accessibility_notes": obj.accessibility_notes,
            "monitoringDate": obj.accessibility_checked_on.isoformat() if obj.accessibility_checked_on else "",
            "authorityName": obj.accessibility_checked_by, "CATUTTC": settings.COUNCIL_CATUTTC,
            "addressPostName": settings.DIRECTORY_SETTLEMENT_NAME,
            "last_checked": obj.last_checked.isoformat() if obj.last_checked else "",
        }
        for day in hours.DAYS:
            row[f"hours_{day}"] = hours.day_text(obj.opening_hours or {}, day)
        for key in ACCESSIBILITY_FEATURES:
            row[key] = getattr(obj, key)
        rows.append(row)
    return rows


def csv_bytes(rows: list[dict]) -> bytes:
    """Through the kernel's formula-safe writer (cms.csv_export), with a byte-order mark for spreadsheets."""
    columns = [name for name, _label in OPEN_DATA_COLUMNS]
    return csv_text(({name: _cell(row[name]) for name in columns} for row in rows), columns).encode("utf-8")


def json_bytes(rows: list[dict]) -> bytes:
    columns = [name for name, _label in OPEN_DATA_COLUMNS]
    return json.dumps([{name: row[name] for name in columns} for row in rows], ensure_ascii=False).encode()


def geojson_bytes(rows: list[dict]) -> bytes:
    features = [{"type": "Feature", "id": row["external_id"],
                 "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                 "properties": {key: value for key, value in row.items() if key not in ("lat", "lon")}}
                for row in rows]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def open_data_urls(request, key: str) -> dict[str, str]:
    """The downloads of the open-data catalogue (cms.modules.OpenDataSet)."""
    return {"csv": request.build_absolute_uri("/api/v3/directory/open-data/objects.csv"),
            "json": request.build_absolute_uri("/api/v3/directory/open-data/objects.json")}
