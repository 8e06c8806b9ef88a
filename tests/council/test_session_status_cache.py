"""A session's status turns over by the clock (scheduled → live → held); the anonymous page cache and the HTTP cache
in front keep a page showing it no longer than the next turnover: the session page, the sessions index and the home
page's session slot (cms.pagecache.changes_at, SessionPage.next_status_change). The clock is moved by replacing
django.utils.timezone.now, which both the pages and the cache read."""
import datetime

import pytest
from django.utils import timezone

from tests.clock import frozen_clock, s_maxage
from tests.council.factories import SessionIndexPageFactory, SessionPageFactory
from tests.page_cache import page_cache_on  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
START_IN = datetime.timedelta(minutes=2)


@pytest.fixture
def clock(monkeypatch):
    return frozen_clock(monkeypatch, timezone.now())  # these tests' moments are relative to the real time


@pytest.fixture
def session(home_page, clock):
    index = SessionIndexPageFactory(parent=home_page)
    home_page.sections = [("module", {"slot": "council_session"})]
    home_page.save_revision().publish()
    return SessionPageFactory(parent=index, title="Сорок сьома сесія", start=clock.now + START_IN,
                              end=clock.now + START_IN + datetime.timedelta(hours=3))


@pytest.mark.parametrize("address", ["session", "index", "home"])
def test_a_cached_page_turns_live_at_the_sessions_start(client, session, clock, address):
    url = {"session": session.url, "index": session.get_parent().url, "home": "/"}[address]
    upcoming = {"session": "Заплановано", "index": "Заплановано", "home": "Наступне засідання"}[address]
    first = client.get(url)
    assert first["X-Page-Cache"] == "MISS" and upcoming in first.content.decode()
    # Neither the application's cache nor Varnish keeps it past the start (120 s away), not the 300 s default.
    assert 0 < s_maxage(first) <= START_IN.total_seconds()
    assert client.get(url)["X-Page-Cache"] == "HIT"

    clock.move_to(session.start - datetime.timedelta(seconds=1))
    assert client.get(url)["X-Page-Cache"] == "HIT"  # a second before the start the stored copy still holds

    clock.move_to(session.start + datetime.timedelta(seconds=1))
    live = client.get(url)
    assert live["X-Page-Cache"] == "MISS" and "Наживо" in live.content.decode()
    assert s_maxage(live) == 300  # the end is three hours away: the usual lifetime again

    clock.move_to(session.scheduled_end + datetime.timedelta(seconds=1))
    after = client.get(url)
    assert after["X-Page-Cache"] == "MISS" and "Наживо" not in after.content.decode()


def test_pages_without_a_scheduled_turnover_keep_the_usual_lifetime(client, session, clock):
    session.status = "held"
    session.save_revision().publish()
    assert s_maxage(client.get(session.url)) == 300


def test_next_status_change_follows_the_schedule(session):
    start, end = session.start, session.scheduled_end
    assert session.next_status_change(start - datetime.timedelta(minutes=1)) == start
    assert session.next_status_change(start) == end
    assert session.next_status_change(end) is None
    session.status = "cancelled"
    assert session.next_status_change(start - datetime.timedelta(minutes=1)) is None
