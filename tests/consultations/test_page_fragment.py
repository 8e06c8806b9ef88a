"""A consultation keeps what it shows anonymous readers (documents, report, questionnaire or its results) in a cached
fragment (cms.pagecache) kept per status: the clock opening it and a published report show at once; its discussion
stays outside the fragment."""
import datetime

import pytest
from django.utils import timezone

from tests.consultations.conftest import DAY, QUESTIONS, make_consultation
from tests.warm_queries import warm_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_only(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = timezone.now()

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def stored(client, url: str) -> str:
    """The page once its fragment is stored: the routing's two queries and the discussion's, nothing else."""
    queries = warm_queries(client, url)
    assert queries[2:] and all("participation_comment" in sql for sql in queries[2:]), queries
    return client.get(url).content.decode()


def test_the_questionnaire_opens_and_a_report_shows_at_once(client, consultation_index, clock):
    page = make_consultation(consultation_index, questions=QUESTIONS, start=clock.now + datetime.timedelta(minutes=2),
                             end=clock.now + DAY)
    shown = stored(client, page.url)
    assert "Опитування розпочнеться" in shown and "Увійдіть, щоб відповісти на опитування" not in shown

    clock.now = page.start + datetime.timedelta(seconds=1)
    shown = client.get(page.url).content.decode()
    assert "Увійдіть, щоб відповісти на опитування" in shown and "Опитування розпочнеться" not in shown

    clock.now = page.end + datetime.timedelta(seconds=1)
    assert "Звіт про результати" not in stored(client, page.url)
    page.report_summary = "<p>Звіт про результати обговорення.</p>"
    page.save_revision().publish()
    assert "Звіт про результати обговорення." in client.get(page.url).content.decode()
