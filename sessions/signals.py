"""Signal receivers of the council: drafts get their publication date on first publication; the drafts index
gets the secretariat's approval workflow as soon as it exists."""
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from .models import DraftDecisionIndexPage, DraftDecisionPage, DraftStatus

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


@receiver(post_save, sender=DraftDecisionIndexPage)
def assign_draft_workflow(sender, instance, created, raw=False, **kwargs):
    """Drafts under the index go through the secretariat's approval (the workflow is made by migration 0002)."""
    from wagtail.models import Workflow, WorkflowPage

    if raw or WorkflowPage.objects.filter(page=instance).exists():
        return
    workflow = Workflow.objects.filter(name=DRAFT_WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.create(page=instance, workflow=workflow)
