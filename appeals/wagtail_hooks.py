"""Admin of appeals: appeals scoped by the visibility rule (filters, colour-coded deadlines, the overdue list,
the processing page), the service catalogue and routing, the dashboard panel and the audit-log action."""
import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import LogFormatter

from . import admin_views, deadlines, selectors, visibility
from .models import Appeal, AppealEvent, Category, Service


@hooks.register("register_log_actions")
def register_appeal_actions(actions):
    @actions.register_action("appeals.event")
    class AppealStep(LogFormatter):
        label = _("Appeal step")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            kinds, statuses = dict(AppealEvent.Kind.choices), dict(Appeal.Status.choices)
            message = f"{kinds.get(data.get('kind'), '—')}: {statuses.get(data.get('to'), '—')}"
            return f"{message}. {data['note']}" if data.get("note") else message


# Viewsets --------------------------------------------------------------------------------------------------

DEADLINE_CHOICES = [("overdue", _("Overdue")), ("soon", _("Due within 3 days")), ("open", _("Open"))]


class AppealFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Appeal.Status.choices)
    deadline = django_filters.ChoiceFilter(label=_("Deadline"), choices=DEADLINE_CHOICES, method="filter_deadline")
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=Category.objects.all())
    service = django_filters.ModelChoiceFilter(label=_("Service"), queryset=Service.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Appeal.Kind.choices)
    is_public = django_filters.BooleanFilter(label=_("Public"))
    reopen_requested = django_filters.BooleanFilter(label=_("Author asks to reconsider"))

    class Meta:
        model = Appeal
        fields = ["status", "deadline", "category", "service", "kind", "is_public", "reopen_requested"]

    def filter_deadline(self, queryset, name, value):
        today = timezone.localdate()
        open_ = queryset.filter(status__in=Appeal.OPEN_STATUSES)
        if value == "overdue":
            return open_.filter(due_date__lt=today)
        if value == "soon":
            return open_.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=deadlines.SOON_DAYS))
        return open_


class DeadlineColumn(Column):
    """The due date with its colour and words (never colour alone): overdue, due soon, on time."""

    cell_template_name = "appeals/admin/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(appeal=instance, state=instance.deadline_state())
        return context


class AppealIndexView(IndexView):
    def get_base_queryset(self):
        # The one visibility rule: an executor lists only their service's appeals, a deputy only theirs.
        return selectors.with_related(visibility.staff_appeals(self.request.user)).order_by("-registered_at", "-pk")

    def get_add_url(self):
        return None  # residents send appeals; staff process them


class AppealViewSet(ModelViewSet):
    """"Edit" is the processing page: residents write the appeal itself."""

    model = Appeal
    name = "appeal"
    url_prefix = "appeals/appeals"
    url_namespace = "appeals_appeal"
    icon = "mail"
    menu_label = _("Appeals")
    menu_name = "appeals-list"
    menu_order = 1
    filterset_class = AppealFilterSet
    search_fields = ["number", "text", "author_name", "address"]
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    index_view_class = AppealIndexView

    @cached_property
    def list_display(self):
        return [
            TitleColumn("number", label=_("Number"), url_name=self.get_url_name("edit"), sort_key="number"),
            DateColumn("registered_at", label=_("Registered"), sort_key="registered_at"),
            Column("get_status_display", label=_("Status"), sort_key="status"),
            Column("category", label=_("Category")),
            Column("addressee", label=_("Addressee")),
            DeadlineColumn("due_date", label=_("Answer by"), sort_key="due_date"),
            Column("visibility_label", label=_("Visibility")),
        ]

    @property
    def add_view(self):
        def refuse(request):
            raise PermissionDenied

        return refuse

    @property
    def edit_view(self):
        return admin_views.process_appeal

    @property
    def delete_view(self):
        def refuse(request, pk):
            raise PermissionDenied  # the law keeps the file of an appeal

        return refuse


class ServiceViewSet(ModelViewSet):
    model = Service
    name = "service"
    url_prefix = "appeals/services"
    url_namespace = "appeals_service"
    icon = "group"
    menu_label = _("City services")
    menu_name = "appeals-services"
    menu_order = 3
    form_fields = ["name", "short_name", "edrpou", "email", "group", "is_active"]
    list_display = ["name", "short_name", "email", "group", "is_active"]
    search_fields = ["name", "short_name"]
    copy_view_enabled = False


class CategoryViewSet(ModelViewSet):
    """The catalogue and the routing map: each category names its responsible service."""

    model = Category
    name = "category"
    url_prefix = "appeals/categories"
    url_namespace = "appeals_category"
    icon = "tag"
    menu_label = _("Categories and routing")
    menu_name = "appeals-categories"
    menu_order = 4
    form_fields = ["name", "slug", "description", "service", "is_active", "sort_order"]
    list_display = ["name", "slug", "service", "is_active"]
    search_fields = ["name"]
    copy_view_enabled = False


APPEALS_MENU_HOOK = "register_appeals_menu_item"


class AppealsGroup(ModelViewSetGroup):
    menu_label = _("Appeals")
    menu_name = "appeals"
    menu_icon = "mail"
    menu_order = 270
    submenu_hook = APPEALS_MENU_HOOK
    items = (AppealViewSet, ServiceViewSet, CategoryViewSet)


@hooks.register("register_admin_viewset")
def register_appeals():
    return AppealsGroup()


class OverdueMenuItem(MenuItem):
    def is_shown(self, request):
        return visibility.staff_q(request.user) is not None


@hooks.register(APPEALS_MENU_HOOK)
def register_overdue_menu_item():
    return OverdueMenuItem(_("Overdue appeals"), reverse("appeals_appeal:index") + "?deadline=overdue",
                           name="appeals-overdue", icon_name="warning", order=2)


class AppealDeadlinesPanel(Component):
    name = "appeal_deadlines"
    order = 80

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        today = timezone.localdate()
        mine = visibility.staff_appeals(self.request.user)
        open_ = mine.filter(status__in=Appeal.OPEN_STATUSES)
        soon_limit = today + datetime.timedelta(days=deadlines.SOON_DAYS)
        urgent = list(selectors.with_related(open_.filter(due_date__lte=soon_limit)).order_by("due_date", "pk")[:15])
        return mark_safe(render_to_string("appeals/admin/dashboard_panel.html", {
            "open_count": open_.count(), "overdue_count": open_.filter(due_date__lt=today).count(),
            "unassigned_count": mine.filter(status=Appeal.Status.REGISTERED).count(),
            "reopen_count": mine.filter(reopen_requested=True).count(),
            "urgent": urgent, "today": today, "index_url": reverse("appeals_appeal:index"),
        }, request=self.request))


@hooks.register("construct_homepage_panels")
def add_appeal_panel(request, panels):
    if visibility.staff_q(request.user) is not None:
        panels.append(AppealDeadlinesPanel(request))
