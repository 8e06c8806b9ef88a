"""Admin of e-petitions: petitions (process, bulk moderation), signatures, categories, signing bursts,
the dashboard panel with deadlines, and the audit-log actions."""
import django_filters
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import path, reverse
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

from cms.admin_viewsets import ScopedModelViewSet

from . import admin_views, selectors, services
from .models import Petition, PetitionCategory, Signature


@hooks.register("register_log_actions")
def register_petition_actions(actions):
    @actions.register_action("petitions.status")
    class StatusChange(LogFormatter):
        label = _("Change petition status")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            labels = dict(Petition.Status.choices)
            message = _("Status: %(from)s → %(to)s") % {"from": labels.get(data.get("from"), "—"),
                                                         "to": labels.get(data.get("to"), "—")}
            return f"{message}. {data['note']}" if data.get("note") else message

    @actions.register_action("petitions.invalidate")
    class Invalidate(LogFormatter):
        label = _("Invalidate signatures")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Signatures invalidated: %(count)s. Reason: %(reason)s") % {
                "count": data.get("count", 0), "reason": data.get("reason", "")}

    actions.register_action("petitions.forward", _("Forward as an appeal"), _("Forwarded as an appeal"))
    actions.register_action("petitions.export", _("Export signatures"), _("Signatures exported"))


class SelectColumn(Column):
    cell_template_name = "petitions/admin/select_cell.html"


class PetitionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Petition.Status.choices)
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=PetitionCategory.objects.all())
    overdue = django_filters.BooleanFilter(label=_("Past the deadline"), method="filter_overdue")

    class Meta:
        model = Petition
        fields = ["status", "category", "overdue"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        late = (queryset.filter(status=Petition.Status.MODERATION, publication_due__lt=today)
                | queryset.filter(status=Petition.Status.CONSIDERATION, response_due__lt=today))
        return late if value else queryset.exclude(pk__in=late.values("pk"))


class PetitionIndexView(IndexView):
    def get_add_url(self):
        return None  # residents submit petitions; staff process them

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_moderate"] = self.request.user.has_perm(services.MODERATE)
        context["reasons"] = Petition.RejectionReason.choices
        return context


class PetitionViewSet(ScopedModelViewSet):
    """"Edit" is the processing page (publish, reject, answer, forward): residents write the petition itself."""

    model = Petition
    name = "petition"
    url_prefix = "petitions/petitions"
    url_namespace = "petitions_petition"
    icon = "form"
    menu_label = _("Petitions")
    menu_name = "petitions-list"
    filterset_class = PetitionFilterSet
    search_fields = ["title", "author_name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    index_view_class = PetitionIndexView
    index_template_name = "petitions/admin/petition_index.html"

    @cached_property
    def list_display(self):
        return [
            SelectColumn("select", label=_("Select")),
            TitleColumn("title", label=_("Title"), url_name=self.get_url_name("edit")),
            Column("get_status_display", label=_("Status")),
            Column("author_name", label=_("Author")),
            Column("signature_count", label=_("Signatures"), sort_key="signature_count"),
            DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
            Column("publication_due", label=_("Publish by"), sort_key="publication_due"),
            Column("response_due", label=_("Answer by"), sort_key="response_due"),
        ]

    def base_queryset(self):
        # A draft is the resident's own until submitted.
        return Petition.objects.exclude(status=Petition.Status.DRAFT).select_related("category") \
            .order_by("-submitted_at", "-pk")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("bulk/", admin_views.bulk_moderate, name="bulk")]

    @property
    def add_view(self):
        def refuse(request):
            raise PermissionDenied

        return refuse

    @property
    def edit_view(self):
        return admin_views.process_petition


class SignatureFilterSet(WagtailFilterSet):
    petition = django_filters.NumberFilter(label=_("Petition number"), field_name="petition_id")
    email_domain = django_filters.CharFilter(label=_("E-mail domain"), lookup_expr="iexact")

    class Meta:
        model = Signature
        fields = ["petition", "is_valid", "email_domain"]


class SignatureViewSet(ScopedModelViewSet):
    """Signatures with e-mails: only roles that process them (view_signature) see this list."""

    model = Signature
    name = "signature"
    url_prefix = "petitions/signatures"
    url_namespace = "petitions_signature"
    icon = "list-ul"
    menu_label = _("Signatures")
    menu_name = "petitions-signatures"
    filterset_class = SignatureFilterSet
    search_fields = ["name", "email"]
    list_display = ["name", "email", "petition", "created_at", "ip_address", "is_valid"]
    copy_view_enabled = False
    inspect_view_enabled = True
    create_view_enabled = False
    list_per_page = 100
    form_fields = ["is_valid"]

    def base_queryset(self):
        return Signature.objects.select_related("petition").order_by("-created_at")

    @property
    def add_view(self):
        def refuse(request):
            raise PermissionDenied

        return refuse

    @property
    def edit_view(self):
        def refuse(request, pk):
            raise PermissionDenied  # invalidation goes through "Signing bursts" with a reason and a log entry

        return refuse


class CategoryViewSet(ModelViewSet):
    model = PetitionCategory
    name = "category"
    url_prefix = "petitions/categories"
    url_namespace = "petitions_category"
    icon = "tag"
    menu_label = _("Categories")
    menu_name = "petitions-categories"
    menu_order = 4  # after "Signing bursts" (3), which joins the group through its hook
    form_fields = ["name", "slug"]
    list_display = ["name", "slug"]
    copy_view_enabled = False


# Pages of the "E-petitions" group that are not viewsets (signing bursts) join its submenu through this hook.
PETITIONS_MENU_HOOK = "register_petitions_menu_item"


class PetitionsGroup(ModelViewSetGroup):
    menu_label = _("E-petitions")
    menu_name = "petitions"
    menu_icon = "form"
    menu_order = 260
    submenu_hook = PETITIONS_MENU_HOOK
    items = (PetitionViewSet, SignatureViewSet, CategoryViewSet)


@hooks.register("register_admin_viewset")
def register_petitions():
    return PetitionsGroup()


@hooks.register("register_admin_urls")
def register_petition_urls():
    return [
        path("petitions/bursts/", admin_views.signing_bursts, name="petitions_bursts"),
        path("petitions/signatures-export/", admin_views.export_signatures, name="petitions_export_signatures"),
    ]


class BurstsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.PROCESS_SIGNATURES)


@hooks.register(PETITIONS_MENU_HOOK)
def register_bursts_menu_item():
    return BurstsMenuItem(_("Signing bursts"), reverse("petitions_bursts"), name="petitions-bursts",
                          icon_name="warning", order=3)


class PetitionDeadlinesPanel(Component):
    name = "petition_deadlines"
    order = 90

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        today = timezone.localdate()
        waiting = list(selectors.waiting_for_moderation()[:20])
        answers = list(selectors.awaiting_answer()[:20])
        return mark_safe(render_to_string("petitions/admin/dashboard_panel.html", {
            "waiting": waiting, "overdue": [p for p in waiting if p.publication_due and p.publication_due < today],
            "answers": answers, "today": today,
            "index_url": reverse("petitions_petition:index"),
        }, request=self.request))


@hooks.register("construct_homepage_panels")
def add_petition_panel(request, panels):
    user = request.user
    if user.has_perm(services.MODERATE) or user.has_perm(services.ANSWER):
        panels.append(PetitionDeadlinesPanel(request))
