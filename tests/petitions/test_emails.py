"""Every e-mail of e-petitions (to the author, to the appeals office) reads well in Ukrainian and names the portal."""
import pytest
from django.core import mail

from petitions import services
from petitions.models import Petition
from tests.confirm import confirmed
from tests.emails import assert_reads_well

from .conftest import make_petition

pytestmark = pytest.mark.django_db
Status = Petition.Status


def test_publication_rejection_and_forwarding_e_mails_read_well(resident, category, petition_settings,
                                                                 petition_index, moderator,
                                                                 django_capture_on_commit_callbacks):
    first = make_petition(author=resident, category=category, status=Status.MODERATION)
    second = make_petition(author=resident, category=category, status=Status.MODERATION,
                           title="Освітлення на вулиці Садовій")
    failed = make_petition(author=resident, category=category, status=Status.NOT_SUPPORTED,
                           title="Лавки в парку Перемоги")
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_publish(petition=first, moderator=moderator)
        confirmed(services.petition_reject, petition=second, moderator=moderator, reason="unclear",
                  text="Не зрозуміло, яке рішення має ухвалити рада.")
        confirmed(services.petition_forward_as_appeal, petition=failed, by=moderator, note="Прошу розглянути")
    assert len(mail.outbox) == 4  # published, rejected, forwarded (the office and the author)
    for message in mail.outbox:
        assert_reads_well(message)
