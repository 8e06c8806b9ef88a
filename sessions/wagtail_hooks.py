"""Council admin registration: the viewsets of viewsets.py, the deputies' own-records permission policy, the import
and export views, the "Council" submenu, the late-draft warning and the dashboard panels."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_views
from .draft_publication import publication_term
from .models import (
    DeputyReport,
    ReceptionSchedule,
    SessionPage,
)
from .viewsets import (
    COUNCIL_MENU_HOOK,
    AddressRecordViewSet,
    CouncilGroup,
    OwnDeputyPermissionPolicy,
    VoteEventViewSet,
)

register_permission_policy(ReceptionSchedule, OwnDeputyPermissionPolicy(ReceptionSchedule))
register_permission_policy(DeputyReport, OwnDeputyPermissionPolicy(DeputyReport))

register_snippet(CouncilGroup)


@hooks.register("register_admin_viewset")
def register_vote_viewset():
    return VoteEventViewSet()


@hooks.register("register_admin_viewset")
def register_address_viewset():
    return AddressRecordViewSet()


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
                              icon_name="upload", order=24, name="council-addresses-import",
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
