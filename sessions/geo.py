"""District boundaries as GeoJSON, checked with shapely, and the point-in-district look-up."""
import json

from django.utils.translation import gettext as _

# shapely (and numpy under it) is imported by the functions that need it: most web workers never check a boundary.

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
    from shapely.errors import GeometryTypeError, ShapelyError
    from shapely.geometry import mapping, shape
    from shapely.validation import explain_validity

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
    from shapely.geometry import Point, shape

    point = Point(longitude, latitude)
    for district in districts:
        if district.boundary and shape(district.boundary).covers(point):
            return district
    return None


def districts_geojson(districts, *, deputies_by_district: dict[int, list[dict]], page_url: str,
                      current=None) -> dict | None:
    """The districts as a GeoJSON FeatureCollection for the portal's map component (cms/maps.py): each feature
    carries its deputies (shown when the district is clicked) and a link that finds the district by a point
    inside it, so the answer is the same page the address form gives."""
    from shapely.geometry import shape

    from cms.maps import feature_collection

    features = []
    for district in districts:
        if not district.boundary:
            continue
        inside = shape(district.boundary).representative_point()
        features.append({
            "type": "Feature", "id": district.number, "geometry": district.boundary,
            "properties": {
                "title": str(district),
                "url": f"{page_url}?lat={inside.y:.6f}&lon={inside.x:.6f}",
                "links": deputies_by_district.get(district.pk, []),
                "empty": _("No deputy is elected in this district now."),
                "current": current is not None and current.pk == district.pk,
            },
        })
    return feature_collection(features) if features else None
