"""The resident's comments in their personal-data export."""
from cms.services import register_personal_data_exporter

from .models import Comment


@register_personal_data_exporter
def export_comments(user):
    comments = Comment.objects.filter(author=user).select_related("content_type").order_by("created_at")
    return "comments", [
        {
            "id": comment.pk,
            "on": f"{comment.content_type.app_label}.{comment.content_type.model}:{comment.object_id}",
            "reply_to": comment.parent_id,
            "text": comment.body,
            "status": comment.status,
            "hide_reason": comment.hide_reason,
            "deleted": comment.is_deleted,
            "created_at": comment.created_at.isoformat(),
            "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        }
        for comment in comments
    ]
