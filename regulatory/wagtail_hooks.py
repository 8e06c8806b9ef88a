"""Admin of regulatory acts: developer departments, dashboard panels for the regulatory service, audit actions."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Department
from .panels import CommentPeriodsClosingPanel, TrackingReportsDuePanel, user_edits_regulatory_acts


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Developer departments")
    menu_name = "regulatory-departments"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "edrpou"]
    search_fields = ["name"]


register_snippet(DepartmentViewSet)


@hooks.register("construct_homepage_panels")
def add_regulatory_panels(request, panels):
    if user_edits_regulatory_acts(request.user):
        panels.append(CommentPeriodsClosingPanel())
        panels.append(TrackingReportsDuePanel())


@hooks.register("register_log_actions")
def register_regulatory_actions(actions):
    @actions.register_action("regulatory.act.status")
    class ChangeStatus(LogFormatter):
        label = _("Change the status of a regulatory act")

        def format_message(self, log_entry):
            from .models import RegulatoryActPage

            data = log_entry.data or {}
            return _("Status changed from «%(old)s» to «%(new)s»") % {
                "old": RegulatoryActPage.status_label(data.get("from", "")),
                "new": RegulatoryActPage.status_label(data.get("to", ""))}
