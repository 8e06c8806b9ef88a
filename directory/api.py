"""JSON API of the city directory (/api/v3/directory/): categories, objects with filters, one object, the GeoJSON
of the map (cached, ETag/304) and residents' corrections. Errors carry stable codes."""
import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from cms.account_api import resident_auth
from cms.api_helpers import MAX_DB_INT, Pagination, search_text
from cms.errors import ApiProblem

from . import selectors, services
from .models import ACCESSIBILITY_FEATURES, Category, CorrectionKind

router = Router(tags=["directory"])
public = [BearerTokenAuth(), AllowAnonymous()]
directory_url = selectors.directory_url


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    icon: str
    colour: str
    order: int
    parent: str | None = None

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.slug if obj.parent_id else None


class CategoryRef(Schema):
    name: str
    slug: str
    colour: str


class Accessibility(Schema):
    ramp: bool | None
    lift: bool | None
    accessible_toilet: bool | None
    parking: bool | None
    tactile_guidance: bool | None
    notes: str = Field(..., alias="accessibility_notes")
    checked_on: datetime.date | None = Field(None, alias="accessibility_checked_on")
    checked_by: str = Field(..., alias="accessibility_checked_by")


class ObjectItem(Schema):
    id: int
    external_id: str
    name: str
    category: CategoryRef
    address: str
    latitude: float
    longitude: float
    url: str
    open_now: bool
    distance_km: float | None = None

    @staticmethod
    def resolve_url(obj, context):
        base = directory_url()
        return context["request"].build_absolute_uri(f"{base}{obj.pk}/") if base else ""

    @staticmethod
    def resolve_open_now(obj):
        return obj.is_open_at(timezone.now())

    @staticmethod
    def resolve_distance_km(obj):
        return getattr(obj, "distance_km", None)


class ObjectDetail(ObjectItem):
    phones: list[str] = Field(..., alias="phone_list")
    email: str
    website: str
    description: str
    owner_type: str
    department: str | None = None
    opening_hours: dict[str, list[list[str]]]
    accessibility: Accessibility
    last_checked: datetime.date | None

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_accessibility(obj):
        return obj


class ObjectFilters(Schema):
    category: str | None = Field(None, max_length=100, description="A category's slug (its sub-categories too).")
    q: str | None = Field(None, max_length=200, description="Words of the name or address: each one a form of a "
                          "word («парку» finds «Парк») or the beginning of one («Шевч»).")
    bbox: str | None = Field(None, max_length=100, description="south,west,north,east in degrees (WGS 84).")
    accessibility: list[str] = Field(default_factory=list, description="Features the object must have: "
                                     + ", ".join(ACCESSIBILITY_FEATURES))
    open_now: bool = False
    near: str | None = Field(None, max_length=60, description="lat,lon: nearest first, with distance_km.")


def _category(slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ApiProblem(400, "unknown_category", _("There is no such category."))
    return category


def _numbers(text: str, count: int, code: str, message: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        raise ApiProblem(400, code, message)
    if len(values) != count or any(value != value or abs(value) > 180 for value in values):
        raise ApiProblem(400, code, message)
    return values


@router.get("/categories/", response=list[CategoryOut], auth=public, summary="Categories (map layers)")
def list_categories(request: HttpRequest):
    return selectors.categories()


@router.get("/objects/", response=list[ObjectItem], auth=public, url_name="directory_objects",
            summary="Published city objects",
            description="Filters: `category`, `q`, `bbox`, `accessibility` (repeat for several), `open_now`, "
                        "`near`. Paginated with `limit` and `offset`.")
@paginate(Pagination)
def list_objects(request: HttpRequest, filters: ObjectFilters = Query(...)):  # noqa: B008
    unknown = [feature for feature in filters.accessibility if feature not in ACCESSIBILITY_FEATURES]
    if unknown:
        raise ApiProblem(400, "unknown_feature", _("There is no such accessibility feature: %(names)s.")
                         % {"names": ", ".join(unknown)})
    query = search_text(filters.q)
    bbox = None
    if filters.bbox:
        bbox = _numbers(filters.bbox, 4, "invalid_bbox",
                        _("The bbox must be south,west,north,east in degrees, e.g. 49.56,34.50,49.62,34.62."))
        if bbox[0] > bbox[2] or bbox[1] > bbox[3]:
            raise ApiProblem(400, "invalid_bbox", _("The bbox's south must not be above its north, nor its west "
                                                    "east of its east."))
    queryset = selectors.filter_objects(selectors.objects_for_list(), q=query,
                                        category=_category(filters.category), features=filters.accessibility,
                                        bbox=bbox, open_now=filters.open_now)
    if filters.near:
        latitude, longitude = _numbers(filters.near, 2, "invalid_point",
                                       _("«near» must be latitude,longitude, e.g. 49.5912,34.5521."))
        if abs(latitude) > 90:
            raise ApiProblem(400, "invalid_point", _("«near» must be latitude,longitude, e.g. 49.5912,34.5521."))
        return _DistanceList(selectors.order_by_distance(queryset, latitude=latitude, longitude=longitude),
                             latitude, longitude)
    return queryset


class _DistanceList:
    """A queryset slice that adds distance_km to each object it yields (pagination slices it)."""

    def __init__(self, queryset, latitude, longitude):
        self.queryset, self.latitude, self.longitude = queryset, latitude, longitude

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        objects = list(self.queryset[item])
        for obj in objects:
            obj.distance_km = round(selectors.distance_km(lat1=self.latitude, lon1=self.longitude,
                                                          lat2=obj.latitude, lon2=obj.longitude), 3)
        return objects


@router.get("/objects/{object_id}/", response=ObjectDetail, auth=public, url_name="directory_object",
            summary="One published object")
def object_detail(request: HttpRequest, object_id: int):
    found = (selectors.objects_for_list().select_related("department").filter(pk=object_id).first()
             if 0 < object_id <= MAX_DB_INT else None)
    if found is None:
        raise ApiProblem(404, "not_found", _("There is no such object."))
    return found


@router.get("/geojson/", auth=public, url_name="directory_geojson", summary="GeoJSON of the map",
            description="A FeatureCollection of all published objects, or of one `category` (with its "
                        "sub-categories). Cached; send `If-None-Match` with the ETag for a 304.",
            openapi_extra={"responses": {200: {"description": "application/geo+json FeatureCollection"},
                                         304: {"description": "Not modified"}}})
def geojson(request: HttpRequest, category: str | None = Query(None, max_length=100)):  # noqa: B008
    document = selectors.geojson(category=_category(category))
    compressed = "gzip" in request.headers.get("Accept-Encoding", "")
    etag = document.gzip_etag if compressed else document.etag
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={settings.DIRECTORY_GEOJSON_MAX_AGE}",
               "Vary": "Accept-Encoding"}
    sent = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
    if {document.etag, document.gzip_etag} & sent:
        response = HttpResponse(status=304)
    elif compressed:
        response = HttpResponse(document.gzipped, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(document.body, content_type="application/geo+json")
    for name, value in headers.items():
        response[name] = value
    return response


class CorrectionIn(Schema):
    kind: str = Field(..., description=", ".join(CorrectionKind.values))
    text: str = Field(..., max_length=5000)


class CorrectionOut(Schema):
    id: int
    kind: str
    status: str
    created_at: datetime.datetime


@router.post("/objects/{object_id}/corrections/", response={201: CorrectionOut}, auth=resident_auth,
             url_name="directory_correction", summary="Suggest a correction (residents)")
def suggest_correction(request: HttpRequest, object_id: int, payload: CorrectionIn):
    found = selectors.published_objects().filter(pk=object_id).first() if 0 < object_id <= MAX_DB_INT else None
    if found is None:
        raise ApiProblem(404, "not_found", _("There is no such object."))
    # A refusal (services.DirectoryError, a RuleError) becomes a problem document at the API mount.
    correction = services.correction_suggest(city_object=found, user=request.user, kind=payload.kind,
                                             text=payload.text, ip_address=request.META.get("REMOTE_ADDR"))
    return Status(201, correction)


def _open_data(fmt: str):
    def view(request: HttpRequest):
        from . import opendata

        rows = opendata.open_data_rows()
        if fmt == "csv":
            response = HttpResponse(opendata.csv_bytes(rows), content_type="text/csv; charset=utf-8")
        elif fmt == "json":
            response = HttpResponse(opendata.json_bytes(rows), content_type="application/json")
        else:
            response = HttpResponse(opendata.geojson_bytes(rows), content_type="application/geo+json")
        response["Content-Disposition"] = f'attachment; filename="city-objects.{fmt}"'
        return response

    return view


router.get("/open-data/objects.csv", auth=public, url_name="directory_open_data_csv",
           operation_id="directory_open_data_csv", summary="Open data: published objects as CSV")(_open_data("csv"))
router.get("/open-data/objects.json", auth=public, url_name="directory_open_data_json",
           operation_id="directory_open_data_json",
           summary="Open data: published objects as JSON (the CSV's columns)")(_open_data("json"))
router.get("/open-data/objects.geojson", auth=public, url_name="directory_open_data_geojson",
           operation_id="directory_open_data_geojson",
           summary="Open data: published objects as GeoJSON")(_open_data("geojson"))
