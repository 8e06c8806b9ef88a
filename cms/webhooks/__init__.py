"""Publish webhooks of the kernel. Modules use two functions:

``register_event("petition.answered", _("Petition answered"))`` in their AppConfig.ready(), and
``emit_event(event_type="petition.answered", obj=petition)`` in the service that makes the change. The event leaves
after the transaction commits, through tasks, signed with each endpoint's secret; see README "Webhooks"."""
from .events import register_event


def emit_event(**kwargs):
    """See :func:`cms.webhooks.services.webhook_event_emit` (imported lazily: models are not ready at import)."""
    from .services import webhook_event_emit

    return webhook_event_emit(**kwargs)


__all__ = ["emit_event", "register_event"]
