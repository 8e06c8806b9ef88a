"""The home-page section, the resident's personal-data export, deleting an account, the demo content."""
import io

import pytest
from django.core.management import call_command

from cms.services import user_delete_account, user_export_personal_data
from consultations.home_slot import render_open_consultations
from consultations.models import ConsultationPage, ConsultationResponse, ConsultationStatusNotice
from consultations.services import consultation_answer
from participation.models import Comment
from tests.consultations.conftest import valid_choices

pytestmark = pytest.mark.django_db


def test_home_slot_lists_open_consultations_only(rf, open_consultation, closed_consultation):
    html = render_open_consultations(rf.get("/"))
    assert open_consultation.title in html and closed_consultation.title not in html
    assert "Триває до" in html


def test_home_slot_is_empty_without_open_consultations(rf, closed_consultation):
    assert render_open_consultations(rf.get("/")) == ""


def test_answers_are_in_the_personal_data_export(open_consultation, resident):
    consultation_answer(consultation=open_consultation, user=resident, choices=valid_choices(open_consultation))
    exported = user_export_personal_data(user=resident)["consultation_answers"]
    assert [(item["question"], item["option"]) for item in exported] == [
        ("Що головне у сквері?", "Дитячий майданчик"), ("Що облаштувати першим?", "Освітлення"),
        ("Що облаштувати першим?", "Фонтанчик")]


def test_deleting_an_account_keeps_the_counts(open_consultation, resident):
    consultation_answer(consultation=open_consultation, user=resident, choices=valid_choices(open_consultation))
    user_delete_account(user=resident)
    response = ConsultationResponse.objects.get()
    assert response.user is None and response.answers.count() == 3


def test_demo_seed_is_idempotent_and_covers_every_stage(client, settings):
    settings.DEBUG = True  # demo accounts are created only in development
    call_command("seed_demo", "--news", "2", stdout=io.StringIO())
    before = (ConsultationPage.objects.count(), ConsultationResponse.objects.count(), Comment.objects.count(),
              ConsultationStatusNotice.objects.count())
    call_command("seed_demo", "--news", "2", stdout=io.StringIO())
    assert (ConsultationPage.objects.count(), ConsultationResponse.objects.count(), Comment.objects.count(),
            ConsultationStatusNotice.objects.count()) == before
    statuses = {page.status: page for page in ConsultationPage.objects.live()}
    assert set(statuses) == {"upcoming", "open", "report_published"}
    assert statuses["open"].questions.count() == 3 and statuses["open"].responses.exists()
    assert statuses["report_published"].proposals.count() == 4
    for page in statuses.values():
        assert client.get(page.url).status_code == 200
    assert client.get(statuses["open"].get_parent().url).status_code == 200
