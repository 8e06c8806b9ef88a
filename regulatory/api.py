"""JSON API of regulatory acts (/api/v3/participation/regulatory-acts/): the register, an act with its proposals
and tracking deadlines, and the annual plans' rows."""
import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cms.api_helpers import MAX_DB_INT, Pagination, absolute_page_url, get_or_404, public
from cms.errors import ApiProblem
from sessions.departments import Department

from . import selectors
from .models import RegulatoryActPage

router = Router(tags=["regulatory acts"])
STATUS_VALUES = [value for value, _label in RegulatoryActPage.STATUS_CHOICES]


class DepartmentOut(Schema):
    id: int
    name: str


class ActListItem(Schema):
    id: int
    title: str
    url: str | None
    kind: str
    kind_label: str
    status: str
    status_label: str
    summary: str
    department: DepartmentOut | None
    notice_date: datetime.date | None
    comment_start: datetime.date | None
    comment_end: datetime.date | None
    comments_open: bool

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


class RegulatoryDocumentOut(Schema):
    title: str
    url: str


class RegulatoryProposalOut(Schema):
    author: str
    text: str
    decision: str
    decision_label: str
    reason: str

    @staticmethod
    def resolve_decision_label(obj):
        return str(obj.get_decision_display())


class TrackingOut(Schema):
    kind: str
    due: datetime.date = Field(..., description="The last day the law allows")
    earliest: datetime.date | None = Field(None, description="Not before this day (repeated tracking)")
    state: str = Field(..., description='"done", "overdue", "open" or "not_yet"')
    approved_on: datetime.date | None
    report_url: str | None
    summary: str


class ActDetail(ActListItem):
    notice_html: str
    draft_html: str
    impact_analysis_html: str
    impact_analysis_document: RegulatoryDocumentOut | None
    documents: list[RegulatoryDocumentOut]
    proposals_summary_html: str
    proposals: list[RegulatoryProposalOut]
    decision_number: str
    decision_date: datetime.date | None
    decision_title: str
    effective_date: datetime.date | None
    decision_url: str | None
    tracking: list[TrackingOut]

    @staticmethod
    def resolve_notice_html(obj):
        return str(obj.notice_text)

    @staticmethod
    def resolve_draft_html(obj):
        return str(obj.draft_text)

    @staticmethod
    def resolve_impact_analysis_html(obj):
        return str(obj.impact_analysis)

    @staticmethod
    def resolve_proposals_summary_html(obj):
        return str(obj.proposals_summary)

    @staticmethod
    def resolve_impact_analysis_document(obj, context):
        document = obj.impact_analysis_document
        return {"title": document.title, "url": context["request"].build_absolute_uri(document.url)} \
            if document else None

    @staticmethod
    def resolve_documents(obj, context):
        return [{"title": item.label, "url": context["request"].build_absolute_uri(item.document.url)}
                for item in obj.documents.all()]

    @staticmethod
    def resolve_proposals(obj):
        return list(obj.proposals.all())

    @staticmethod
    def resolve_decision_url(obj, context):
        url = obj.adopted_decision_url
        return context["request"].build_absolute_uri(url) if url else None

    @staticmethod
    def resolve_tracking(obj, context):
        today = timezone.localdate()
        request = context["request"]
        return [{
            "kind": item.kind, "due": item.due, "earliest": item.earliest, "state": item.state(today),
            "approved_on": item.report.approved_on if item.report else None,
            "report_url": request.build_absolute_uri(item.report.link) if item.report and item.report.link else None,
            "summary": item.report.summary if item.report else "",
        } for item in obj.tracking_schedule]


class ActFilters(Schema):
    status: str | None = Field(None, description=", ".join(STATUS_VALUES))
    kind: str | None = Field(None, description=", ".join(RegulatoryActPage.Kind.values))
    department: int | None = Field(None, ge=1, le=MAX_DB_INT, description="Developer department id")
    year: int | None = Field(None, ge=1990, le=2100, description="Year the draft was published")
    q: str | None = Field(None, max_length=200, description="Words to search for (Ukrainian word forms)")


class PlanRowOut(Schema):
    uid: str
    year: int
    plan_id: int
    title: str
    legal_act_title: str
    kind: str
    project_type: str
    objective: str
    deadline: datetime.date
    department: DepartmentOut | None
    status_label: str
    act_id: int | None
    act_url: str | None


@router.get("/plans/", response=list[PlanRowOut], auth=public, url_name="regulatory_plan_rows",
            summary="Rows of the annual plans of regulatory acts")
@paginate(Pagination)
def list_plan_rows(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)):  # noqa: B008
    rows = []
    for uid, item in selectors.numbered_plan_items(selectors.plan_items(None, year=year)):
        act = item.act if item.act_id and item.act and item.act.live else None
        rows.append({
            "uid": uid, "year": item.plan.year, "plan_id": item.plan_id, "title": item.title,
            "legal_act_title": item.legal_act_title, "kind": item.kind, "project_type": item.project_type,
            "objective": item.objective, "deadline": item.deadline, "department": item.department,
            "status_label": item.status_label, "act_id": act.pk if act else None,
            "act_url": absolute_page_url(act, request) if act else None,
        })
    return rows


@router.get("/", response=list[ActListItem], auth=public, url_name="regulatory_acts",
            summary="The register of regulatory acts, with filters and search")
@paginate(Pagination)
def list_acts(request: HttpRequest, filters: ActFilters = Query(...)):  # noqa: B008
    if filters.status and filters.status not in STATUS_VALUES:
        raise ApiProblem(400, "invalid_status", _("There is no such status of a regulatory act."))
    if filters.kind and filters.kind not in RegulatoryActPage.Kind.values:
        raise ApiProblem(400, "invalid_kind", _("There is no such kind of act."))
    department = None
    if filters.department:
        department = Department.objects.filter(pk=filters.department).first()
        if department is None:
            raise ApiProblem(400, "unknown_department", _("There is no such department."))
    return selectors.filter_acts(selectors.acts_queryset(), status=filters.status or "", kind=filters.kind or "",
                                 department=department, year=filters.year, query=filters.q or "")


@router.get("/{act_id}/", response=ActDetail, auth=public, url_name="regulatory_act_detail",
            summary="A regulatory act with its documents, proposals and tracking deadlines")
def act_detail(request: HttpRequest, act_id: int):
    return get_or_404(selectors.acts_queryset(detail=True), act_id)
