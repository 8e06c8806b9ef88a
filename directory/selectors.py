"""Reads the directory page, the API and open data share: the one visibility rule, filters, distance order and the
cached GeoJSON of the map."""
from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Power
from django.utils import timezone

from cms.search import words_query

from . import hours
from .models import ACCESSIBILITY_FEATURES, Category, CityObject, DirectoryPage
from .services import data_version

EARTH_RADIUS_KM = 6371.0088


def published_objects() -> QuerySet[CityObject]:
    """What the public may see (page, API, map, open data, corrections): the model's one visibility rule."""
    return CityObject.visible_queryset(None)


def objects_for_list() -> QuerySet[CityObject]:
    return published_objects().select_related("category")


def categories() -> list[Category]:
    return list(Category.objects.select_related("parent").order_by("order", "name"))


def category_and_children(category: Category) -> Q:
    return Q(category=category) | Q(category__parent=category)


def matching_words(queryset, text: str) -> QuerySet[CityObject]:
    """Objects whose name or address has every word of ``text``, as a form of it («парку» finds «Парк») or as the
    beginning of a word («Шевч» finds «вул. Шевченка»): full-text search in the stored, GIN-indexed ``search_vector``.
    Text without a word (only punctuation) finds nothing."""
    query = words_query(text)
    if query is None:
        return queryset.none()
    return queryset.filter(search_vector=query)


def filter_objects(queryset, *, q: str = "", category: Category | None = None, features=(), bbox=None,
                   open_now: bool = False, at=None) -> QuerySet[CityObject]:
    if q:
        queryset = matching_words(queryset, q)
    if category is not None:
        queryset = queryset.filter(category_and_children(category))
    for feature in features:
        if feature in ACCESSIBILITY_FEATURES:
            queryset = queryset.filter(**{feature: True})
    if bbox is not None:
        south, west, north, east = bbox
        queryset = queryset.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west,
                                   longitude__lte=east)
    if open_now:
        queryset, _changes_at = only_open(queryset, at=at)
    return queryset


def only_open(queryset, *, at=None) -> tuple[QuerySet[CityObject], datetime.datetime | None]:
    """The objects open at ``at`` (now by default), and the next moment one of them opens or closes: until then the
    list is the same (a page showing it is kept by the page caches that long, cms.pagecache.changes_at)."""
    moment = timezone.localtime(at or timezone.now())
    # Hours are a small JSON per object: read them in one query and keep the ids of the open ones.
    weeks = list(queryset.values_list("pk", "opening_hours"))
    open_ids = [pk for pk, week in weeks if hours.is_open(week or {}, moment)]
    changes = [hours.next_change(week or {}, moment) for _pk, week in weeks]
    return queryset.filter(pk__in=open_ids), min(filter(None, changes), default=None)


def order_by_distance(queryset, *, latitude: float, longitude: float) -> QuerySet[CityObject]:
    """Nearest first: squared distance on a plane scaled by cos(latitude), exact enough inside one city."""
    scale = math.cos(math.radians(latitude))
    distance = (Power(F("latitude") - Value(latitude), 2)
                + Power((F("longitude") - Value(longitude)) * Value(scale), 2))
    return queryset.annotate(distance_order=distance).order_by("distance_order", "name", "pk")


def distance_km(*, lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), shown next to each object when sorting by distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def directory_page() -> DirectoryPage | None:
    return DirectoryPage.objects.live().public().first()


DIRECTORY_URL_CACHE_KEY = "directory:page-url"


def directory_url() -> str:
    """The directory page's address (objects are at ``<url><id>/``), cached for five minutes; "" without one."""
    url = cache.get(DIRECTORY_URL_CACHE_KEY)
    if url is None:
        page = directory_page()
        url = (page.url if page else None) or ""
        cache.set(DIRECTORY_URL_CACHE_KEY, url, 300)
    return url


def search_public_objects(query: str) -> QuerySet[CityObject]:
    """Published objects whose name or address has every word: what site search shows (cms.modules.SearchType)."""
    return filter_objects(objects_for_list(), q=query).order_by("name", "pk")


GEOJSON_FIELDS = ("pk", "name", "address", "latitude", "longitude", "category__slug")


@dataclass
class GeoJSONDocument:
    body: bytes
    etag: str
    gzipped: bytes = b""

    @property
    def gzip_etag(self) -> str:
        # Another representation, another entity tag (RFC 9110 8.8.3).
        return self.etag[:-1] + '-gzip"'


def geojson(*, category: Category | None = None) -> GeoJSONDocument:
    """A FeatureCollection of all published objects (or one category with its sub-categories), built with one
    query and cached until the data change (the version is part of the key and of the ETag). Features carry their
    id; the map turns it into the object page's address (the layer's ``urlTemplate``) and shows name and address."""
    key = f"directory:geojson:{data_version()}:{category.pk if category else 'all'}"
    cached = cache.get(key)
    if cached is not None:
        return GeoJSONDocument(body=cached[0], etag=cached[1], gzipped=cached[2])
    queryset = published_objects()
    if category is not None:
        queryset = queryset.filter(category_and_children(category))
    features = [{
        "type": "Feature", "id": row[0],
        "geometry": {"type": "Point", "coordinates": [row[4], row[3]]},
        "properties": {"name": row[1], "address": row[2], "category": row[5]},
    } for row in queryset.order_by("pk").values_list(*GEOJSON_FIELDS)]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # Compressed once here, not per request: 2,000 objects are ~0.5 MB of JSON and ~60 KB gzipped.
    gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    cache.set(key, (body, etag, gzipped), settings.DIRECTORY_GEOJSON_CACHE_SECONDS)
    return GeoJSONDocument(body=body, etag=etag, gzipped=gzipped)
