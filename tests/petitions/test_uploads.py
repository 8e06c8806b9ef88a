"""Petition attachments: in private storage under random names, downloadable by the petition's visibility rule;
impostor files refused with a Ukrainian message."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions.models import Petition, PetitionAttachment
from tests.factories import UserFactory, login_with_mfa
from tests.factories.files import HTML_WITH_PDF_HEADER, pdf_bytes

from .conftest import TEXT

pytestmark = pytest.mark.django_db
Status = Petition.Status


def _save_draft(client, index, upload):
    return client.post(f"{index.url}nova/", {"title": "Освітлення парку Шевченка", "text": TEXT,
                                             "category": upload[1].pk, "action": "save", "attachments": upload[0]})


def test_an_html_file_with_a_pdf_header_is_refused_in_ukrainian_and_nothing_is_saved(client, resident, category,
                                                                                     petition_settings,
                                                                                     petition_index):
    client.force_login(resident)
    upload = SimpleUploadedFile("dokaz.pdf", HTML_WITH_PDF_HEADER, content_type="application/pdf")
    response = _save_draft(client, petition_index, (upload, category))
    assert response.status_code == 422
    assert "«dokaz.pdf» не є справжнім файлом PDF" in response.content.decode()
    assert not Petition.objects.exists() and not PetitionAttachment.objects.exists()


def test_a_drafts_attachment_is_private_random_named_and_follows_the_petitions_visibility(
        client, resident, category, petition_settings, petition_index, moderator):
    client.force_login(resident)
    content = pdf_bytes()
    upload = SimpleUploadedFile("Коваль Ірина — паспорт.pdf", content, content_type="application/pdf")
    assert _save_draft(client, petition_index, (upload, category)).status_code == 302
    attachment = PetitionAttachment.objects.get()
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / attachment.file.name
    assert stored.read_bytes() == content
    assert "паспорт" not in attachment.file.name and attachment.name == "Коваль Ірина — паспорт.pdf"
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    url = attachment.url
    assert url == f"/faily/petitions.petitionattachment/{attachment.pk}/"

    response = client.get(url)  # the author
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    login_with_mfa(client, moderator)
    assert client.get(url).status_code == 404  # an unsubmitted draft is the author's alone
    Petition.objects.update(status=Status.MODERATION)
    assert client.get(url).status_code == 200
    Petition.objects.update(status=Status.COLLECTING)
    client.logout()
    assert client.get(url).status_code == 200  # public with its petition
    assert client.get("/faily/petitions.petitionattachment/abc/").status_code == 404
    assert client.get("/faily/petitions.petition/1/").status_code == 404  # not a registered file
