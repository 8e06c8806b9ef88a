"""Emitting events and delivering them: every write of the webhook engine.

An event becomes one ``WebhookDelivery`` row per subscribed endpoint inside the caller's transaction (so a change
that rolls back sends nothing), and the rows are handed to tasks only after the commit: the request never waits
for a receiver. Each attempt is one POST with a timeout; a failure is retried later with growing delays
(``WEBHOOK_RETRY_DELAYS``) until it succeeds or the delays run out."""
import datetime
import json
import logging
import time
import uuid

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import signing
from .events import get_event
from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)
USER_AGENT = "city-portal-webhooks/1"
# A delivery still "sending" this long after its attempt began belongs to a worker that died.
STALE_SENDING = datetime.timedelta(minutes=5)


def object_url(obj) -> str:
    """The public address of a page or of any model with get_absolute_url, absolute (front ends need the host)."""
    if hasattr(obj, "get_full_url"):
        return obj.get_full_url() or ""
    if hasattr(obj, "get_absolute_url"):
        path = obj.get_absolute_url()
        return path if "://" in path else settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    return ""


def webhook_event_emit(*, event_type: str, obj=None, object_type: str = "", object_id: int | str | None = None,
                       url: str = "", data: dict | None = None) -> list[WebhookDelivery]:
    """Send ``event_type`` about ``obj`` (or the object described by type, id and url) to every active endpoint
    subscribed to it, after the current transaction commits. Unknown event types raise LookupError."""
    get_event(event_type)
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = obj.pk if object_id is None else object_id
        url = url or object_url(obj)
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True, events__contains=[event_type]).only("pk"))
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    payload = {
        "id": str(event_id),
        "type": event_type,
        "timestamp": timezone.now().isoformat(),
        "object": {"type": object_type, "id": object_id, "url": url},
        "data": data or {},
    }
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.bulk_create([
            WebhookDelivery(endpoint=endpoint, event_id=event_id, event_type=event_type, payload=payload)
            for endpoint in endpoints
        ])
        ids = [delivery.pk for delivery in deliveries]
        # robust: a queue that is down must not fail the editor's request; the sweeper sends what is left pending.
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return deliveries


def _enqueue(delivery_ids: list[int], run_after: datetime.datetime | None = None) -> None:
    from .tasks import deliver_webhook

    task = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
    for delivery_id in delivery_ids:
        task.enqueue(delivery_id=delivery_id)


def _due(now: datetime.datetime) -> Q:
    return (Q(status=WebhookDelivery.Status.PENDING)
            | Q(status=WebhookDelivery.Status.RETRYING, next_attempt_at__lte=now)
            | Q(status=WebhookDelivery.Status.SENDING, last_attempt_at__lt=now - STALE_SENDING))


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str]:
    """One POST; returns (HTTP status or None, error text or "")."""
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        signing.EVENT_HEADER: delivery.event_type,
        signing.DELIVERY_HEADER: str(delivery.event_id),
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.sign(secret=endpoint.secret, timestamp=timestamp, body=body),
    }
    timeout = settings.WEBHOOK_TIMEOUT
    try:
        # No redirects (the signature is for this address) and the answer's body is never read.
        with requests.post(endpoint.url, data=body, headers=headers, timeout=timeout, allow_redirects=False,
                           stream=True) as response:
            status = response.status_code
    except requests.Timeout:
        return None, f"No answer within {timeout} s"
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    return status, "" if 200 <= status < 300 else f"HTTP {status}"


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """Try one delivery if it is due; record the outcome and schedule the next try. None if it was not due
    (already delivered, being sent by another worker, or its next attempt is later)."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("endpoint").filter(_due(now), pk=delivery_id).first())
        if delivery is None:
            return None
        delivery.status, delivery.attempts, delivery.last_attempt_at = WebhookDelivery.Status.SENDING, \
            delivery.attempts + 1, now
        delivery.save(update_fields=["status", "attempts", "last_attempt_at"])

    endpoint = delivery.endpoint
    if endpoint.is_active:
        response_status, error = _post(endpoint, delivery)
    else:
        response_status, error = None, "The endpoint was switched off"
    delays = list(settings.WEBHOOK_RETRY_DELAYS)
    finished = timezone.now()
    delivery.response_status, delivery.error, delivery.next_attempt_at = response_status, error, None
    if not error:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, finished
    elif endpoint.is_active and delivery.attempts <= len(delays):
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = finished + datetime.timedelta(seconds=delays[delivery.attempts - 1])
    else:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save(update_fields=["status", "response_status", "error", "next_attempt_at", "delivered_at"])
    if delivery.status == WebhookDelivery.Status.RETRYING:
        from .tasks import deliver_webhook

        # A queue that can run a task later takes the retry now; otherwise the sweeper (send_webhooks) does.
        if deliver_webhook.get_backend().supports_defer:
            _enqueue([delivery.pk], run_after=delivery.next_attempt_at)
    return delivery


def webhook_deliveries_send_due(*, limit: int = 500) -> int:
    """Queue every delivery that is due (pending, a retry whose time has come, or one a dead worker left);
    run every minute by cron (``manage.py send_webhooks``). Returns how many were queued."""
    ids = list(WebhookDelivery.objects.filter(_due(timezone.now())).order_by("pk").values_list("pk", flat=True)[:limit])
    _enqueue(ids)
    return len(ids)

