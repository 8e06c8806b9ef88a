"""District boundaries as GeoJSON, checked with shapely, and the point-in-district look-up."""
import json

from django.utils.translation import gettext as _
from shapely.errors import GeometryTypeError, ShapelyError
from shapely.geometry import Point, mapping, shape
from shapely.validation import explain_validity

# Longitudes and latitudes only (WGS 84): a projected boundary would silently match nothing.
LON_RANGE, LAT_RANGE = (-180.0, 180.0), (-90.0, 90.0)


class GeoJSONError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _geometry_of(value) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise GeoJSONError(_("The boundary is not valid JSON. Paste GeoJSON exported from a map editor."))
    if not isinstance(value, dict) or not value:
        raise GeoJSONError(_("The boundary must be a GeoJSON object (Polygon, MultiPolygon, Feature or "
                             "FeatureCollection)."))
    kind = value.get("type")
    if kind == "FeatureCollection":
        features = value.get("features") or []
        if len(features) != 1:
            raise GeoJSONError(_("The FeatureCollection must contain exactly one feature: the district."))
        value = features[0]
        kind = value.get("type") if isinstance(value, dict) else None
    if kind == "Feature":
        value = value.get("geometry")
        kind = value.get("type") if isinstance(value, dict) else None
    if kind not in {"Polygon", "MultiPolygon"}:
        raise GeoJSONError(_("The boundary must be a Polygon or a MultiPolygon, not «%(kind)s».")
                           % {"kind": kind or "—"})
    return value


def parse_boundary(value) -> dict:
    """The GeoJSON geometry of a district boundary, or GeoJSONError with a message for the secretariat."""
    geometry = _geometry_of(value)
    try:
        polygon = shape(geometry)
    except (ShapelyError, GeometryTypeError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise GeoJSONError(_("The boundary coordinates cannot be read: every ring needs at least four "
                             "[longitude, latitude] points, the last equal to the first."))
    if polygon.is_empty:
        raise GeoJSONError(_("The boundary is empty."))
    min_x, min_y, max_x, max_y = polygon.bounds
    if not (LON_RANGE[0] <= min_x <= max_x <= LON_RANGE[1] and LAT_RANGE[0] <= min_y <= max_y <= LAT_RANGE[1]):
        raise GeoJSONError(_("The coordinates must be longitude and latitude in degrees (WGS 84)."))
    if not polygon.is_valid:
        raise GeoJSONError(_("The boundary is not a valid polygon (%(reason)s): fix self-intersections in the "
                             "map editor and export it again.") % {"reason": explain_validity(polygon)})
    return json.loads(json.dumps(mapping(polygon)))  # tuples to lists: stored as plain JSON


def district_containing(districts, *, longitude: float, latitude: float):
    """The first district whose boundary contains the point (borders count as inside), or None."""
    point = Point(longitude, latitude)
    for district in districts:
        if district.boundary and shape(district.boundary).covers(point):
            return district
    return None


def districts_map(districts, *, width: int = 600) -> dict | None:
    """An SVG outline map of the districts (no map library or tiles needed): polygons projected into a
    viewBox, with a label point inside each district. Latitude is scaled by cos(latitude) so shapes keep
    their proportions."""
    import math

    shapes = [(district, shape(district.boundary)) for district in districts if district.boundary]
    if not shapes:
        return None
    min_x = min(polygon.bounds[0] for _district, polygon in shapes)
    min_y = min(polygon.bounds[1] for _district, polygon in shapes)
    max_x = max(polygon.bounds[2] for _district, polygon in shapes)
    max_y = max(polygon.bounds[3] for _district, polygon in shapes)
    x_scale = math.cos(math.radians((min_y + max_y) / 2))
    span_x, span_y = max((max_x - min_x) * x_scale, 1e-9), max(max_y - min_y, 1e-9)
    height = round(width * span_y / span_x)

    def project(lon, lat):
        return round((lon - min_x) * x_scale / span_x * width, 1), round((max_y - lat) / span_y * height, 1)

    items = []
    for district, polygon in shapes:
        parts = polygon.geoms if polygon.geom_type == "MultiPolygon" else [polygon]
        paths = []
        for part in parts:
            points = [project(lon, lat) for lon, lat in part.exterior.coords]
            paths.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
        label = polygon.representative_point()
        items.append({"district": district, "path": " ".join(paths), "label": project(label.x, label.y),
                      "lat": round(label.y, 6), "lon": round(label.x, 6)})
    return {"width": width, "height": height, "items": items}
