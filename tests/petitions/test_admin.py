"""Admin of petitions: processing, bulk moderation, dashboard deadlines, bursts and invalidation, exports by role."""
import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions.models import Petition, Signature
from tests.factories import UserFactory, login_with_mfa

from .conftest import make_petition

pytestmark = pytest.mark.django_db
Status = Petition.Status


def edit_url(petition):
    return f"/admin/petitions/petitions/edit/{petition.pk}/"


def test_moderator_publishes_from_the_processing_page(client, resident, category, petition_settings, petition_index,
                                                      moderator):
    petition = make_petition(author=resident, category=category, status=Status.MODERATION)
    login_with_mfa(client, moderator)
    page = client.get(edit_url(petition))
    assert page.status_code == 200 and petition.title in page.content.decode()
    response = client.post(edit_url(petition), {"action": "publish"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.COLLECTING and petition.signature_count == 1


def test_moderator_rejects_with_a_reason_and_the_author_is_emailed(client, resident, category, petition_settings,
                                                                   petition_index, moderator,
                                                                   django_capture_on_commit_callbacks):
    petition = make_petition(author=resident, category=category, status=Status.MODERATION)
    login_with_mfa(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(petition), {"action": "reject", "reason": "duplicate", "text": "Така вже збирає підписи"})
    petition.refresh_from_db()
    assert petition.status == Status.REJECTED and petition.rejection_reason == "duplicate"
    assert mail.outbox[-1].to == [resident.email]


def test_secretary_answers_and_moderator_may_not(client, resident, category, petition_settings, petition_index,
                                                 moderator, secretary):
    petition = make_petition(author=resident, category=category, status=Status.CONSIDERATION)
    login_with_mfa(client, moderator)
    client.post(edit_url(petition), {"action": "answer", "outcome": "supported", "text": "Так"})
    petition.refresh_from_db()
    assert petition.status == Status.CONSIDERATION
    login_with_mfa(client, secretary)
    client.post(edit_url(petition), {"action": "answer", "outcome": "partly", "text": "Частково підтримано",
                                     "decision_url": "https://rada.example/proekty/7/"})
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED and petition.answer_outcome == "partly"


def test_bulk_publish_and_reject(client, resident, category, petition_settings, petition_index, moderator):
    first, second, third = (make_petition(author=resident, category=category, status=Status.MODERATION,
                                          title=f"Петиція {n}") for n in range(3))
    login_with_mfa(client, moderator)
    client.post("/admin/petitions/petitions/bulk/", {"action": "publish", "ids": [first.pk, second.pk]})
    client.post("/admin/petitions/petitions/bulk/", {"action": "reject", "ids": [third.pk], "reason": "unclear"})
    statuses = dict(Petition.objects.values_list("pk", "status"))
    assert statuses == {first.pk: Status.COLLECTING, second.pk: Status.COLLECTING, third.pk: Status.REJECTED}


def test_residents_and_other_roles_cannot_process(client, resident, category, petition_settings, petition_index):
    petition = make_petition(author=resident, category=category, status=Status.MODERATION)
    client.force_login(resident)
    assert client.post(edit_url(petition), {"action": "publish"}).status_code in (302, 403)
    petition.refresh_from_db()
    assert petition.status == Status.MODERATION


def test_index_filters_and_dashboard_deadlines(client, resident, category, petition_settings, petition_index,
                                               moderator):
    late = make_petition(author=resident, category=category, status=Status.MODERATION, title="Запізніла петиція",
                         publication_due=timezone.localdate() - datetime.timedelta(days=1))
    make_petition(author=resident, category=category, status=Status.MODERATION, title="Свіжа петиція")
    login_with_mfa(client, moderator)
    listing = client.get("/admin/petitions/petitions/", {"overdue": "true"}).content.decode()
    assert late.title in listing and "Свіжа петиція" not in listing
    dashboard = client.get("/admin/").content.decode()
    assert "petition-deadlines-title" in dashboard
    assert late.title in dashboard and "Свіжа петиція" in dashboard


def test_bursts_and_invalidation_by_the_secretariat(client, resident, category, petition_settings, petition_index,
                                                    secretary, moderator):
    petition = make_petition(author=resident, category=category, threshold=100, signatures=5)
    login_with_mfa(client, moderator)
    refused = client.get("/admin/petitions/bursts/")  # Wagtail turns PermissionDenied into a redirect + message
    assert refused.status_code in (302, 403) and "10.0.0.1" not in refused.content.decode()
    login_with_mfa(client, secretary)
    page = client.get("/admin/petitions/bursts/").content.decode()
    assert "10.0.0.1" in page and "example.com" in page
    client.post("/admin/petitions/bursts/", {"petition": petition.pk, "reason": "Сплеск з однієї адреси",
                                             "ip_address": "10.0.0.1"})
    petition.refresh_from_db()
    assert petition.signature_count == 0
    assert ModelLogEntry.objects.filter(action="petitions.invalidate").count() == 1


def test_signature_export_only_for_the_roles_that_process_them(client, resident, category, petition_settings,
                                                               petition_index, moderator, secretary):
    petition = make_petition(author=resident, category=category, signatures=2)
    url = f"/admin/petitions/signatures-export/?petition={petition.pk}"
    login_with_mfa(client, moderator)
    refused = client.get(url + "&format=csv")
    assert refused.status_code in (302, 403) and b"@" not in refused.content
    assert client.get("/admin/petitions/signatures/").status_code in (302, 403)
    login_with_mfa(client, secretary)
    response = client.get(url + "&format=csv")
    assert response.status_code == 200
    text = response.content.decode()
    assert all(email in text for email in petition.signatures.values_list("email", flat=True))
    xlsx = client.get(url + "&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3 and all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert ModelLogEntry.objects.filter(action="petitions.export").count() == 2
    assert client.get("/admin/petitions/signatures/").status_code == 200


def test_signature_exports_hold_no_live_formula(client, resident, category, petition_settings, petition_index,
                                               secretary):
    petition = make_petition(author=resident, category=category)
    signer = UserFactory()
    Signature.objects.create(petition=petition, user=signer, name="=1+2", email=signer.email)
    login_with_mfa(client, secretary)
    url = f"/admin/petitions/signatures-export/?petition={petition.pk}"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content)).active
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["'=1+2"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert ",'=1+2," in client.get(url + "&format=csv").content.decode()


def test_history_of_a_petition_is_in_the_audit_log(client, resident, category, petition_settings, petition_index,
                                                   moderator):
    petition = make_petition(author=resident, category=category, status=Status.MODERATION)
    login_with_mfa(client, moderator)
    client.post(edit_url(petition), {"action": "publish"})
    entry = ModelLogEntry.objects.get(action="petitions.status")
    assert entry.user == moderator and entry.data["to"] == "collecting"


def test_residents_drafts_stay_out_of_the_admin(client, resident, category, petition_settings, petition_index,
                                               moderator):
    """A draft is the resident's own until submitted: moderators neither list nor open it."""
    make_petition(author=resident, category=category, status=Status.MODERATION, title="Подана на модерацію петиція")
    draft = make_petition(author=resident, category=category, status=Status.DRAFT, title="Моя незавершена чернетка")
    login_with_mfa(client, moderator)
    listing = client.get("/admin/petitions/petitions/").content.decode()
    assert "Подана на модерацію петиція" in listing and "Моя незавершена чернетка" not in listing
    assert client.get(edit_url(draft)).status_code == 404


def test_non_ascii_digits_in_admin_parameters_are_refused_not_server_errors(
        client, resident, category, petition_settings, petition_index, secretary):
    petition = make_petition(author=resident, category=category, threshold=100, signatures=5)
    login_with_mfa(client, secretary)
    response = client.get("/admin/petitions/signatures-export/", {"petition": "²"})
    assert response.status_code == 302
    assert client.get("/admin/petitions/bursts/", {"hours": "²"}).status_code == 200
    response = client.post("/admin/petitions/bursts/", {"petition": "²", "reason": "Сплеск з однієї адреси",
                                                        "ip_address": "10.0.0.1"})
    assert response.status_code == 200
    assert "Виберіть петицію." in response.content.decode()
    petition.refresh_from_db()
    assert petition.signature_count == 5


def test_bulk_action_ignores_ids_that_are_not_database_ids(client, resident, category, petition_settings,
                                                           petition_index, moderator):
    petition = make_petition(author=resident, category=category, status=Status.MODERATION)
    login_with_mfa(client, moderator)
    response = client.post("/admin/petitions/petitions/bulk/", {"action": "publish", "ids": ["²", petition.pk]})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.COLLECTING
