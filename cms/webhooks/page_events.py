"""The kernel's own events: pages published, unpublished, moved and deleted (Wagtail's signals)."""
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .events import register_event

PAGE_PUBLISHED = register_event("page.published", _("Page published"))
PAGE_UNPUBLISHED = register_event("page.unpublished", _("Page unpublished"))
PAGE_MOVED = register_event("page.moved", _("Page moved"))
PAGE_DELETED = register_event("page.deleted", _("Page deleted"))


def _emit(event, page, **data) -> None:
    from . import emit_event

    specific_class = page.specific_class or type(page)
    emit_event(event_type=event.code, obj=page, object_type=specific_class._meta.label,
               data={"title": page.title, "api_url": f"/api/v3/pages/{page.pk}/", **data})


@receiver(page_published)
def page_was_published(sender, instance, revision=None, **kwargs):
    _emit(PAGE_PUBLISHED, instance, revision_id=revision.pk if revision else None)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    _emit(PAGE_UNPUBLISHED, instance)


@receiver(post_page_move)
def page_was_moved(sender, instance, url_path_before="", url_path_after="", **kwargs):
    if url_path_before == url_path_after:
        return  # a reorder among siblings: no address changed
    _emit(PAGE_MOVED, instance)


@receiver(post_delete, sender=Page)
def page_was_deleted(sender, instance, **kwargs):
    # Wagtail unpublishes a live page before deleting it (page.unpublished comes first); a draft that was never
    # public concerns no front end.
    if instance.first_published_at is not None:
        _emit(PAGE_DELETED, instance)
