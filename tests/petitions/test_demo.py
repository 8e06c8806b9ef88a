"""The demo petitions: every status, signatures that match the counts, answers; seeding twice changes nothing."""
import io

import pytest
from django.core.management import call_command

from petitions.models import Petition, Signature

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", news=3, stdout=out, **options)
    return out.getvalue()


def test_demo_petitions_in_every_status_and_idempotent(client):
    seed(allow_demo_accounts=True)
    first = (Petition.objects.count(), Signature.objects.count())
    seed(allow_demo_accounts=True)
    assert (Petition.objects.count(), Signature.objects.count()) == first
    assert 24 <= first[0] <= 30
    assert set(Petition.objects.values_list("status", flat=True)) == set(Petition.Status.values)
    for petition in Petition.objects.all():
        assert petition.signature_count == petition.signatures.filter(is_valid=True).count()
    assert Petition.objects.filter(status="answered").exclude(answer_text="").count() >= 3
    signer = Signature.objects.exclude(user=None).select_related("user").first().user
    assert not signer.has_usable_password()
    petition = Petition.objects.filter(status="collecting").first()
    response = client.get(petition.get_absolute_url(), HTTP_HOST="127.0.0.1")
    assert response.status_code == 200 and petition.title in response.content.decode()
