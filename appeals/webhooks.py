"""Webhook events of appeals (the kernel's engine, cms.webhooks): one event type per kind of step, so the council's
document-management system is told of every new appeal and every change. The payload's ``data`` is the same
document the pull feed gives (appeals.integration), personal data included: subscribe only the council's own
systems to these events (the labels say so)."""
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cms.webhooks import emit_event, register_event

from .models import AppealEvent

EVENT_TYPES = {kind: register_event(f"appeal.{kind}", format_lazy(_(
    "Appeal: {step} (with personal data, for the council's document system only)"), step=label)).code
    for kind, label in AppealEvent.Kind.choices}


def emit(event: AppealEvent) -> None:
    """Send the step to the subscribed endpoints after the transaction commits (nothing if it rolls back)."""
    from .integration import event_document

    appeal = event.appeal
    emit_event(event_type=EVENT_TYPES[event.kind], obj=appeal, data=event_document(event))
