"""Admin of consultations: the dashboard panel, the results view for editors, announcement log entries."""
import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from . import selectors
from .models import ConsultationPage, ConsultationStatus

CLOSING_SOON = datetime.timedelta(days=14)


@hooks.register("register_log_actions")
def register_consultation_actions(actions):
    actions.register_action("consultations.status_announced", _("Announce consultation status"),
                            _("Consultation status announced to followers"))


def _can_edit(user, page) -> bool:
    return page.permissions_for_user(user).can_edit()


class ConsultationsPanel(Component):
    """Open consultations for the staff who may edit them: those closing within 14 days first."""

    name = "consultations"
    template_name = "consultations/admin/dashboard_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        pages = [page for page in selectors.open_for_staff(now=now) if _can_edit(request.user, page)]
        return {
            "closing_soon": [page for page in pages if page.end - now <= CLOSING_SOON],
            "open_later": [page for page in pages if page.end - now > CLOSING_SOON],
            "request": request,
        }


@hooks.register("construct_homepage_panels")
def add_consultations_panel(request, panels):
    if ConsultationPage.objects.live().exists():
        panels.append(ConsultationsPanel())


def results_view(request, page_id: int):
    """The questionnaire's results for editors, at any time (the public sees them after closing)."""
    page = get_object_or_404(ConsultationPage, pk=page_id)
    if not _can_edit(request.user, page):
        raise PermissionDenied
    questions = selectors.questionnaire(page)
    return TemplateResponse(request, "consultations/admin/results.html", {
        "page": page, "results": selectors.results(page, questions), "questions": questions,
        "public": page.status in (ConsultationStatus.CLOSED, ConsultationStatus.REPORT_PUBLISHED),
        "header_title": page.title,
    })


@hooks.register("register_admin_urls")
def register_results_url():
    return [path("consultations/<int:page_id>/results/", results_view, name="consultations_results")]


@hooks.register("register_page_listing_more_buttons")
def results_button(page, user, next_url=None):
    if page.specific_class and issubclass(page.specific_class, ConsultationPage) and _can_edit(user, page):
        yield Button(_("Questionnaire results"), reverse("consultations_results", args=[page.pk]),
                     icon_name="list-ul", priority=55)
