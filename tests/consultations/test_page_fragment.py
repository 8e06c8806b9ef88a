"""A consultation keeps what it shows anonymous readers (documents, report, questionnaire or its results) in a cached
fragment kept per status, and its discussion in another kept per closed state (cms.pagecache,
participation_tags.discussion): the clock opening or closing it, a published report and a new comment show at once."""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participation.models import Comment
from tests.clock import frozen_clock
from tests.consultations.conftest import DAY, QUESTIONS, make_consultation
from tests.factories import UserFactory
from tests.page_cache import html_from_stored_fragments, page_html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_only(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


@pytest.fixture
def clock(monkeypatch):
    return frozen_clock(monkeypatch, timezone.now())  # these tests' moments are relative to the real time




def test_the_questionnaire_opens_and_closes_and_a_report_and_a_comment_show_at_once(client, consultation_index,
                                                                                    clock):
    page = make_consultation(consultation_index, questions=QUESTIONS, start=clock.now + datetime.timedelta(minutes=2),
                             end=clock.now + DAY)
    shown = html_from_stored_fragments(client, page.url)
    assert "Опитування розпочнеться" in shown and "Увійдіть, щоб відповісти на опитування" not in shown

    clock.now = page.start + datetime.timedelta(seconds=1)
    shown = page_html(client, page.url)
    assert "Увійдіть, щоб відповісти на опитування" in shown and "Опитування розпочнеться" not in shown
    assert "Увійдіть, щоб коментувати" in shown

    html_from_stored_fragments(client, page.url)
    Comment.objects.create(content_type=ContentType.objects.get_for_model(page), object_id=page.pk,
                           author=UserFactory(), body="Додайте лавки біля дитячого майданчика")
    assert "Додайте лавки біля дитячого майданчика" in page_html(client, page.url)

    html_from_stored_fragments(client, page.url)
    clock.now = page.end + datetime.timedelta(seconds=1)
    shown = page_html(client, page.url)
    assert "Коментарі можна читати, але не додавати" in shown and "Увійдіть, щоб коментувати" not in shown

    assert "Звіт про результати" not in html_from_stored_fragments(client, page.url)
    page.report_summary = "<p>Звіт про результати обговорення.</p>"
    page.save_revision().publish()
    assert "Звіт про результати обговорення." in page_html(client, page.url)
