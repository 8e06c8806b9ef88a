"""Exact counts under concurrency on PostgreSQL: real threads, each with its own database connection."""

import pytest

from petitions import services
from petitions.models import Petition, PetitionStatusChange, Signature
from tests.concurrency import run_concurrently
from tests.factories import UserFactory

from .conftest import make_petition

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_call(petition_pk, user):
    return lambda: services.petition_sign(petition=Petition.objects.get(pk=petition_pk), user=user)


def test_n_concurrent_signers_give_exactly_n(resident, category, petition_settings):
    petition = make_petition(author=resident, category=category, threshold=1000)
    signers = UserFactory.create_batch(24)
    results = run_concurrently([sign_call(petition.pk, user) for user in signers])
    assert results == ["ok"] * 24
    petition.refresh_from_db()
    assert petition.signature_count == 24 == Signature.objects.filter(petition=petition).count()


def test_one_person_signing_at_once_from_many_tabs_counts_once(resident, category, petition_settings):
    petition = make_petition(author=resident, category=category, threshold=1000)
    signer = UserFactory()
    results = run_concurrently([sign_call(petition.pk, signer) for _ in range(8)])
    assert sorted(results) == ["already_signed"] * 7 + ["ok"]
    petition.refresh_from_db()
    assert petition.signature_count == 1 == Signature.objects.filter(petition=petition).count()


def test_threshold_reached_once_and_signing_stops_there(resident, category, petition_settings):
    petition = make_petition(author=resident, category=category, threshold=10)
    signers = UserFactory.create_batch(20)
    results = run_concurrently([sign_call(petition.pk, user) for user in signers])
    assert results.count("ok") == 10
    assert results.count("petition_not_collecting") == 10
    petition.refresh_from_db()
    assert petition.status == Petition.Status.CONSIDERATION
    assert petition.signature_count == 10 == Signature.objects.filter(petition=petition).count()
    assert PetitionStatusChange.objects.filter(petition=petition, to_status="consideration").count() == 1
