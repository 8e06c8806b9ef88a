"""Dashboard panel for the secretariat: the publication term of drafts on the agendas of coming sessions,
so a late or unpublished draft is seen before the session (docs/council.md: deadlines shown before they lapse)."""
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import SessionPage, SessionStatus
from .selectors import agenda_rows

SESSIONS_SHOWN = 5
PERMISSION = "council.add_voteevent"  # the secretariat's council work


class PublicationTermsPanel(Component):
    name = "council_publication_terms"
    template_name = "council/admin/publication_panel.html"
    order = 95

    def get_context_data(self, parent_context):
        sessions = (SessionPage.objects.filter(status=SessionStatus.SCHEDULED, start__gte=timezone.now())
                    .order_by("start")[:SESSIONS_SHOWN])
        rows = []
        for session in sessions:
            for row in agenda_rows(session):
                if row.check is not None:
                    rows.append({"session": session, "number": row.number, "draft": row.item.draft,
                                 "check": row.check})
        return {"rows": rows, "problems": sum(1 for row in rows if not row["check"].ok)}


def council_panels(request, panels) -> None:
    if request.user.has_perm(PERMISSION):
        panels.append(PublicationTermsPanel())
