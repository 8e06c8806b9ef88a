"""Signal receivers of the council: drafts get their publication date on first publication; the drafts index
gets the secretariat's approval workflow as soon as it exists; what the council's pages show besides pages (reference
data, deputies' reports and reception hours, roll-call votes) purges the page cache when it changes."""
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from wagtail.signals import page_published

from cms import pagecache

from .models import DraftDecisionIndexPage, DraftDecisionPage, DraftStatus, VoteEvent

DRAFT_WORKFLOW_NAME = "Погодження проєктів рішень секретаріатом"


@receiver(page_published, sender=DraftDecisionPage)
def stamp_publication_date(sender, instance, revision=None, **kwargs):
    """The 10 working days count from the first publication: the date is set once and never moves."""
    changes = {}
    if instance.publication_date is None:
        changes["publication_date"] = timezone.localdate()
    if instance.status == DraftStatus.REGISTERED:
        changes["status"] = DraftStatus.PUBLISHED
    if changes:
        DraftDecisionPage.objects.filter(pk=instance.pk).update(**changes)
        for field, value in changes.items():
            setattr(instance, field, value)
    notify_draft_status(instance)


def notify_draft_status(draft) -> int:
    """Residents who follow a draft hear once about each published change of its status."""
    from django.utils.translation import gettext as _

    from participation.notifications import notify_followers

    from .models.acts import DraftStatusNotice

    notice, created = DraftStatusNotice.objects.get_or_create(draft_id=draft.pk, defaults={"status": draft.status})
    if created or notice.status == draft.status:  # the first publication has no followers to tell yet
        return 0
    notice.status = draft.status
    notice.save(update_fields=["status"])
    with translation.override(settings.LANGUAGE_CODE):  # residents read Ukrainian, whatever the editor's language
        title = _("Draft decision № %(number)s: %(status)s") % {"number": draft.registration_number,
                                                                "status": draft.get_status_display()}
    return notify_followers(draft, kind="status", title=title, body=draft.title, url=draft.url or "")


@receiver(post_save, sender=DraftDecisionIndexPage)
def assign_draft_workflow(sender, instance, created, raw=False, **kwargs):
    """Drafts under the index go through the secretariat's approval (the workflow is made by migration 0002)."""
    from wagtail.models import Workflow, WorkflowPage

    if raw or WorkflowPage.objects.filter(page=instance).exists():
        return
    workflow = Workflow.objects.filter(name=DRAFT_WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.create(page=instance, workflow=workflow)


# The council's records edited in the admin as snippets or imported (factions, committees, districts, working days,
# reports, reception hours...) purge the page cache through the module contract (sessions.apps: CachedPages). A
# roll-call vote's import purges once for the whole file (sessions.imports); its deletion purges here.
def vote_deleted(sender, **kwargs):
    pagecache.purge_all()


post_delete.connect(vote_deleted, sender=VoteEvent, dispatch_uid="purge-delete-sessions.VoteEvent")
