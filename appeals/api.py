"""JSON API of appeals (/api/v3/appeals/): categories, public appeals (list, detail, statistics, open data),
submission and "my appeals" for residents, and the document-management integration (a feed of changes read with a
cursor, and status updates pushed back), behind an API token with the integration permission."""
import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from wagtail.api.v3.auth import BearerTokenAuth

from cms.api_helpers import MAX_DB_INT, Pagination, public, public_or_session, resident_auth, search_text
from cms.errors import ApiProblem
from cms.object_visibility import visible_object

from . import integration, opendata, selectors, services, visibility
from .models import Appeal, Category

router = Router(tags=["appeals"])
INTEGRATE = "appeals.integrate_appeal"


class AppealCategoryOut(Schema):
    id: int
    name: str
    slug: str
    description: str


class AppealItem(Schema):
    id: int
    number: str
    url: str
    kind: str
    category: str
    status: str
    status_label: str
    addressee: str
    registered_at: datetime.datetime
    district: str = Field(..., alias="district_name")
    address: str
    latitude: float | None
    longitude: float | None
    due_date: datetime.date | None

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(f"{selectors.index_url()}{obj.pk}/")

    @staticmethod
    def resolve_category(obj):
        return obj.category.slug

    @staticmethod
    def resolve_status_label(obj):
        return obj.status_label


class AppealTimelineOut(Schema):
    kind: str
    status: str = Field(..., alias="to_status")
    at: datetime.datetime


class AppealDetail(AppealItem):
    text: str
    is_public: bool
    answer_text: str
    answered_at: datetime.datetime | None
    satisfied: bool | None
    photos: list[str]
    timeline: list[AppealTimelineOut]

    @staticmethod
    def resolve_photos(obj, context):
        return [context["request"].build_absolute_uri(photo.get_absolute_url()) for photo in obj.photos.all()]

    @staticmethod
    def resolve_timeline(obj):
        prefetched = getattr(obj, "public_events", None)  # lists load every timeline in one query
        return prefetched if prefetched is not None else list(selectors.timeline(obj))


class AppealIn(Schema):
    kind: str = Field(Appeal.Kind.STATEMENT, max_length=12)
    category: str = Field(..., max_length=60, description="Category code (slug)")
    text: str = Field(..., max_length=20000)
    is_public: bool = True
    deputy_id: int | None = Field(None, ge=1, le=MAX_DB_INT, description="A deputy's page id instead of a service")
    latitude: float | None = None
    longitude: float | None = None
    address: str = Field("", max_length=255)


class AppealFilters(Schema):
    category: str | None = Field(None, max_length=60)
    status: str | None = Field(None, max_length=12)
    district: str | None = Field(None, max_length=255)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str | None = Field(None, max_length=200, description="A registration number (2026/15) or words of the text "
                          "or address: each one a form of a word («ями» finds «яма») or the beginning of one.")


class AppealStatisticsOut(Schema):
    total: int
    answered: int
    answered_on_time: int
    on_time_percent: int | None
    average_answer_days: float | None
    rated: int
    satisfied: int
    satisfied_percent: int | None
    by_category: list[dict]
    by_status: list[dict]
    by_month: list[dict]


class AppealFeedOut(Schema):
    cursor: int
    events: list[dict]


class AppealStatusIn(Schema):
    status: str = Field("", max_length=12, description="in_progress, answered or closed (or empty)")
    external_id: str = Field("", max_length=100, description="The appeal's number in the document system")
    note: str = Field("", max_length=2000)
    answer_text: str = Field("", max_length=10000)


def _category(slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ApiProblem(400, "unknown_category", _("There is no such category."))
    return category


@router.get("/categories/", response=list[AppealCategoryOut], auth=public, summary="The city's catalogue of categories")
def list_categories(request: HttpRequest):
    return list(Category.objects.filter(is_active=True))


@router.get("/", response=list[AppealItem], auth=public, url_name="appeals_list",
            summary="Public appeals (never confidential ones), newest first")
@paginate(Pagination)
def list_appeals(request: HttpRequest, filters: AppealFilters = Query(...)):  # noqa: B008
    if filters.status and filters.status not in visibility.PUBLIC_STATUSES:
        raise ApiProblem(400, "unknown_status", _("There is no such appeal status."))
    query = search_text(filters.q)
    queryset = selectors.filter_appeals(visibility.public_appeals(), category=_category(filters.category),
                                        status=filters.status or "", district=(filters.district or "").strip(),
                                        date_from=filters.date_from, date_to=filters.date_to, query=query)
    return selectors.with_related(queryset).order_by("-registered_at", "-pk")


@router.post("/", response={201: AppealDetail}, auth=resident_auth, url_name="appeals_submit",
             summary="Send an appeal (a verified account with a full name); registered at once")
def submit_appeal(request: HttpRequest, data: AppealIn):
    category = Category.objects.filter(slug=data.category).first()
    # A refusal (services.AppealError) becomes a problem document with its code in the API mount.
    appeal = services.appeal_submit(
        author=request.user, kind=data.kind, category=category, text=data.text, is_public=data.is_public,
        deputy_id=data.deputy_id, latitude=data.latitude, longitude=data.longitude, address=data.address,
        channel=Appeal.Channel.API)
    return Status(201, selectors.with_related(Appeal.objects.filter(pk=appeal.pk)).get())


@router.get("/mine/", response=list[AppealDetail], auth=resident_auth, summary="My appeals, confidential ones too")
@paginate(Pagination)
def my_appeals(request: HttpRequest):
    return selectors.with_timelines(selectors.my_appeals(request.user))


@router.get("/statistics/", response=AppealStatisticsOut, auth=public, summary="Counts, answer times, satisfaction")
def appeal_statistics(request: HttpRequest, filters: AppealFilters = Query(...)):  # noqa: B008
    stats = selectors.statistics(date_from=filters.date_from, date_to=filters.date_to,
                                 category=_category(filters.category))
    return {**stats.__dict__, "on_time_percent": stats.on_time_percent,
            "satisfied_percent": stats.satisfied_percent}


def _open_data(fmt: str):
    def view(request: HttpRequest):
        return opendata.open_data_response(request, fmt)

    view.__name__ = f"appeals_open_data_{fmt}"  # one operation id per format in the OpenAPI document
    return view


for _fmt in ("csv", "json"):
    router.get(f"/open-data/appeals.{_fmt}", auth=None, url_name=f"appeals_open_data_{_fmt}",
               summary=f"Open data: public appeals, anonymised, in the columns of 33-appeals.csv ({_fmt.upper()})")(
        _open_data(_fmt))


# Integration with the document-management system -------------------------------------------------------------

def _integrator(request) -> None:
    if not request.user.has_perm(INTEGRATE):
        raise ApiProblem(403, "permission_denied", _("This token may not read or change appeals."))


@router.get("/integration/feed/", response=AppealFeedOut, auth=BearerTokenAuth(), url_name="appeals_feed",
            summary="Every new appeal and every change after the cursor, oldest first (documented in docs/appeals.md)")
def integration_feed(request: HttpRequest, cursor: int = Query(0, ge=0, le=MAX_DB_INT),  # noqa: B008
                     limit: int = Query(100, ge=1, le=500)):  # noqa: B008
    _integrator(request)
    events = integration.feed(after=cursor, limit=limit)
    return {"cursor": events[-1].pk if events else cursor,
            "events": [integration.event_document(event) for event in events]}


@router.post("/integration/{appeal_id}/status/", response=dict, auth=BearerTokenAuth(),
             url_name="appeals_push_status", summary="The document system reports its number or a new status")
def integration_status(request: HttpRequest, appeal_id: int, data: AppealStatusIn):
    _integrator(request)
    if not 0 < appeal_id <= MAX_DB_INT:
        raise ApiProblem(404, "not_found", _("There is no such appeal."))
    appeal = services.appeal_external_update(appeal=appeal_id, by=request.user, status=data.status,
                                             external_id=data.external_id, note=data.note,
                                             answer_text=data.answer_text)
    return {"id": appeal.pk, "number": appeal.number, "status": appeal.status, "external_id": appeal.external_id}


@router.get("/{appeal_id}/", response=AppealDetail, auth=public_or_session,
            url_name="appeals_detail", summary="One appeal: public ones to everyone, confidential ones to the author")
def appeal_detail(request: HttpRequest, appeal_id: int):
    appeal = visible_object(Appeal, appeal_id, viewer=request.user,
                            queryset=selectors.with_related(Appeal.objects.all()))
    if appeal is None:
        raise ApiProblem(404, "not_found", _("There is no such appeal."))
    return appeal
