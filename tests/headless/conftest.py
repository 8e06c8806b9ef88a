"""The seeded demo city, built once for the module that asks for it and rolled back after it."""
import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--news", "3", "--no-users", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def openapi(client):
    return client.get("/api/v3/openapi.json").json()
