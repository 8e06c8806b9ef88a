"""Council admin: reference data snippets, deputies' own reception schedules and reports, imports and exports."""
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import (
    CalendarDay,
    Committee,
    Convocation,
    DecisionTopic,
    Department,
    DeputyPage,
    DeputyReport,
    ElectoralDistrict,
    Faction,
    ReceptionSchedule,
    SessionPage,
    VoteEvent,
)
from .workdays import publication_term

# The "Council" group's submenu collects the pages that are not snippets (roll-call votes, imports) through this hook.
COUNCIL_MENU_HOOK = "register_council_menu_item"


class ConvocationViewSet(SnippetViewSet):
    model = Convocation
    icon = "date"
    list_display = ["label", "date_from", "date_until", "is_current"]


class FactionViewSet(SnippetViewSet):
    model = Faction
    icon = "group"
    list_display = ["name", "convocation"]
    list_filter = ["convocation"]
    search_fields = ["name"]


class CommitteeViewSet(SnippetViewSet):
    model = Committee
    icon = "group"
    list_display = ["name", "convocation"]
    list_filter = ["convocation"]
    search_fields = ["name"]


class DistrictViewSet(SnippetViewSet):
    model = ElectoralDistrict
    icon = "site"
    list_display = ["number", "name"]


class DepartmentViewSet(SnippetViewSet):
    """The one list of city departments: draft decisions, reports and regulatory acts all pick from it."""

    model = Department
    icon = "home"
    list_display = ["name", "short_name", "head", "edrpou"]
    search_fields = ["name", "short_name"]


class CalendarDayViewSet(SnippetViewSet):
    model = CalendarDay
    icon = "date"
    list_display = ["date", "kind", "note"]


class DecisionTopicViewSet(SnippetViewSet):
    model = DecisionTopic
    icon = "tag"
    list_display = ["name", "slug"]


def own_deputy(user) -> DeputyPage | None:
    if not user.is_authenticated:
        return None
    return DeputyPage.objects.filter(user=user).first()


class OwnDeputyPermissionPolicy(ModelPermissionPolicy):
    """The secretariat (model permissions) manages every deputy's record; a deputy whose page names their account
    adds and changes only their own (reception schedule, yearly reports)."""

    OWN_ACTIONS = {"add", "change", "view", "delete"}

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in self.OWN_ACTIONS and own_deputy(user) is not None

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        deputy = own_deputy(user)
        return action in self.OWN_ACTIONS and deputy is not None and instance.deputy_id == deputy.pk

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        if super().user_has_permission(user, action):
            return self.model._default_manager.all()
        deputy = own_deputy(user)
        if action in self.OWN_ACTIONS and deputy is not None:
            return self.model._default_manager.filter(deputy=deputy)
        return self.model._default_manager.none()

    def instances_user_has_any_permission_for(self, user, actions):
        querysets = [self.instances_user_has_permission_for(user, action) for action in actions]
        result = querysets[0]
        for queryset in querysets[1:]:
            result = result | queryset
        return result.distinct()


class OwnDeputyForm(WagtailAdminModelForm):
    """A deputy picks only themself; the secretariat picks anyone."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        model = self._meta.model
        if for_user is not None and "deputy" in self.fields and not for_user.has_perm(
                f"council.change_{model._meta.model_name}"):
            self.fields["deputy"].queryset = DeputyPage.objects.filter(user=for_user)


class OwnDeputyEditView(EditView):
    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            raise PermissionDenied
        return instance


class OwnDeputyViewSet(SnippetViewSet):
    edit_view_class = OwnDeputyEditView

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["view", "change"]).select_related("deputy")

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (OwnDeputyForm, form_class), {})


register_permission_policy(ReceptionSchedule, OwnDeputyPermissionPolicy(ReceptionSchedule))
register_permission_policy(DeputyReport, OwnDeputyPermissionPolicy(DeputyReport))


class ReceptionScheduleViewSet(OwnDeputyViewSet):
    model = ReceptionSchedule
    icon = "time"
    list_display = ["deputy", "opening_hours"]


class DeputyReportViewSet(OwnDeputyViewSet):
    model = DeputyReport
    icon = "doc-full"
    list_display = ["deputy", "year", "title"]


class VoteEventViewSet(ModelViewSet):
    """Imported votes: listed, inspected, corrected (title, kind) or deleted; new ones come only by import,
    where the records and totals are checked together."""

    model = VoteEvent
    icon = "tasks"
    menu_label = _("Roll-call votes")
    menu_name = "council-votes"
    url_prefix = "council/votes"
    url_namespace = "council_votes"
    menu_hook = COUNCIL_MENU_HOOK  # an item of the "Council" group, not of the main menu
    menu_order = 20
    list_display = ["title", "session", "kind", "result", "votes_for", "votes_against", "votes_abstain"]
    list_filter = ["result", "kind"]
    search_fields = ["title", "uid", "motion_uid"]
    form_fields = ["title", "kind"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return VoteEvent.objects.select_related("session")

    @property
    def add_view(self):
        def refuse(request):
            raise PermissionDenied  # votes are imported with their records, never typed in

        return refuse


class CouncilGroup(SnippetViewSetGroup):
    items = (ConvocationViewSet, FactionViewSet, CommitteeViewSet, DistrictViewSet, DepartmentViewSet,
             CalendarDayViewSet, DecisionTopicViewSet, ReceptionScheduleViewSet, DeputyReportViewSet)
    menu_icon = "group"
    menu_label = _("Council")
    menu_name = "council"
    menu_order = 250
    submenu_hook = COUNCIL_MENU_HOOK


register_snippet(CouncilGroup)


@hooks.register("register_admin_viewset")
def register_vote_viewset():
    return VoteEventViewSet()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("council/deputies/import/", admin_views.deputy_import, name="council_deputy_import"),
        path("council/deputies/export/", admin_views.deputy_export, name="council_deputy_export"),
        path("council/votes/import/", admin_views.votes_import_view, name="council_votes_import"),
        path("council/addresses/import/", admin_views.addresses_import_view, name="council_addresses_import"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register(COUNCIL_MENU_HOOK)
def deputies_import_menu_item():
    return PermissionMenuItem(_("Deputies: import and export"), reverse("council_deputy_import"), icon_name="upload",
                              order=21, name="council-deputies-import", permission="council.import_deputies")


@hooks.register(COUNCIL_MENU_HOOK)
def votes_import_menu_item():
    return PermissionMenuItem(_("Roll-call votes: import"), reverse("council_votes_import"), icon_name="upload",
                              order=22, name="council-votes-import", permission="council.add_voteevent")


@hooks.register(COUNCIL_MENU_HOOK)
def addresses_import_menu_item():
    return PermissionMenuItem(_("Address register: import"), reverse("council_addresses_import"),
                              icon_name="upload", order=23, name="council-addresses-import",
                              permission="council.add_addressrecord")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_late_drafts(request, page):
    """The secretariat sees at once when an agenda takes up a draft published too late (DOMAIN.md)."""
    from django.contrib import messages

    from .selectors import agenda_rows

    specific = page.specific
    if not isinstance(specific, SessionPage):
        return
    for row in agenda_rows(specific):
        if row.check is not None and not row.check.ok:
            messages.warning(request, _(
                "Question %(number)s: draft № %(draft)s was published on %(published)s, but it had to be published "
                "by %(deadline)s (%(days)s working days before the session). Move the question or mark the draft "
                "as urgent where the law allows it."
            ) % {"number": row.number, "draft": row.item.draft.registration_number,
                 "published": row.check.published_on.strftime("%d.%m.%Y") if row.check.published_on else "—",
                 "deadline": row.check.deadline.strftime("%d.%m.%Y"), "days": publication_term()})


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("council.deputies.import", _("Import deputies"), _("Deputies imported"))
    actions.register_action("council.votes.import", _("Import votes"), _("Roll-call votes imported"))


@hooks.register("construct_homepage_panels")
def council_dashboard_panels(request, panels):
    from .panels import council_panels

    council_panels(request, panels)
