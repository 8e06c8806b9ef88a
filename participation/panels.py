"""Dashboard panel of the moderation queue: what waits for a moderator, oldest first."""
from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import Comment
from .services import MODERATE_PERMISSION

SHOWN = 5


class ModerationQueuePanel(Component):
    name = "moderation_queue"
    template_name = "participation/admin/moderation_panel.html"
    order = 90  # above Wagtail's own panels: it is the moderators' daily work

    def get_context_data(self, parent_context):
        waiting = Comment.objects.filter(status=Comment.Status.PENDING, is_deleted=False)
        reported = Comment.objects.filter(open_reports__gt=0, is_deleted=False).exclude(status=Comment.Status.HIDDEN)
        index = reverse("participation_comment:index")
        return {
            "pending_count": waiting.count(),
            "reported_count": reported.count(),
            "items": list((waiting | reported).select_related("author")
                          .order_by("-open_reports", "created_at")[:SHOWN]),
            "pending_url": f"{index}?status=pending",
            "reported_url": f"{index}?reported=true",
            "edit_url_name": "participation_comment:edit",
        }


def moderation_panels(request, panels) -> None:
    if request.user.has_perm(MODERATE_PERMISSION):
        panels.append(ModerationQueuePanel())
