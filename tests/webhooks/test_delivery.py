"""Publish webhooks end to end: a real local receiver, signed events, retries with backoff, timeouts, the log."""
import datetime
import json

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cms.webhooks import emit_event, register_event, signing
from cms.webhooks.models import WebhookDelivery
from cms.webhooks.services import webhook_deliveries_send_due
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def publish(page):
    page.title = "Нова назва"
    page.save_revision().publish()


def later(monkeypatch, seconds):
    frozen = timezone.now() + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: frozen)


def test_publishing_a_page_posts_a_signed_event(news_index, receiver, endpoint_for,
                                                django_capture_on_commit_callbacks):
    endpoint = endpoint_for(receiver.url)
    page = NewsPageFactory(parent=news_index)

    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers, body = request["headers"], request["body"]
    assert signing.verify(secret=endpoint.secret, timestamp=int(headers["X-Portal-Timestamp"]), body=body,
                          signature=headers["X-Portal-Signature"])
    assert not signing.verify(secret="another secret of 32 characters!", body=body,
                              timestamp=int(headers["X-Portal-Timestamp"]), signature=headers["X-Portal-Signature"])
    assert not signing.verify(secret=endpoint.secret, timestamp=int(headers["X-Portal-Timestamp"]),
                              body=body.replace(b"published", b"unpublished"), signature=headers["X-Portal-Signature"])
    event = json.loads(body)
    assert event["type"] == "page.published" == headers["X-Portal-Event"]
    assert event["id"] == headers["X-Portal-Delivery"]
    assert datetime.datetime.fromisoformat(event["timestamp"])
    assert event["object"] == {"type": "home.NewsPage", "id": page.pk, "url": page.get_full_url()}
    assert event["data"]["api_url"] == f"/api/v3/pages/{page.pk}/"
    assert event["data"]["title"] == "Нова назва"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)
    assert delivery.delivered_at is not None


def test_only_active_endpoints_subscribed_to_the_event_receive_it(news_index, receiver, endpoint_for,
                                                                  django_capture_on_commit_callbacks):
    endpoint_for(receiver.url, events=["page.unpublished"])
    endpoint_for(receiver.url, is_active=False)
    page = NewsPageFactory(parent=news_index)

    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_receiver_that_fails_twice_gets_the_event_on_the_third_try(news_index, receiver, endpoint_for,
                                                                     monkeypatch, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url)
    receiver.script = [500, 503, 200]
    page = NewsPageFactory(parent=news_index)

    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.error) == \
        ("retrying", 1, 500, "HTTP 500")
    first_retry = delivery.next_attempt_at
    assert first_retry - delivery.last_attempt_at >= datetime.timedelta(seconds=30)
    assert webhook_deliveries_send_due() == 0  # not due yet: the sweeper leaves it alone
    assert len(receiver.requests) == 1

    later(monkeypatch, 31)
    assert webhook_deliveries_send_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("retrying", 2, 503)
    assert delivery.next_attempt_at - delivery.last_attempt_at >= datetime.timedelta(seconds=120)  # backs off

    later(monkeypatch, 31 + 121)
    assert webhook_deliveries_send_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.error) == \
        ("delivered", 3, 200, "")
    assert len({request["headers"]["X-Portal-Delivery"] for request in receiver.requests}) == 1  # one event id
    assert webhook_deliveries_send_due() == 0  # delivered once, never again


@override_settings(WEBHOOK_RETRY_DELAYS=(60,))
def test_a_receiver_answering_500_is_marked_failed_when_the_retries_run_out(
        news_index, receiver, endpoint_for, monkeypatch, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url)
    receiver.script = [500, 500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        publish(NewsPageFactory(parent=news_index))

    later(monkeypatch, 61)
    webhook_deliveries_send_due()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.next_attempt_at) == \
        ("failed", 2, 500, None)
    later(monkeypatch, 3600)
    assert webhook_deliveries_send_due() == 0
    assert len(receiver.requests) == 2


@override_settings(WEBHOOK_TIMEOUT=0.2)
def test_a_receiver_that_does_not_answer_times_out_and_is_retried(news_index, silent_address, endpoint_for,
                                                                  django_capture_on_commit_callbacks):
    endpoint_for(silent_address)
    with django_capture_on_commit_callbacks(execute=True):
        publish(NewsPageFactory(parent=news_index))

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("retrying", 1, None)
    assert delivery.error == "No answer within 0.2 s"


def test_an_unreachable_receiver_is_recorded_not_raised(news_index, endpoint_for, silent_address,
                                                        django_capture_on_commit_callbacks):
    endpoint_for("http://127.0.0.1:9/nothing-listens-here/")
    with django_capture_on_commit_callbacks(execute=True):
        publish(NewsPageFactory(parent=news_index))

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.error.startswith("ConnectionError")


@override_settings(TASKS=DUMMY_TASKS)
def test_the_change_only_queues_the_delivery_and_a_retry_waits_in_the_queue(
        news_index, receiver, endpoint_for, django_capture_on_commit_callbacks):
    """With a real queue (as in production) the publishing request sends nothing itself."""
    from django_tasks import default_task_backend

    from cms.webhooks.tasks import deliver_webhook

    default_task_backend.clear()
    endpoint_for(receiver.url)
    receiver.script = [500]
    with django_capture_on_commit_callbacks(execute=True):
        publish(NewsPageFactory(parent=news_index))

    assert receiver.requests == []
    (queued,) = [result for result in default_task_backend.results if result.task.name == "deliver_webhook"]
    assert queued.kwargs == {"delivery_id": WebhookDelivery.objects.get().pk}

    deliver_webhook.call(**queued.kwargs)  # what a worker does

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and len(receiver.requests) == 1
    retry = [result for result in default_task_backend.results if result.task.name == "deliver_webhook"][-1]
    assert retry.task.run_after == delivery.next_attempt_at  # the queue holds it back until then
    default_task_backend.clear()


def test_a_change_that_rolls_back_sends_nothing(news_index, receiver, endpoint_for,
                                                django_capture_on_commit_callbacks):
    endpoint_for(receiver.url)
    page = NewsPageFactory(parent=news_index)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            publish(page)
            raise RuntimeError("the editor's transaction fails after publishing")

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_page_unpublished_moved_and_deleted_are_events(home_page, news_index, receiver, endpoint_for,
                                                       django_capture_on_commit_callbacks):
    from tests.factories import StandardPageFactory

    endpoint_for(receiver.url, events=["page.unpublished", "page.moved", "page.deleted"])
    page = NewsPageFactory(parent=news_index)
    other_parent = StandardPageFactory(parent=home_page)

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # not subscribed: nothing
        page.move(other_parent, pos="last-child")
    with django_capture_on_commit_callbacks(execute=True):
        page.refresh_from_db()
        page.delete()

    events = [json.loads(request["body"]) for request in receiver.requests]
    # Deleting a live page unpublishes it first (Wagtail), so the front end hears both.
    assert [event["type"] for event in events] == ["page.unpublished", "page.moved", "page.unpublished",
                                                   "page.deleted"]
    assert {event["object"]["id"] for event in events} == {page.pk}
    assert events[3]["object"]["url"] == events[1]["object"]["url"] == f"http://localhost/{other_parent.slug}/{page.slug}/"


def test_modules_register_their_events_and_unknown_events_are_refused(db, receiver, endpoint_for,
                                                                       django_capture_on_commit_callbacks):
    register_event("test.happened", "Something happened")
    endpoint_for(receiver.url, events=["test.happened"])

    with django_capture_on_commit_callbacks(execute=True):
        emit_event(event_type="test.happened", object_type="test.Thing", object_id=7, url="https://x.example/7/",
                   data={"n": 1})

    event = json.loads(receiver.requests[0]["body"])
    assert event["object"] == {"type": "test.Thing", "id": 7, "url": "https://x.example/7/"}
    assert event["data"] == {"n": 1}
    with pytest.raises(LookupError):
        emit_event(event_type="test.never-registered", object_type="test.Thing", object_id=1)
    with pytest.raises(ValueError):
        register_event("NoDot", "bad")
