"""Signal receivers of the comment engine: a discussion's page leaves the page caches when its comments change."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms import pagecache

from .models import Comment


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def purge_discussion_page(sender, instance, **kwargs):
    # Posting, editing, deleting, hiding or approving a comment changes the thread under the discussed page.
    # What lists the discussed object with its comment count (a consultation on its index) is purged with it.
    target = instance.target
    if target is not None and hasattr(target, "get_discussion_url"):
        listed_at = getattr(target, "discussion_listed_at", None)
        pagecache.purge_paths(target.get_discussion_url(), *(listed_at() if callable(listed_at) else ()))
