"""Webhook events of the council (the kernel's registry, cms.webhooks): a decision added to the register."""
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from cms.webhooks import emit_event, register_event

from .models import DecisionPage

DECISION_ADDED = register_event("decision.added", _("Decision added")).code


@receiver(page_published, sender=DecisionPage)
def decision_was_added(sender, instance, revision=None, **kwargs):
    # Wagtail stamps both dates with the same moment on the first publication only; later ones are page.published.
    if instance.first_published_at == instance.last_published_at:
        emit_event(event_type=DECISION_ADDED, obj=instance, object_type="council.DecisionPage",
                   data={"number": instance.number, "date": instance.date.isoformat(), "title": instance.title,
                         "api_url": f"/api/v3/council/decisions/{instance.pk}/"})
