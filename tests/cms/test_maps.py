"""The portal's one map component: local Leaflet (never a CDN), tiles as settings, no inline scripts, the admin
point picker on the same Leaflet, the city's bounds."""
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import override_settings

from cms import maps


def render(source: str, **context) -> str:
    return Template("{% load portal_maps %}" + source).render(Context(context))


def test_leaflet_and_markercluster_are_our_own_static_files():
    for path in (maps.LEAFLET_JS, maps.LEAFLET_CSS, maps.CLUSTER_JS, *maps.CLUSTER_CSS, maps.MAP_JS, maps.MAP_CSS):
        assert finders.find(path), path


def test_every_source_map_a_collected_vendor_file_names_exists():
    """Production's manifest storage (collectstatic) fails on a sourceMappingURL that points nowhere."""
    collected = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            prefix = getattr(storage, "prefix", None)
            name = f"{prefix}/{path}" if prefix else path
            collected.setdefault(name, storage.path(path))
    vendor = [name for name in collected if name.startswith("vendor/") and name.endswith((".js", ".css"))]
    assert maps.CLUSTER_JS in vendor and maps.LEAFLET_JS in vendor
    for name in vendor:
        text = open(collected[name], encoding="utf-8").read()
        for target in re.findall(r"sourceMappingURL=(\S+)", text):
            assert name.rsplit("/", 1)[0] + "/" + target in collected, (name, target)


def test_the_admin_point_picker_loads_leaflet_from_our_static_files():
    widget = maps.LocalLeafletField()
    media = str(widget.media)
    assert "/static/vendor/leaflet/leaflet.js" in media and "/static/vendor/leaflet/leaflet.css" in media
    assert "unpkg" not in media and re.findall(r"(?:src|href)=\"(?:https?:)?//", media) == []


@override_settings(PORTAL_MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png", PORTAL_MAP_ATTRIBUTION="© OSM")
def test_tiles_and_attribution_are_settings_passed_as_json_not_as_a_script():
    html = render("{% map_js %}")
    settings = json.loads(re.search(r'id="portal-map-settings" type="application/json">(.*?)</script>', html).group(1))
    assert settings["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png" and settings["attribution"] == "© OSM"
    # Every other script is an external file of ours.
    assert re.findall(r'<script src="([^"]+)"', html) == [
        "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet-markercluster/leaflet.markercluster-src.js",
        "/static/js/map.js"]


def test_a_map_is_a_region_with_its_layers_in_a_json_element():
    points = maps.feature_collection([maps.point_feature(latitude=49.59, longitude=34.55,
                                                         properties={"title": "</script><b>ЦНАП</b>"})])
    config = maps.map_config(layers=[maps.layer(layer_id="cnap", name="ЦНАП", data=points, cluster=True,
                                                switchable=True)])
    html = render("{% portal_map config label='Мапа' map_id='m1' %}", config=config)
    assert '<div id="m1" class="portal-map" data-portal-map="m1-config" role="region" aria-label="Мапа">' in html
    payload = re.search(r'<script id="m1-config" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert "</script><b>" not in payload  # escaped: data cannot end the element
    layer = json.loads(payload)["layers"][0]
    assert layer["cluster"] is True and layer["data"]["features"][0]["geometry"]["coordinates"] == [34.55, 49.59]


@override_settings(PORTAL_CITY_BOUNDS=(49.5, 34.4, 49.7, 34.7))
def test_city_bounds_come_from_settings():
    bounds = maps.city_bounds()
    assert bounds.contains(latitude=49.6, longitude=34.5)
    assert not bounds.contains(latitude=50.45, longitude=30.52)  # Kyiv
    assert not bounds.contains(latitude=34.5, longitude=49.6)  # swapped


@pytest.mark.parametrize(("value", "expected"), [
    ("SRID=4326;POINT(34.55 49.59)", (49.59, 34.55)),
    ("POINT(34.5 49.6)", (49.6, 34.5)),
    ("", None), ("POINT(abc)", None), ("49.59,34.55", None),
])
def test_the_admin_widgets_point_value_is_read(value, expected):
    assert maps.parse_point(value) == expected
