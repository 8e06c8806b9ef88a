"""Signal receivers of the project app."""
import functools

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, pre_page_move

from . import pagecache
from .modules import cached_pages_addresses
from .search_types import bump_module_search_version, bump_page_search_version, module_search_models


@receiver(authenticator_added)
def count_totp_activation_as_mfa(sender, request, user, authenticator, **kwargs):
    """Activating TOTP means entering a valid code: this session has used the second factor."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, activated=True)


# The anonymous page cache (cms.pagecache) follows every change of the page tree: the page, what lies below
# it and what lists it are purged on publish, unpublish, move, slug change and delete.
@receiver(page_published)
@receiver(page_unpublished)
def purge_published_page(sender, instance, **kwargs):
    pagecache.purge_page(instance)


@receiver(page_slug_changed)
def purge_renamed_page(sender, instance_before, instance, **kwargs):
    pagecache.purge_page(instance, old_path=next(iter(pagecache.page_paths(instance_before)), None))


@receiver(pre_page_move)
@receiver(post_page_move)
def purge_moved_page(sender, instance, **kwargs):
    # Before the move: the old address and the old parent's list; after it: the new ones.
    pagecache.purge_page(instance)


@receiver(pre_delete, sender=Page)
def purge_deleted_page(sender, instance, **kwargs):
    pagecache.purge_page(instance)


# Pages also show objects they do not own: an article its related pages' titles, any page its images' alt text and
# renditions, a consultation or a decision its documents, a deputy his faction. Wagtail's reference index knows which
# pages refer to what (kept by a task after each save, db_worker in production); when such an object changes, the
# live pages referring to it are purged as a publish purges them (cms.pagecache.purge_referring_pages). An object
# no page refers to purges nothing.
_SHOWN_PAGE_FIELDS = ("title", "url_path", "live")
_BEFORE_SAVE = "_pagecache_shown_before_save"
# Saves that only record what Wagtail learnt about the file (on first use): nothing a page shows changes.
_FILE_BOOKKEEPING = frozenset({"file_size", "file_hash"})


@functools.cache
def _shown_models() -> frozenset[type]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.snippets.models import get_snippet_models

    return frozenset({get_image_model(), get_document_model(), *get_snippet_models()})


@receiver(post_save)
def purge_pages_showing_saved_object(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or created or sender not in _shown_models():
        return  # a new object: no page refers to it yet
    if update_fields is not None and set(update_fields) <= _FILE_BOOKKEEPING:
        return
    transaction.on_commit(functools.partial(pagecache.purge_referring_pages, instance))


@receiver(pre_delete)
def purge_pages_showing_deleted_object(sender, instance, **kwargs):
    # Before the deletion: Wagtail drops the references to a deleted object, and a page's link to it is unset.
    if sender in _shown_models():
        pagecache.purge_referring_pages(instance)


@receiver(pre_save)
def remember_shown_page_fields(sender, instance, raw=False, update_fields=None, **kwargs):
    """What pages referring to a page show of it (title, address, whether it is live) as it was before a publish
    saves it; a draft's save (no title) is not looked at."""
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields is not None and not set(_SHOWN_PAGE_FIELDS) & set(update_fields):
        return
    setattr(instance, _BEFORE_SAVE, Page.objects.filter(pk=instance.pk).values_list(*_SHOWN_PAGE_FIELDS).first())


@receiver(page_published)
def purge_pages_showing_published_page(sender, instance, **kwargs):
    before = instance.__dict__.pop(_BEFORE_SAVE, None)
    if before is not None and tuple(before) == tuple(getattr(instance, name) for name in _SHOWN_PAGE_FIELDS):
        return  # the same title at the same address: pages linking to it show what they showed
    transaction.on_commit(functools.partial(pagecache.purge_referring_pages, instance))


@receiver(page_unpublished)
@receiver(post_page_move)
def purge_pages_showing_hidden_or_moved_page(sender, instance, **kwargs):
    transaction.on_commit(functools.partial(pagecache.purge_referring_pages, instance))


@receiver(pre_delete, sender=Page)
def purge_pages_showing_deleted_page(sender, instance, **kwargs):
    pagecache.purge_referring_pages(instance)


# Site search keeps its match counts and best rows until the pages the public can find change.
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_search_changed(sender, **kwargs):
    bump_page_search_version()


@receiver(task_finished)
def page_search_index_updated(sender, task_result, **kwargs):
    """A page's search-index entry is written by a task after the publish (django-tasks-db in production): what
    site search kept meanwhile may miss the new text, so it is dropped once the entry is written (a failed task wrote
    nothing: what search kept stays)."""
    if task_result.status != TaskResultStatus.SUCCESSFUL:
        return
    if task_result.task.module_path != "modelsearch.tasks.insert_or_update_object_task" or len(task_result.args) < 2:
        return
    try:
        model = apps.get_model(task_result.args[0], task_result.args[1])
    except LookupError:
        return
    if issubclass(model, Page):
        bump_page_search_version()


# The modules' search hits kept for anonymous readers follow every save and deletion of what the modules declare
# searchable (a petition answered, a topic hidden, a place unpublished).
@receiver(post_save)
@receiver(post_delete)
def module_search_changed(sender, **kwargs):
    if sender in module_search_models():
        bump_module_search_version()


# A module's own public pages (an appeal and the appeals list) follow every save and deletion of what they show
# (cms.modules.CachedPages); pagecache purges at once and again after the commit.
@receiver(post_save)
@receiver(post_delete)
def module_pages_changed(sender, **kwargs):
    for addresses in cached_pages_addresses().get(sender, ()):
        paths, trees = addresses()
        pagecache.module_purge(paths=paths, trees=trees)
