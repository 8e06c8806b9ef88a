"""Read queries of appeals shared by pages, the admin, the API and open data (related rows loaded with them)."""
import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.models import Site

from cms.db_router import primary_reads
from cms.search import words_query
from cms.search_types import module_search_version

from .models import Appeal, AppealEvent, AppealIndexPage, AppealPhoto, AppealSettings, Category
from .visibility import public_appeals

INDEX_URL_CACHE = "appeals:index-url"


def index_url() -> str:
    url = cache.get(INDEX_URL_CACHE)
    if url is None:
        page = AppealIndexPage.objects.live().first()
        url = page.url if page else "/zvernennia/"
        cache.set(INDEX_URL_CACHE, url, 300)
    return url


def cached_addresses() -> tuple[list[str], list[str]]:
    """What the anonymous page cache keeps that shows appeals (cms.modules.CachedPages): the home page (its «recent
    answers» block) and everything under the appeals' index (the list, each appeal, the statistics). Read afresh,
    not through ``index_url``: a change made before the index page exists must not keep its stand-in address."""
    page = AppealIndexPage.objects.live().first()
    return ["/"], [page.url] if page is not None and page.url else []


def appeal_settings() -> AppealSettings:
    site = Site.objects.filter(is_default_site=True).first()
    return AppealSettings.for_site(site) if site else AppealSettings()


def with_related(queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
    return queryset.select_related("category", "service")


def list_queryset(queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """For lists: the category and service in the same query, the first photo per appeal in one more."""
    return with_related(queryset).prefetch_related(Prefetch("photos", queryset=AppealPhoto.objects.order_by("pk")))


# What a row of the public list shows (appeals/includes/appeal_item.html): no photo, service or answer.
LIST_ROW_FIELDS = ("pk", "number", "registered_at", "kind", "status", "district_name", "address", "text",
                   "category__name")


def list_page_queryset(queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """For the public list's rows: the category's name in the same query, only the columns a row shows."""
    return queryset.select_related("category").only(*LIST_ROW_FIELDS)


def filter_appeals(queryset, *, category: Category | None = None, status: str = "", district: str = "",
                   date_from: datetime.date | None = None, date_to: datetime.date | None = None,
                   query: str = "") -> QuerySet[Appeal]:
    if category is not None:
        queryset = queryset.filter(category=category)
    if status:
        queryset = queryset.filter(status=status)
    if district:
        queryset = queryset.filter(district_name=district)
    if date_from:
        queryset = queryset.filter(registered_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(registered_at__date__lte=date_to)
    if query:
        queryset = matching(queryset, query)
    return queryset


def matching(queryset, query: str) -> QuerySet[Appeal]:
    """Appeals whose registration number is ``query`` («2026/15», «№ 2026/15») or whose text and address have every
    word of it, as a form of the word («ями» finds «яма») or as the beginning of one: full-text search in the stored,
    GIN-indexed ``search_vector`` and the number's unique index, no scan of the table."""
    number = Q(number=query.strip().removeprefix("№").strip())
    words = words_query(query)
    if words is None:
        return queryset.filter(number)
    return queryset.filter(number | Q(search_vector=words))


def search_public_appeals(query: str) -> QuerySet[Appeal]:
    """Public appeals matching the words or the number, newest first: what site search shows (cms.search)."""
    return with_related(filter_appeals(public_appeals(), query=query)).order_by("-registered_at", "-pk")


def timeline(appeal: Appeal) -> QuerySet[AppealEvent]:
    """The steps the author (and, for a public appeal, everyone) sees; internal notes are a separate table."""
    return appeal.events.filter(public=True).order_by("at", "pk")


def with_timelines(queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """Photos and the public timeline of every appeal of a list, in two queries whatever its length."""
    return queryset.prefetch_related(
        "photos", Prefetch("events", queryset=AppealEvent.objects.filter(public=True).order_by("at", "pk"),
                           to_attr="public_events"))


def my_appeals(user) -> QuerySet[Appeal]:
    return with_related(Appeal.objects.filter(author=user)).order_by("-registered_at", "-pk")


def overdue(queryset: QuerySet[Appeal], today: datetime.date | None = None) -> QuerySet[Appeal]:
    return queryset.filter(status__in=Appeal.OPEN_STATUSES, due_date__lt=today or timezone.localdate())


# A change no signal tells of (a queryset update of district names) shows within this many seconds.
DISTRICTS_TIMEOUT = 600


def districts_in_use() -> list[str]:
    """The districts public appeals name, for the list's filter. Finding them reads every public appeal (20-30 ms at
    25,000 appeals, the list page's dearest query), so the list is kept until an appeal is saved or deleted (the
    modules' search version, cms.signals), read from the primary, where the change that renewed it has arrived."""
    key = f"appeals:districts:{module_search_version()}"
    districts = cache.get(key)
    if districts is None:
        with primary_reads():
            districts = list(public_appeals().exclude(district_name="").order_by("district_name")
                             .values_list("district_name", flat=True).distinct())
        cache.set(key, districts, DISTRICTS_TIMEOUT)
    return districts


# Statistics ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Statistics:
    total: int
    answered: int
    answered_on_time: int
    average_answer_days: float | None
    rated: int
    satisfied: int
    by_category: list[dict]
    by_status: list[dict]
    by_month: list[dict]

    @property
    def on_time_percent(self) -> int | None:
        return round(self.answered_on_time * 100 / self.answered) if self.answered else None

    @property
    def satisfied_percent(self) -> int | None:
        return round(self.satisfied * 100 / self.rated) if self.rated else None


def statistics(*, date_from: datetime.date | None = None, date_to: datetime.date | None = None,
               category: Category | None = None) -> Statistics:
    """Counts over every registered appeal, confidential ones included (counts reveal nothing of them); the
    drill-down a figure links to is the public list, which never holds a confidential appeal."""
    queryset = filter_appeals(Appeal.objects.exclude(status=Appeal.Status.RECEIVED), category=category,
                              date_from=date_from, date_to=date_to)
    answered = queryset.filter(answered_at__isnull=False)
    answer_time = ExpressionWrapper(F("answered_at") - F("registered_at"), output_field=DurationField())
    totals = answered.aggregate(
        count=Count("pk"), on_time=Count("pk", filter=Q(answered_at__date__lte=F("due_date"))),
        average=Avg(answer_time), rated=Count("pk", filter=Q(satisfied__isnull=False)),
        satisfied=Count("pk", filter=Q(satisfied=True)))
    average = totals["average"]
    by_category = list(queryset.values("category__name", "category__slug").annotate(count=Count("pk"))
                       .order_by("-count", "category__name"))
    labels = dict(Appeal.Status.choices)
    by_status = [{"status": row["status"], "label": str(labels[row["status"]]), "count": row["count"]}
                 for row in queryset.values("status").annotate(count=Count("pk")).order_by("status")]
    by_month = [{"month": row["month"].date().isoformat()[:7] if hasattr(row["month"], "date")
                 else row["month"].isoformat()[:7], "count": row["count"]}
                for row in queryset.annotate(month=TruncMonth("registered_at")).values("month")
                .annotate(count=Count("pk")).order_by("month")]
    return Statistics(total=queryset.count(), answered=totals["count"], answered_on_time=totals["on_time"],
                      average_answer_days=round(average.total_seconds() / 86400, 1) if average else None,
                      rated=totals["rated"], satisfied=totals["satisfied"], by_category=by_category,
                      by_status=by_status, by_month=by_month)
