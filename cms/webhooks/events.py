"""The registry of event types that endpoints can subscribe to; the kernel and each module add theirs at start-up."""
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class EventType:
    code: str  # "<object>.<what happened>", e.g. "page.published"; stable, part of the public contract
    label: str | Promise  # what staff see when they choose events for an endpoint


_registry: dict[str, EventType] = {}


def register_event(code: str, label: str | Promise) -> EventType:
    """Declare an event type (call from an AppConfig.ready()); registering the same code twice is a no-op."""
    if not code or "." not in code or code != code.strip().lower():
        raise ValueError(f"Webhook event codes look like 'object.action' in lower case, not {code!r}.")
    event = _registry.setdefault(code, EventType(code=code, label=label))
    return event


def get_event(code: str) -> EventType:
    try:
        return _registry[code]
    except KeyError:
        raise LookupError(f"Unknown webhook event {code!r}: register it with cms.webhooks.register_event().")


def event_choices() -> list[tuple[str, str | Promise]]:
    return [(event.code, event.label) for event in sorted(_registry.values(), key=lambda event: event.code)]
