"""Read queries shared by the pages, the API and open data, each with its joins, so query-count tests cover all."""
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from wagtail.models import Page

from cms.visibility import once_per_request

from .models import (
    ON_BALLOT_STATUSES,
    PUBLIC_STATUSES,
    BudgetCampaignPage,
    BudgetCategory,
    BudgetCostItem,
    BudgetIndexPage,
    BudgetParticipation,
    BudgetProject,
    BudgetResult,
    Phase,
    ProjectStatus,
)


def campaign_url(campaign_id: int) -> str:
    """The campaign's address, cached: projects link to it in lists and notifications (a list of projects asks
    once per request, not once per project)."""
    key = f"budget:campaign-url:{campaign_id}"

    def read() -> str:
        url = cache.get(key)
        if url is None:
            page = Page.objects.filter(pk=campaign_id).first()
            url = (page.url if page else None) or "/"
            cache.set(key, url, 300)
        return url

    return once_per_request(key, read)


def cached_addresses() -> tuple[list[str], list[str]]:
    """What the anonymous page cache keeps that shows districts (cms.modules.CachedPages): every campaign under every
    budget index (the catalogue's district filter, each project's district, the statistics by district)."""
    return [], [page.url for page in BudgetIndexPage.objects.live() if page.url]


def public_campaigns() -> QuerySet:
    return BudgetCampaignPage.objects.live().public().order_by("-year", "-pk")


def public_campaign(pk: int) -> BudgetCampaignPage | None:
    return public_campaigns().filter(pk=pk).first()


def categories(campaign: BudgetCampaignPage) -> list[BudgetCategory]:
    items = list(campaign.categories.all())
    for category in items:  # spare each category.budget a query for its campaign
        category.campaign = campaign
    return items


def visible_projects(campaign: BudgetCampaignPage) -> QuerySet:
    """The one visibility rule for projects: public statuses, in a live public campaign (checked by the caller)."""
    return (BudgetProject.objects.filter(campaign=campaign, status__in=PUBLIC_STATUSES)
            .select_related("category", "district"))


def projects_visible_to(viewer) -> QuerySet:
    """The one visibility rule of projects (BudgetProject.visible_queryset): public statuses in a live campaign;
    besides, the author sees their own and the commission sees every submitted project."""
    public = Q(status__in=PUBLIC_STATUSES, campaign__live=True)
    if viewer is None or not viewer.is_authenticated:
        return BudgetProject.objects.filter(public)
    if viewer.has_perm("budget.review_budgetproject"):
        return BudgetProject.objects.filter(public | ~Q(status=ProjectStatus.DRAFT) | Q(author=viewer))
    return BudgetProject.objects.filter(public | Q(author=viewer))


def project_visible_to(project: BudgetProject, user) -> bool:
    if project.status in PUBLIC_STATUSES:
        return True
    if not user.is_authenticated:
        return False
    return project.author_id == user.pk or user.has_perm("budget.review_budgetproject")


def filter_projects(queryset: QuerySet, *, category: str = "", district: str = "", status: str = "",
                    query: str = "") -> QuerySet:
    if category:
        queryset = queryset.filter(category__slug=category)
    if district:
        queryset = queryset.filter(district__slug=district)
    if status:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(Q(title__icontains=query) | Q(address__icontains=query))
    return queryset.order_by("category__sort_order", "title", "pk")


def search_public_projects(query: str) -> QuerySet:
    """Public projects of live campaigns whose title, description or address has the words (site search)."""
    words = query.split()
    queryset = projects_visible_to(None).select_related("campaign", "category")
    for word in words[:8]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word)
                                   | Q(address__icontains=word))
    return queryset.order_by("-submitted_at", "-pk")


def ballot_projects(campaign: BudgetCampaignPage) -> QuerySet:
    return (BudgetProject.objects.filter(campaign=campaign, status__in=ON_BALLOT_STATUSES)
            .select_related("category", "district").order_by("category__sort_order", "title", "pk"))


def project_detail(pk: int, campaign: BudgetCampaignPage) -> BudgetProject | None:
    # The result (one row per project, shown once results are out) with the project: no query of its own.
    return (BudgetProject.objects.filter(pk=pk, campaign=campaign)
            .select_related("category", "district", "review", "result")
            .prefetch_related(Prefetch("cost_items", queryset=BudgetCostItem.objects.order_by("position", "pk")),
                              "coauthors", "files", "updates__photo")
            .first())


def results(campaign: BudgetCampaignPage) -> QuerySet:
    return (BudgetResult.objects.filter(campaign=campaign).select_related("project", "category")
            .order_by("category__sort_order", "rank"))


def results_published(campaign: BudgetCampaignPage) -> bool:
    return campaign.phase() == Phase.RESULTS and BudgetResult.objects.filter(campaign=campaign).exists()


def projects_by_author(user) -> QuerySet:
    return (BudgetProject.objects.filter(Q(author=user) | Q(coauthors__user=user)).distinct()
            .select_related("category", "campaign").order_by("-created_at"))


def statistics(campaign: BudgetCampaignPage) -> dict:
    """Aggregates only: voters by channel, age group, district and day. Nothing per person."""
    participations = BudgetParticipation.objects.filter(campaign=campaign)
    by_age = list(participations.values("age_group").annotate(count=Count("id")).order_by("age_group"))
    by_district = list(participations.values("district__name").annotate(count=Count("id"))
                       .order_by("district__name"))
    by_day = list(participations.values("voted_on").annotate(count=Count("id")).order_by("voted_on"))
    by_channel = list(participations.values("channel").annotate(count=Count("id")).order_by("channel"))
    return {"total": sum(row["count"] for row in by_channel), "by_age": by_age, "by_district": by_district,
            "by_day": by_day, "by_channel": by_channel}


def winners_on_map(campaign: BudgetCampaignPage) -> QuerySet:
    return visible_projects(campaign).filter(latitude__isnull=False, status__in=(
        ProjectStatus.WINNER, ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED))
