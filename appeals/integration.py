"""The appeals feed for a document-management system: every new appeal and every change is an AppealEvent, read
in order by an authenticated pull endpoint with a cursor (the last event id seen) and, where configured, pushed as
a signed webhook. The JSON document of one change is built here, for both."""
from .models import AppealEvent

FEED_VERSION = 1


def appeal_document(appeal) -> dict:
    """The appeal as the document system receives it (personal data included: the endpoint is for the council's
    own system only, behind a token with the integration permission)."""
    return {
        "id": appeal.pk, "number": appeal.number, "registered_at": appeal.registered_at.isoformat(),
        "kind": appeal.kind, "category": appeal.category.slug, "category_name": appeal.category.name,
        "service": appeal.service.name if appeal.service_id else None,
        "service_edrpou": appeal.service.edrpou if appeal.service_id else None,
        "deputy_id": appeal.deputy_id, "deputy_name": appeal.deputy_name or None,
        "author_name": appeal.author_name, "author_email": appeal.author_email,
        "text": appeal.text, "address": appeal.address,
        "latitude": float(appeal.latitude) if appeal.latitude is not None else None,
        "longitude": float(appeal.longitude) if appeal.longitude is not None else None,
        "is_public": appeal.is_public, "channel": appeal.channel, "status": appeal.status,
        "due_date": appeal.due_date.isoformat() if appeal.due_date else None,
        "answer_text": appeal.answer_text,
        "answered_at": appeal.answered_at.isoformat() if appeal.answered_at else None,
        "external_id": appeal.external_id,
    }


def event_document(event: AppealEvent) -> dict:
    return {
        "version": FEED_VERSION, "event_id": event.pk, "event": event.kind, "at": event.at.isoformat(),
        "from_status": event.from_status or None, "to_status": event.to_status, "note": event.note,
        "appeal": appeal_document(event.appeal),
    }


def feed(*, after: int = 0, limit: int = 100) -> list[AppealEvent]:
    """Events after the cursor, oldest first (ids only grow, so a client that stores the last id misses nothing)."""
    return list(AppealEvent.objects.filter(pk__gt=after).select_related("appeal__category", "appeal__service")
                .order_by("pk")[:limit])


def emit_event(event: AppealEvent) -> None:
    """Hand the change to the kernel's signed webhooks (sent, with retries, after the transaction commits)."""
    from .webhooks import emit

    emit(event)
