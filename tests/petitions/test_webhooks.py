"""E-petitions tell webhook endpoints (cms.webhooks) when a petition is published or answered."""
import pytest

from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from petitions import services as petition_services
from petitions.models import Petition
from tests.confirm import confirmed
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(db):
    return WebhookEndpoint.objects.create(name="Фронтенд", url="https://front.example.org/hooks/", secret="s" * 32,
                                          events=["petition.published", "petition.answered", "decision.added"])


def test_publishing_and_answering_a_petition_are_events(endpoint, resident, category, petition_settings,
                                                        petition_index, moderator, secretary):
    petition = make_petition(author=resident, category=category, status=Petition.Status.MODERATION)
    petition_services.petition_publish(petition=petition, moderator=moderator)
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CONSIDERATION)
    petition.refresh_from_db()
    confirmed(petition_services.petition_answer, petition=petition, official=secretary, text="Перехід облаштують.",
                                      outcome="supported")

    published, answered = WebhookDelivery.objects.order_by("pk")
    assert published.event_type == "petition.published" and answered.event_type == "petition.answered"
    assert published.payload["object"] == {"type": "petitions.Petition", "id": petition.pk,
                                           "url": "http://testserver" + petition.get_absolute_url()}
    assert answered.payload["data"] == {"api_url": f"/api/v3/petitions/{petition.pk}/", "outcome": "supported"}


def test_a_refused_answer_sends_nothing(endpoint, resident, category, petition_settings, secretary):
    from petitions.services import PetitionError

    petition = make_petition(author=resident, category=category, status=Petition.Status.CONSIDERATION)
    with pytest.raises(PetitionError):
        confirmed(petition_services.petition_answer, petition=petition, official=secretary, text=" ",
                  outcome="supported")
    assert not WebhookDelivery.objects.exists()
