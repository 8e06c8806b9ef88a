"""Admin pieces for staff: the tracking deadlines inside the act editor and the dashboard panels."""
from django.utils import timezone
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

CLOSING_SOON_DAYS = 14
TRACKING_HORIZON_DAYS = 90


class TrackingSchedulePanel(Panel):
    """Read-only: the deadlines the law sets for this act's tracking reports, computed by services."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "regulatory/admin/tracking_schedule_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["schedule"] = self.instance.tracking_schedule if self.instance.pk else []
            context["today"] = timezone.localdate()
            context["effective_date"] = self.instance.effective_date
            return context


def user_edits_regulatory_acts(user) -> bool:
    from .models import RegulatoryActIndexPage, RegulatoryActPage

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    pages = PagePermissionPolicy(Page).instances_user_has_any_permission_for(user, ["change", "publish"])
    return pages.type(RegulatoryActIndexPage, RegulatoryActPage).exists()


class CommentPeriodsClosingPanel(Component):
    name = "regulatory_comment_periods"
    template_name = "regulatory/admin/comment_periods_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        from . import selectors

        context = super().get_context_data(parent_context)
        context["acts"] = selectors.comment_periods_closing(days=CLOSING_SOON_DAYS)
        context["days"] = CLOSING_SOON_DAYS
        context["today"] = timezone.localdate()
        return context


class TrackingReportsDuePanel(Component):
    name = "regulatory_tracking_due"
    template_name = "regulatory/admin/tracking_due_panel.html"
    order = 130

    def get_context_data(self, parent_context):
        from . import selectors

        context = super().get_context_data(parent_context)
        context["due"] = selectors.tracking_reports_due(days=TRACKING_HORIZON_DAYS)
        context["days"] = TRACKING_HORIZON_DAYS
        return context

