"""The resident's forum topics in their personal-data export."""
from .models import ForumTopic


def export_forum_topics(user):
    topics = ForumTopic.objects.filter(author=user).select_related("category").order_by("created_at")
    return "forum_topics", [
        {"id": topic.pk, "category": topic.category.name, "title": topic.title, "text": topic.body,
         "status": topic.status, "hide_reason": topic.hide_reason, "created_at": topic.created_at.isoformat(),
         "published_at": topic.published_at.isoformat() if topic.published_at else None}
        for topic in topics
    ]
