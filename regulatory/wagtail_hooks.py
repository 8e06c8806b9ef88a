"""Admin of regulatory acts: dashboard panels for the regulatory service, audit actions. Departments are the
council's city departments, edited in one place (the council's snippets)."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .panels import CommentPeriodsClosingPanel, TrackingReportsDuePanel, user_edits_regulatory_acts


@hooks.register("construct_homepage_panels")
def add_regulatory_panels(request, panels):
    if user_edits_regulatory_acts(request.user):
        panels.append(CommentPeriodsClosingPanel())
        panels.append(TrackingReportsDuePanel())


STATUS_BEFORE_EDIT = "_regulatory_status_before_edit"


def _live_status(page) -> str | None:
    from .models import RegulatoryActPage

    return RegulatoryActPage.objects.filter(pk=page.pk, live=True).values_list("status", flat=True).first()


@hooks.register("before_edit_page")
def remember_live_status(request, page):
    from .models import RegulatoryActPage

    if isinstance(page, RegulatoryActPage):
        setattr(request, STATUS_BEFORE_EDIT, _live_status(page))


@hooks.register("after_edit_page")
def announce_published_status(request, page):
    """Publishing a new status from the editor is logged and announced like the service does it."""
    from .models import RegulatoryActPage
    from .services import regulatory_act_status_published

    previous = getattr(request, STATUS_BEFORE_EDIT, None)
    if not isinstance(page, RegulatoryActPage) or previous is None:
        return
    current = _live_status(page)
    if current is not None and current != previous:
        page.status = current
        regulatory_act_status_published(act=page, previous=previous, user=request.user)


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
