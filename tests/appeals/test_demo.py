"""The demo appeals: the service catalogue and routing, about 60 appeals in every status, public and confidential,
with answers and ratings; seeding twice changes nothing."""
import io

import pytest
from django.core.management import call_command

from appeals.models import Appeal, Category, Service

pytestmark = pytest.mark.django_db


def test_demo_appeals_in_every_status_and_idempotent(client):
    out = io.StringIO()
    call_command("seed_demo", news=3, allow_demo_accounts=True, stdout=out)
    first = Appeal.objects.count()
    call_command("seed_demo", news=3, allow_demo_accounts=True, stdout=io.StringIO())
    assert Appeal.objects.count() == first and 55 <= first <= 65
    assert set(Appeal.objects.values_list("status", flat=True)) == set(Appeal.Status.values) - {"received"}
    assert Appeal.objects.filter(is_public=False).count() >= 10
    assert Appeal.objects.exclude(answer_text="").count() >= 30
    assert Appeal.objects.filter(satisfied=False).exists() and Appeal.objects.filter(satisfied=True).exists()
    assert Appeal.objects.exclude(deputy=None).exists() and Appeal.objects.filter(latitude__isnull=False).exists()
    assert Service.objects.count() >= 8 and Category.objects.filter(service__isnull=False).count() >= 10
    public = Appeal.objects.filter(is_public=True, status="answered").first()
    assert client.get(f"/zvernennia/{public.pk}/", HTTP_HOST="127.0.0.1").status_code == 200
    secret = Appeal.objects.filter(is_public=False).first()
    assert client.get(f"/zvernennia/{secret.pk}/", HTTP_HOST="127.0.0.1").status_code == 404
