"""A comment published on a topic moves the topic up the list (last activity), in the page cache too."""
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver

from cms import pagecache
from participation.models import Comment

from . import selectors
from .models import ForumTopic


@receiver(post_save, sender=Comment, dispatch_uid="forum_topic_activity")
def topic_activity_on_comment(sender, instance: Comment, created: bool, raw: bool = False, **kwargs):
    # Comments are written by participation.services; only a newly published one is activity
    # (edits, deletions and moderators' decisions are not).
    if raw or not created or instance.status != Comment.Status.PUBLISHED:
        return
    if instance.content_type_id != ContentType.objects.get_for_model(ForumTopic).pk:
        return
    moved = ForumTopic.objects.filter(pk=instance.object_id, last_activity_at__lt=instance.created_at).update(
        last_activity_at=instance.created_at)
    if moved:  # an update sends no save signal: the forum's list is purged here (the topic's page by participation)
        paths, trees = selectors.cached_addresses()
        pagecache.module_purge(paths=paths, trees=trees)
