"""Read queries of regulatory acts, shared by pages, the API, open data and the dashboard (bounded query counts)."""
import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from cms.search import CountedSearch, backend_search_text
from cms.visibility import public
from sessions.departments import Department

from . import services
from .models import PlanItem, Proposal, RegulatoryActPage, RegulatoryPlanPage, TrackingReport


def acts_queryset(*, index=None, detail: bool = False) -> QuerySet:
    """Live public acts, newest publication first, with what lists show (and, for ``detail``, what the
    detail and open data show) in a fixed number of queries."""
    queryset = (public(RegulatoryActPage.objects.live()).select_related("department")
                .order_by(F("notice_date").desc(nulls_last=True), "-pk"))
    if index is not None:
        queryset = queryset.child_of(index)
    if detail:
        queryset = queryset.select_related("decision_page", "impact_analysis_document").prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.order_by("sort_order", "pk")),
            Prefetch("tracking_reports", queryset=TrackingReport.objects.select_related("document")
                     .order_by("sort_order", "pk")),
            "documents__document",
        )
    return queryset


def filter_acts(queryset: QuerySet, *, status: str = "", year: int | None = None,
                department: Department | None = None, kind: str = "", query: str = ""):
    """Apply the registry's filters; with a search query the result is Wagtail search results (best first)."""
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if department is not None:
        queryset = queryset.filter(department=department)
    if year is not None:  # a range, so the index on notice_date serves it
        queryset = queryset.filter(notice_date__gte=datetime.date(year, 1, 1),
                                   notice_date__lt=datetime.date(year + 1, 1, 1))
    query = backend_search_text(query or "")
    if query:
        return CountedSearch(queryset.search(query))
    return queryset


def registry_years(index) -> list[int]:
    return [day.year for day in public(RegulatoryActPage.objects.live()).child_of(index)
            .dates("notice_date", "year", order="DESC")]


def departments_in_use() -> list[Department]:
    return list(Department.objects.filter(regulatory_acts__live=True).distinct().order_by("name"))


def plans(index) -> list[RegulatoryPlanPage]:
    return list(public(RegulatoryPlanPage.objects.live()).child_of(index).order_by("-year"))


def plan_items(plan, *, year: int | None = None) -> list[PlanItem]:
    """Rows of one plan (or of every live plan of a year) in the editor's order, with their act pages."""
    queryset = PlanItem.objects.select_related("department", "act", "plan")
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    else:
        live_plans = public(RegulatoryPlanPage.objects.live())
        if year is not None:
            live_plans = live_plans.filter(year=year)
        queryset = queryset.filter(plan__in=live_plans)
    return list(queryset.order_by("-plan__year", "plan_id", "sort_order", "pk"))


def plan_item_uid(item: PlanItem, number: int) -> str:
    return f"{item.plan.year}-{number:02d}"


def numbered_plan_items(items: list[PlanItem]) -> list[tuple[str, PlanItem]]:
    """(uId, row) pairs: the plan's year and the row's place in that plan, e.g. 2026-03."""
    numbers: dict[int, int] = {}
    result = []
    for item in items:
        numbers[item.plan_id] = numbers.get(item.plan_id, 0) + 1
        result.append((plan_item_uid(item, numbers[item.plan_id]), item))
    return result


# --- dashboard ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DueReport:
    act: RegulatoryActPage
    item: services.TrackingDue
    state: str


def comment_periods_closing(*, days: int = 14, today: datetime.date | None = None) -> list[RegulatoryActPage]:
    """Acts whose comment period ends within ``days`` days (today included), soonest first."""
    today = today or timezone.localdate()
    return list(RegulatoryActPage.objects.filter(
        status=services.Status.CONSULTATION, comment_end__gte=today,
        comment_end__lte=today + datetime.timedelta(days=days),
    ).select_related("department").order_by("comment_end", "pk"))


def tracking_reports_due(*, days: int = 90, today: datetime.date | None = None) -> list[DueReport]:
    """Tracking reports not yet approved that are overdue or due within ``days`` days: overdue first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    acts = RegulatoryActPage.objects.filter(
        status__in=[services.Status.ADOPTED, services.Status.TRACKING], effective_date__isnull=False,
    ).prefetch_related("tracking_reports")
    due = []
    for act in acts:
        for item in act.tracking_schedule:
            if not item.done and item.due <= horizon:
                due.append(DueReport(act=act, item=item, state=item.state(today)))
    return sorted(due, key=lambda entry: (entry.state != "overdue", entry.item.due, entry.act.pk))
