"""The council's admin: snippet and model viewsets (reference data, deputies' own schedules and reports, roll-call
votes, the address register) and their forms and views. wagtail_hooks.py registers them."""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Func, IntegerField, Prefetch, Value
from django.db.models.functions import Cast
from django.forms import modelform_factory
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from cms import pagecache
from cms.admin_viewsets import ScopedModelViewSet

from . import selectors, services
from .addresses import street_key
from .models import (
    AddressRecord,
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
    VoteEvent,
)
from .names import ukrainian_order

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




class ReceptionScheduleViewSet(OwnDeputyViewSet):
    model = ReceptionSchedule
    icon = "time"
    list_display = ["deputy", "opening_hours"]


class DeputyReportViewSet(OwnDeputyViewSet):
    model = DeputyReport
    icon = "doc-full"
    list_display = ["deputy", "year", "title"]


class VoteEditView(generic.EditView):
    """A corrected question or kind shows on the session, the vote's page, the agenda's drafts and decisions and every
    deputy who voted: the whole site is purged, as after an import. Votes are not in the manifest's CachedPages
    because an import saves them one by one and purges once for the file (sessions.imports)."""

    def save_instance(self):
        instance = super().save_instance()
        pagecache.purge_all()
        return instance


class VoteEventViewSet(ScopedModelViewSet):
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
    edit_view_class = VoteEditView
    inspect_view_enabled = True
    copy_view_enabled = False

    def base_queryset(self):
        return VoteEvent.objects.select_related("session")

    @property
    def add_view(self):
        def refuse(request):
            raise PermissionDenied  # votes are imported with their records, never typed in

        return refuse


class AddressRecordForm(WagtailAdminModelForm):
    """A corrected or added address passes the import's rules, so «Find my deputy» can answer for it."""

    HELP_TEXTS = {
        "uid": _("The «uid» of the register line: the next import updates the record with this identifier."),
        "thoroughfare": _("As in the register, with the street type, e.g. «вул. Шевченка»."),
        "locator_designator": _("E.g. «15», «15-А» or «15/2»."),
        "district": _("The electoral district the house lies in: «Find my deputy» answers with it."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in self.HELP_TEXTS.items():
            if name in self.fields:
                self.fields[name].help_text = help_text
        # The import's own words, not Django's generic «required», say what is missing (clean() below).
        for name in ("thoroughfare", "locator_designator"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        street, house = data.get("thoroughfare", ""), data.get("locator_designator", "")
        problems = services.address_problems(street=street, house=house)
        for problem in problems:
            self.add_error("locator_designator" if street.strip() else "thoroughfare", capfirst(problem))
        if problems:
            return data
        duplicate = services.address_duplicate(street=street, house=house, building=data.get("locator_building", ""),
                                               exclude_pk=self.instance.pk)
        if duplicate is not None:
            self.add_error("locator_designator", _(
                "This address is already in the register: «%(address)s» (uid %(uid)s, electoral district "
                "%(district)s). Correct that record instead of adding the address twice.")
                % {"address": duplicate, "uid": duplicate.uid, "district": duplicate.district})
        return data


class AddressIndexView(generic.IndexView):
    """Searched by the street's lookup key, the one «Find my deputy» uses, so «ШЕВЧЕНКА» finds «вул. Шевченка»."""

    # Wagtail's «Add %(model_name)s» would read «Додати адреса»: Ukrainian wants the accusative.
    add_item_label = _("Add an address")

    def get_base_queryset(self):
        # Streets by name whatever the type word, then houses in number order (9 before 10); one query for the
        # districts and one for their deputies, however many rows.
        house_number = Cast(Func(F("locator_designator"), Value("[0-9]{1,9}"), function="SUBSTRING"),
                            IntegerField())
        live_deputies = Prefetch("district__deputies", to_attr="live_deputies",
                                 queryset=DeputyPage.objects.live().order_by("family_name", "given_name"))
        return (AddressRecord.objects.select_related("district").prefetch_related(live_deputies)
                .annotate(house_number=house_number)
                .order_by(ukrainian_order("street_key"), ukrainian_order("thoroughfare"),
                          "house_number", "house_key", "locator_building"))

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(street_key__contains=street_key(self.search_query))

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("council.add_addressrecord"):
            buttons.append(HeaderButton(_("Import the address register"), url=reverse("council_addresses_import"),
                                        icon_name="upload"))
        return buttons


# «Find my deputy» answers from the address register: a record added, corrected or deleted here purges its cached
# answers. Not through the manifest's CachedPages: an import saves the register row by row and purges once for the
# file (sessions.imports).
def _purge_find_my_deputy() -> None:
    pagecache.module_purge(paths=selectors.find_my_deputy_paths())


class AddressCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        _purge_find_my_deputy()
        return instance


class AddressEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        _purge_find_my_deputy()
        return instance


class AddressDeleteView(generic.DeleteView):
    def delete_action(self):
        super().delete_action()
        _purge_find_my_deputy()


def district_deputies(record) -> str:
    return ", ".join(deputy.full_name for deputy in record.district.live_deputies) or "—"


class AddressRecordViewSet(ModelViewSet):
    """The address register of «Find my deputy»: the secretariat finds an address and corrects its district or
    spelling; whole files still come by import."""

    model = AddressRecord
    icon = "site"
    menu_label = _("Address register")
    menu_name = "council-addresses"
    url_prefix = "council/addresses"
    url_namespace = "council_addresses"
    menu_hook = COUNCIL_MENU_HOOK
    menu_order = 23
    index_view_class = AddressIndexView
    add_view_class = AddressCreateView
    edit_view_class = AddressEditView
    delete_view_class = AddressDeleteView
    list_display = ["thoroughfare", "locator_designator", "district",
                    Column("deputies", label=_("Deputies"), accessor=district_deputies)]
    list_filter = ["district"]
    search_fields = ["thoroughfare"]  # enables the search box; AddressIndexView matches the lookup key instead
    list_per_page = 50
    form_fields = ["uid", "thoroughfare", "locator_designator", "locator_building", "post_name", "post_code",
                   "status", "district"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        # The identifier ties a record to its register line; changing it would make the next import add a copy.
        fields = [name for name in self.form_fields if not (for_update and name == "uid")]
        return modelform_factory(AddressRecord, form=AddressRecordForm, fields=fields,
                                 formfield_callback=self.formfield_for_dbfield)


class CouncilGroup(SnippetViewSetGroup):
    items = (ConvocationViewSet, FactionViewSet, CommitteeViewSet, DistrictViewSet, DepartmentViewSet,
             CalendarDayViewSet, DecisionTopicViewSet, ReceptionScheduleViewSet, DeputyReportViewSet)
    menu_icon = "group"
    menu_label = _("Council")
    menu_name = "council"
    menu_order = 250
    submenu_hook = COUNCIL_MENU_HOOK
