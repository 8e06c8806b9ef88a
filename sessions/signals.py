"""Signal receivers of the council: drafts get their publication date on first publication; the drafts index
gets the secretariat's approval workflow as soon as it exists; what the council's pages show besides pages (reference
data, deputies' reports and reception hours, roll-call votes) purges the page cache when it changes."""
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from wagtail.signals import page_published

from cms import pagecache

from .models import (
    CalendarDay,
    Committee,
    CommitteeMembership,
    Convocation,
    DecisionTopic,
    Department,
    DeputyReport,
    DraftDecisionIndexPage,
    DraftDecisionPage,
    DraftStatus,
    ElectoralDistrict,
    Faction,
    ReceptionSchedule,
    ReceptionSlot,
    VoteEvent,
)

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


# Edited in the admin as snippets or imported, never published as pages, and shown on many pages at once: faction,
# committee and district names on every deputy, session and vote; topics on decisions; working days in every
# draft's and petition's deadline; a deputy's reports and reception hours on the deputy's page and the lists; a
# roll-call vote on its session, its vote page, every deputy who voted and the agenda's drafts and decisions. They
# change rarely (a vote import once per session), so everything is purged rather than each page worked out.
# The vote import purges once for the whole file (sessions.imports), not per event.
COUNCIL_RECORDS = (Convocation, Faction, Committee, CommitteeMembership, ElectoralDistrict, Department, CalendarDay,
                   DecisionTopic, DeputyReport, ReceptionSchedule, ReceptionSlot)


def council_record_changed(sender, raw=False, **kwargs):
    if not raw:  # fixtures being loaded: nothing is cached yet
        pagecache.purge_all()


for model in COUNCIL_RECORDS:
    post_save.connect(council_record_changed, sender=model, dispatch_uid=f"purge-{model._meta.label}")
    post_delete.connect(council_record_changed, sender=model, dispatch_uid=f"purge-delete-{model._meta.label}")
post_delete.connect(council_record_changed, sender=VoteEvent, dispatch_uid="purge-delete-sessions.VoteEvent")
