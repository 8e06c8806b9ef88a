"""Template tags of the map component: ``{% map_css %}`` in ``extra_head``, ``{% map_js %}`` in ``extra_js`` and
``{% portal_map config label=... %}`` where the map goes (see cms/maps.py and README, "Maps")."""
import itertools

from django import template
from django.utils.html import format_html, format_html_join, json_script

from .. import maps

register = template.Library()
_counter = itertools.count(1)


@register.simple_tag
def map_css():
    return format_html_join("\n", '<link rel="stylesheet" href="{}">', ((url,) for url in maps.asset_urls()["css"]))


@register.simple_tag
def map_js():
    """Leaflet, markercluster and map.js, with the shared settings (tiles, labels) as a JSON element."""
    scripts = format_html_join("\n", '<script src="{}" defer></script>', ((url,) for url in maps.asset_urls()["js"]))
    return format_html("{}\n{}", json_script(maps.map_settings(), "portal-map-settings"), scripts)


@register.simple_tag
def portal_map(config: dict, *, label: str, map_id: str = "", size: str = ""):
    """A map region drawn by map.js from ``config`` (``maps.map_config``). Pages keep a list of the same things
    next to it: the map is an enhancement."""
    map_id = map_id or f"portal-map-{next(_counter)}"
    classes = "portal-map" + (f" portal-map--{size}" if size else "")
    return format_html('<div id="{}" class="{}" data-portal-map="{}-config" role="region" aria-label="{}"></div>{}',
                       map_id, classes, map_id, label, json_script(config, f"{map_id}-config"))
