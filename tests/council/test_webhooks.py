"""The council tells webhook endpoints (cms.webhooks) when a decision is added to the register."""
import pytest

from cms.webhooks.events import event_choices
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.council.factories import DecisionIndexPageFactory, DecisionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(db):
    return WebhookEndpoint.objects.create(name="Фронтенд", url="https://front.example.org/hooks/", secret="s" * 32,
                                          events=["petition.published", "petition.answered", "decision.added"])


def test_the_registry_offers_the_modules_events():
    codes = {code for code, label in event_choices()}
    assert {"page.published", "petition.published", "petition.answered", "decision.added"} <= codes


def test_a_decision_is_added_once_at_its_first_publication(endpoint, home_page):
    decision = DecisionPageFactory(parent=DecisionIndexPageFactory(parent=home_page), live=False,
                                   first_published_at=None, last_published_at=None)
    decision.save_revision().publish()
    assert WebhookDelivery.objects.filter(event_type="decision.added").count() == 1

    decision.refresh_from_db()  # as the admin's edit view loads it
    decision.summary = "Уточнено"
    decision.save_revision().publish()

    (added,) = WebhookDelivery.objects.filter(event_type="decision.added")
    assert added.payload["object"]["id"] == decision.pk and added.payload["data"]["number"] == decision.number
