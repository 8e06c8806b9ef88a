"""The portal's one map component, server side: settings for the JS module, GeoJSON helpers, the city's bounds and
the admin point picker (wagtailgeowidget's Leaflet widget on our own copy of Leaflet).

Templates place maps with the tags in ``cms/templatetags/portal_maps.py``; README "Maps" shows the usage."""
from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtailgeowidget.widgets import LeafletField

LEAFLET_CSS = "vendor/leaflet/leaflet.css"
LEAFLET_JS = "vendor/leaflet/leaflet.js"
CLUSTER_CSS = ("vendor/leaflet-markercluster/MarkerCluster.css",
               "vendor/leaflet-markercluster/MarkerCluster.Default.css")
# The unminified build: the package ships its source map but not the minified one's, and the manifest storage of
# production (collectstatic) refuses a file whose sourceMappingURL points nowhere. WhiteNoise compresses it.
CLUSTER_JS = "vendor/leaflet-markercluster/leaflet.markercluster-src.js"
MAP_CSS = "css/map.css"
MAP_JS = "js/map.js"


def map_settings() -> dict:
    """What every map on a page shares (read by map.js from the ``portal-map-settings`` JSON element)."""
    return {
        "tileUrl": settings.PORTAL_MAP_TILE_URL,
        "attribution": settings.PORTAL_MAP_ATTRIBUTION,
        "maxZoom": settings.PORTAL_MAP_MAX_ZOOM,
        "center": list(settings.PORTAL_MAP_CENTER),
        "zoom": settings.PORTAL_MAP_ZOOM,
        "labels": {
            "layers": _("Layers on the map"),
            "picker": _("Map: click to choose the point"),
            "pickerHint": _("Click the map to fill in the coordinates, or drag the marker."),
            "pickerMarker": _("Chosen point"),
            "locating": _("Finding your location…"),
            "locationUnavailable": _("Your location is not available. Type the address instead."),
        },
    }


def point_feature(*, latitude: float, longitude: float, properties: dict, feature_id=None) -> dict:
    """A GeoJSON Point feature; ``properties`` as map.js reads them: ``title``, ``url``, ``subtitle``, ``links``."""
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
               "properties": properties}
    if feature_id is not None:
        feature["id"] = feature_id
    return feature


def feature_collection(features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def layer(*, layer_id: str, name: str, data: dict | None = None, url: str | None = None, colour: str = "#0b4f8a",
          cluster: bool = False, switchable: bool = False, visible: bool = True, only: tuple[str, str] | None = None,
          url_template: str = "") -> dict:
    """One layer of a map: inline GeoJSON (``data``) or a same-origin GeoJSON address (``url``; layers with the same
    address share one request). ``only=(property, value)`` keeps the matching features; ``url_template`` links each
    feature without a ``url`` property to its page (``{id}`` is the feature's id)."""
    spec = {"id": layer_id, "name": str(name), "colour": colour, "cluster": cluster, "switchable": switchable,
            "visible": visible}
    if only:
        spec["filter"] = {"property": only[0], "value": only[1]}
    if url_template:
        spec["urlTemplate"] = url_template
    if data is not None:
        spec["data"] = data
    if url:
        spec["url"] = url
    return spec


def map_config(*, layers: list[dict], center: tuple[float, float] | None = None, zoom: int | None = None,
               fit: bool = True) -> dict:
    config = {"layers": layers, "fit": fit}
    if center is not None:
        config["center"] = [center[0], center[1]]
    if zoom is not None:
        config["zoom"] = zoom
    return config


@dataclass(frozen=True)
class CityBounds:
    south: float
    west: float
    north: float
    east: float

    def contains(self, *, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


def city_bounds() -> CityBounds:
    """The box every point of the city's registers must fall in (settings.PORTAL_CITY_BOUNDS)."""
    south, west, north, east = settings.PORTAL_CITY_BOUNDS
    return CityBounds(south=south, west=west, north=north, east=east)


POINT_WKT = re.compile(r"^\s*(?:SRID=\d+;)?\s*POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$", re.IGNORECASE)


def parse_point(value: str) -> tuple[float, float] | None:
    """(latitude, longitude) from wagtailgeowidget's value ``SRID=4326;POINT(lon lat)``, or None."""
    match = POINT_WKT.match(value or "")
    if not match:
        return None
    longitude, latitude = float(match.group(1)), float(match.group(2))
    return latitude, longitude


def format_point(*, latitude: float, longitude: float) -> str:
    return f"SRID=4326;POINT({longitude} {latitude})"


class LocalLeafletField(LeafletField):
    """wagtailgeowidget's Leaflet point picker loading Leaflet from our static files instead of a public CDN."""

    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", LEAFLET_CSS)},
            js=(LEAFLET_JS, "wagtailgeowidget/js/leaflet-field.js", "wagtailgeowidget/js/leaflet-field-controller.js"),
        )


def asset_urls() -> dict:
    return {"css": [static(LEAFLET_CSS), *(static(path) for path in CLUSTER_CSS), static(MAP_CSS)],
            "js": [static(LEAFLET_JS), static(CLUSTER_JS), static(MAP_JS)]}
