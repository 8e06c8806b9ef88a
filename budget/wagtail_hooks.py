"""Admin of the participatory budget: projects (review and implementation), voters (never their choices),
districts, paper ballots, exports, the dashboard panel, and the audit-log actions."""
import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from cms.admin_viewsets import ScopedModelViewSet

from . import admin_views, services
from .models import BudgetCampaignPage, BudgetParticipation, BudgetProject, District, Phase, ProjectStatus

MENU_HOOK = "register_budget_menu_item"


@hooks.register("register_log_actions")
def register_budget_actions(actions):
    actions.register_action("budget.review", _("Review of a budget project"), _("Review of a budget project"))
    actions.register_action("budget.paper_ballot", _("Paper ballot entered"), _("Paper ballot entered"))
    actions.register_action("budget.results", _("Budget results counted"), _("Budget results counted"))
    actions.register_action("budget.location", _("Place of a budget project corrected"),
                            _("Place of a budget project corrected"))
    actions.register_action("budget.import", _("Budget projects imported"), _("Budget projects imported"))


class ProjectFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=BudgetCampaignPage.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices)
    district = django_filters.ModelChoiceFilter(label=_("District"), queryset=District.objects.all())

    class Meta:
        model = BudgetProject
        fields = ["campaign", "status", "district"]


def _refuse(*args, **kwargs):
    raise PermissionDenied


class ProjectViewSet(ScopedModelViewSet):
    """"Edit" is the review page: residents write the project itself."""

    model = BudgetProject
    name = "project"
    url_prefix = "budget/projects"
    url_namespace = "budget_project"
    icon = "clipboard-list"
    menu_label = _("Projects")
    menu_name = "budget-projects"
    filterset_class = ProjectFilterSet
    search_fields = ["title", "author_name", "address"]
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50

    @cached_property
    def list_display(self):
        return [
            TitleColumn("title", label=_("Title"), url_name=self.get_url_name("edit")),
            Column("get_status_display", label=_("Status")),
            Column("category", label=_("Category")),
            Column("effective_cost", label=_("Cost, UAH")),
            Column("author_name", label=_("Author")),
            DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
        ]

    def base_queryset(self):
        return (BudgetProject.objects.exclude(status=ProjectStatus.DRAFT)
                .select_related("category", "campaign").order_by("-submitted_at", "-pk"))

    @property
    def add_view(self):
        return _refuse

    @property
    def edit_view(self):
        return admin_views.review_project


class ParticipationViewSet(ScopedModelViewSet):
    """Who voted and through which channel: the ballot contents are in another table that nothing here joins."""

    model = BudgetParticipation
    name = "voter"
    url_prefix = "budget/voters"
    url_namespace = "budget_voter"
    icon = "group"
    menu_label = _("Voters")
    menu_name = "budget-voters"
    search_fields = ["full_name", "document"]
    list_filter = ["channel", "campaign"]
    list_display = ["__str__", "channel", "service_centre", "recorded_by"]
    copy_view_enabled = False
    inspect_view_enabled = False
    create_view_enabled = False
    list_per_page = 100

    def base_queryset(self):
        return BudgetParticipation.objects.select_related("user", "recorded_by").order_by("campaign_id", "full_name",
                                                                                          "user__full_name")

    @property
    def add_view(self):
        return _refuse

    @property
    def edit_view(self):
        return _refuse

    @property
    def delete_view(self):
        return _refuse


class DistrictViewSet(ModelViewSet):
    model = District
    name = "district"
    url_prefix = "budget/districts"
    url_namespace = "budget_district"
    icon = "site"
    menu_label = _("Districts")
    menu_name = "budget-districts"
    menu_order = 5
    form_fields = ["name", "slug"]
    list_display = ["name", "slug"]
    copy_view_enabled = False


class BudgetGroup(ModelViewSetGroup):
    menu_label = _("Participatory budget")
    menu_name = "budget"
    menu_icon = "clipboard-list"
    menu_order = 270
    submenu_hook = MENU_HOOK
    items = (ProjectViewSet, ParticipationViewSet, DistrictViewSet)


@hooks.register("register_admin_viewset")
def register_budget():
    return BudgetGroup()


@hooks.register("register_admin_urls")
def register_budget_urls():
    return [
        path("budget/paper-ballot/", admin_views.paper_ballot, name="budget_paper_ballot"),
        path("budget/projects-import/", admin_views.projects_import, name="budget_projects_import"),
        path("budget/paper-ballots/import/", admin_views.paper_ballots_import, name="budget_paper_ballots_import"),
        path("budget/campaigns/<int:pk>/results/", admin_views.compute_results, name="budget_compute_results"),
        path("budget/export/<str:what>.<str:file_format>", admin_views.export, name="budget_export"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register(MENU_HOOK)
def paper_ballot_menu_item():
    return PermissionMenuItem(_("Paper ballot"), reverse("budget_paper_ballot"), name="budget-paper",
                              icon_name="doc-full", order=3, permission=services.PAPER)


@hooks.register(MENU_HOOK)
def projects_import_menu_item():
    return PermissionMenuItem(_("Import and export projects"), reverse("budget_projects_import"),
                              name="budget-projects-import", icon_name="upload", order=2,
                              permission=services.REVIEW)


@hooks.register(MENU_HOOK)
def paper_import_menu_item():
    return PermissionMenuItem(_("Import paper ballots"), reverse("budget_paper_ballots_import"),
                              name="budget-paper-import", icon_name="upload", order=4, permission=services.PAPER)


class BudgetPanel(Component):
    name = "budget"
    order = 95

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        campaigns = list(BudgetCampaignPage.objects.live().order_by("-year")[:4])
        counts = {row["campaign"]: row for row in BudgetProject.objects.filter(campaign__in=campaigns).values(
            "campaign").annotate(waiting=Count("pk", filter=Q(status=ProjectStatus.SUBMITTED)),
                                 admitted=Count("pk", filter=Q(status=ProjectStatus.ADMITTED)))}
        voters = dict(BudgetParticipation.objects.filter(campaign__in=campaigns).values("campaign")
                      .annotate(n=Count("pk")).values_list("campaign", "n"))
        rows = [{"campaign": c, "phase": c.phase_label(), "counting": c.phase() in (Phase.COUNTING, Phase.RESULTS),
                 "waiting": counts.get(c.pk, {}).get("waiting", 0), "admitted": counts.get(c.pk, {}).get("admitted", 0),
                 "voters": voters.get(c.pk, 0)} for c in campaigns]
        return mark_safe(render_to_string("budget/admin/dashboard_panel.html", {
            "rows": rows, "index_url": reverse("budget_project:index")}, request=self.request))


@hooks.register("construct_homepage_panels")
def add_budget_panel(request, panels):
    if request.user.has_perm("budget.view_budgetproject"):
        panels.append(BudgetPanel(request))
