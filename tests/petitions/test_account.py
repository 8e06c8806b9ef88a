"""The resident's petitions in their data export, the home-page block, and what account deletion keeps."""
import json

import pytest

from cms.slots import render_home_slot
from petitions.models import Petition, Signature
from tests.factories import UserFactory

from .conftest import make_petition

pytestmark = pytest.mark.django_db


def test_personal_data_export_lists_petitions_and_signatures(client, resident, category, petition_settings,
                                                            petition_index):
    mine = make_petition(author=resident, category=category, title="Моя петиція про ліхтарі")
    other = make_petition(author=UserFactory(), category=category, threshold=100)
    Signature.objects.create(petition=other, user=resident, name=resident.full_name, email=resident.email)
    client.force_login(resident)
    data = json.loads(client.post("/account/export/").content)
    assert [item["title"] for item in data["petitions"]] == [mine.title]
    assert [item["petition_id"] for item in data["petition_signatures"]] == [other.pk]


def test_deleting_an_account_keeps_the_public_name_on_petitions_and_signatures(resident, category,
                                                                               petition_settings):
    petition = make_petition(author=resident, category=category, threshold=100)
    signer = UserFactory()
    Signature.objects.create(petition=petition, user=signer, name=signer.full_name, email=signer.email)
    resident.delete()
    signer.delete()
    petition.refresh_from_db()
    assert petition.author is None and petition.author_name
    assert Signature.objects.get().name == signer.full_name


def test_home_page_block_shows_collecting_petitions(rf, resident, category, petition_settings, petition_index):
    make_petition(author=resident, category=category, title="Сквер на Покровській", signatures=2)
    make_petition(author=resident, category=category, title="Відповідь уже є", status=Petition.Status.ANSWERED)
    html = str(render_home_slot("petitions_active", rf.get("/")))
    assert "Сквер на Покровській" in html and "Відповідь уже є" not in html
