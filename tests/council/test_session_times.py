"""Sessions go live and end by their scheduled times (a status set by hand wins), show where to watch from the
moment the stream is set, and offer the recording afterwards: on the page, the home slot, the list and the API."""
import datetime

import pytest
from django.utils import timezone

from sessions.models import SessionPage, SessionStatus

from .factories import SessionIndexPageFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
STREAM = "https://www.youtube.com/watch?v=abcdefghijk"
RECORDING = "https://www.youtube.com/watch?v=recording01"


@pytest.fixture
def sessions_index(home_page):
    return SessionIndexPageFactory(parent=home_page)


def add(index, *, start, end=None, status=SessionStatus.SCHEDULED, **fields):
    return SessionPageFactory(parent=index, start=start, end=end, status=status, **fields)


def hours(count):
    return timezone.now() + datetime.timedelta(hours=count)


def test_the_status_follows_the_clock_unless_set_by_hand():
    start = timezone.now()
    session = SessionPage(start=start, end=start + datetime.timedelta(hours=3), status=SessionStatus.SCHEDULED)
    assert session.current_status(start - datetime.timedelta(minutes=1)) == SessionStatus.SCHEDULED
    assert session.current_status(start) == SessionStatus.LIVE
    assert session.current_status(start + datetime.timedelta(hours=3)) == SessionStatus.HELD
    session.end = None  # without a planned end: six hours
    assert session.current_status(start + datetime.timedelta(hours=5, minutes=59)) == SessionStatus.LIVE
    assert session.current_status(start + datetime.timedelta(hours=6)) == SessionStatus.HELD
    session.status = SessionStatus.LIVE  # the session runs late: the manual status stays
    assert session.current_status(start + datetime.timedelta(hours=9)) == SessionStatus.LIVE
    session.status = SessionStatus.HELD  # it ended early
    assert session.current_status(start + datetime.timedelta(minutes=30)) == SessionStatus.HELD
    session.status = SessionStatus.POSTPONED
    assert session.current_status(start + datetime.timedelta(minutes=30)) == SessionStatus.POSTPONED


def test_an_upcoming_session_shows_where_to_watch(client, sessions_index):
    session = add(sessions_index, start=hours(48), stream_url=STREAM)
    html = client.get(session.url).content.decode()
    assert "Де дивитися" in html and STREAM in html and "youtube-nocookie.com/embed/abcdefghijk" in html
    assert "Заплановано" in html and "live-badge" not in html


def test_a_session_goes_live_at_its_start_without_anyone_flipping_a_switch(client, sessions_index, home_page):
    session = add(sessions_index, start=hours(-1), end=hours(2), stream_url=STREAM)
    html = client.get(session.url).content.decode()
    assert "live-badge" in html and "Пряма трансляція" in html and "Де дивитися" not in html
    api = client.get("/api/v3/council/sessions/", {"status": "live"}).json()
    assert [item["id"] for item in api["items"]] == [session.pk] and api["items"][0]["status"] == "live"
    assert client.get("/api/v3/council/sessions/", {"status": "scheduled"}).json()["items"] == []
    upcoming = client.get("/api/v3/council/sessions/", {"period": "upcoming"}).json()["items"]
    assert [item["id"] for item in upcoming] == [session.pk]


def test_after_the_planned_end_the_page_offers_the_recording(client, sessions_index):
    ended = add(sessions_index, start=hours(-5), end=hours(-1), stream_url=STREAM)
    html = client.get(ended.url).content.decode()
    assert "live-badge" not in html and "Відбулося" in html and "Запис" in html and STREAM in html
    ended.recording_url = RECORDING
    ended.save_revision().publish()
    html = client.get(ended.url).content.decode()
    assert "youtube-nocookie.com/embed/recording01" in html
    assert [item["status"] for item in client.get("/api/v3/council/sessions/", {"status": "held"}).json()[
        "items"]] == ["held"]


def test_a_status_set_by_hand_wins_over_the_clock(client, sessions_index):
    late = add(sessions_index, start=hours(-8), end=hours(-2), status=SessionStatus.LIVE, stream_url=STREAM)
    early = add(sessions_index, start=hours(-1), end=hours(3), status=SessionStatus.HELD, stream_url=STREAM)
    assert "live-badge" in client.get(late.url).content.decode()
    assert "live-badge" not in client.get(early.url).content.decode()
    live = client.get("/api/v3/council/sessions/", {"status": "live"}).json()["items"]
    assert [item["id"] for item in live] == [late.pk]


def test_the_end_must_follow_the_start():
    from django.core.exceptions import ValidationError

    session = SessionPage(title="1 сесія", start=hours(1), end=hours(0), status=SessionStatus.SCHEDULED)
    with pytest.raises(ValidationError) as error:
        session.clean()
    assert "end" in error.value.message_dict
