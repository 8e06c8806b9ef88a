"""Appeal steps leave as signed webhooks through the kernel's engine (cms.webhooks) to a real local receiver,
retried after a failure; a refused step sends nothing."""
import hashlib
import hmac
import json

import pytest

from appeals import services
from appeals.services import AppealError
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.webhooks.conftest import Receiver

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def document_system(receiver):
    return WebhookEndpoint.objects.create(name="СЕД", url=receiver.url, secret="s" * 32,
                                          events=["appeal.created", "appeal.answered"])


def verify(request, secret: str) -> dict:
    headers = request["headers"]
    expected = "sha256=" + hmac.new(secret.encode(), f"{headers['X-Portal-Timestamp']}.".encode() + request["body"],
                                    hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, headers["X-Portal-Signature"])
    return json.loads(request["body"])


def test_new_appeal_and_answer_reach_the_receiver_signed(document_system, receiver, resident, water_category,
                                                         appeal_index, water_executor,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(resident, water_category)
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(appeal=appeal, by=water_executor, text="Воду дали.")
    created, answered = (verify(request, document_system.secret) for request in receiver.requests)
    assert created["type"] == "appeal.created" and answered["type"] == "appeal.answered"
    assert created["data"]["appeal"]["number"] == appeal.number and created["data"]["to_status"] == "received"
    assert answered["data"]["appeal"]["answer_text"] == "Воду дали."
    assert created["object"] == {"type": "appeals.Appeal", "id": appeal.pk,
                                 "url": "http://testserver" + appeal.get_absolute_url()}
    assert receiver.requests[0]["headers"]["X-Portal-Event"] == "appeal.created"
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_failed_delivery_is_retried(document_system, receiver, resident, water_category, appeal_index,
                                      django_capture_on_commit_callbacks):
    receiver.script = [500]
    with django_capture_on_commit_callbacks(execute=True):
        submit(resident, water_category)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.next_attempt_at is not None and len(receiver.requests) == 1


def test_a_refused_step_sends_nothing(document_system, public_appeal, roads_executor):
    WebhookDelivery.objects.all().delete()
    with pytest.raises(AppealError):
        services.appeal_answer(appeal=public_appeal, by=roads_executor, text="Не наше")
    assert not WebhookDelivery.objects.exists()


def test_every_step_kind_is_a_registered_event():
    from cms.webhooks.events import event_choices

    codes = {code for code, _label in event_choices()}
    assert {"appeal.created", "appeal.status", "appeal.assigned", "appeal.extended", "appeal.answered",
            "appeal.rated", "appeal.external"} <= codes
