"""The resident's comments and reports in their personal-data export."""
from .models import Comment, Follow, Notification, NotificationSettings, Report


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


def export_reports(user):
    reports = Report.objects.filter(reporter=user).order_by("created_at")
    return "comment_reports", [
        {"comment_id": report.comment_id, "reason": report.reason, "text": report.text,
         "created_at": report.created_at.isoformat()}
        for report in reports
    ]


def export_follows(user):
    follows = Follow.objects.filter(user=user).select_related("content_type").order_by("created_at")
    return "followed", [
        {"on": f"{item.content_type.app_label}.{item.content_type.model}:{item.object_id}", "reason": item.reason,
         "since": item.created_at.isoformat()}
        for item in follows
    ]


def export_notifications(user):
    preferences = NotificationSettings.objects.filter(user=user).values(
        "frequency", "email_status", "email_answer", "email_reply", "auto_follow").first()
    items = Notification.objects.filter(user=user).order_by("created_at")
    return "notifications", {
        "settings": preferences,
        "items": [{"kind": item.kind, "title": item.title, "text": item.body, "url": item.url,
                   "created_at": item.created_at.isoformat(), "read": item.read_at is not None,
                   "e-mail": item.email} for item in items],
    }
