"""Sessions: the page with agenda, player and jump links, the calendar and its iCalendar feed, the home slot."""
import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from sessions.home_slot import render_session_slot
from sessions.models import AgendaItem, SessionIndexPage, SessionPage, SessionStatus
from sessions.models.meetings import jump_url, youtube_embed_url

from .factories import (
    DraftDecisionIndexPageFactory,
    DraftDecisionPageFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
)


@pytest.fixture
def sessions_index(home_page):
    return SessionIndexPageFactory(parent=home_page)


def test_page_tree_rules():
    assert SessionPage.allowed_parent_page_models() == [SessionIndexPage]
    assert SessionIndexPage.allowed_subpage_models() == [SessionPage]


@pytest.mark.parametrize(("url", "embed"), [
    ("https://www.youtube.com/watch?v=abcDEF12345", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
    ("https://youtu.be/abcDEF12345", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
    ("https://www.youtube.com/live/abcDEF12345?si=x", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
    ("https://stream.example.com/council", None),
])
def test_only_youtube_is_embedded_other_streams_get_a_link(url, embed):
    assert youtube_embed_url(url) == embed


def test_jump_links():
    assert jump_url("https://youtu.be/abcDEF12345", 3930) == "https://www.youtube.com/watch?v=abcDEF12345&t=3930s"
    assert jump_url("https://video.example.com/rec.mp4", 60) == "https://video.example.com/rec.mp4#t=60"


def test_session_page_shows_agenda_publication_rule_recording_and_jump_links(client, sessions_index, home_page,
                                                                           convocation):
    drafts = DraftDecisionIndexPageFactory(parent=home_page)
    start = timezone.make_aware(datetime.datetime(2026, 3, 26, 10, 0))
    in_time = DraftDecisionPageFactory(parent=drafts, registration_number="1/1",
                                       publication_date=datetime.date(2026, 3, 12))
    late = DraftDecisionPageFactory(parent=drafts, registration_number="2/1",
                                    publication_date=datetime.date(2026, 3, 13))
    session = SessionPageFactory.build(start=start, status=SessionStatus.HELD, convocation=convocation,
                                       recording_url="https://www.youtube.com/watch?v=abcDEF12345")
    session.agenda_items = [AgendaItem(title="Про бюджет", rapporteur="Ковальчук", draft=in_time,
                                       recording_start="1:05:30", sort_order=0),
                            AgendaItem(title="Про оренду", draft=late, sort_order=1)]
    sessions_index.add_child(instance=session)
    html = client.get(session.url).content.decode()
    assert "Про бюджет" in html and "Ковальчук" in html
    assert 'title="Запис: ' in html and "youtube-nocookie.com/embed/abcDEF12345" in html
    assert "https://www.youtube.com/watch?v=abcDEF12345&amp;t=3930s" in html
    assert "вчасно" in html and "пізніше, ніж потрібно" in html
    assert session.agenda_items.first().motion_uid == f"2026-03-26-plenary-{session.number}-1"


def test_a_live_session_shows_the_titled_player_and_a_plain_link(client, sessions_index):
    session = SessionPageFactory(parent=sessions_index, status=SessionStatus.LIVE,
                                 stream_url="https://stream.example.com/council")
    html = client.get(session.url).content.decode()
    assert "<iframe" not in html  # not YouTube: a link only
    assert 'href="https://stream.example.com/council"' in html
    session.stream_url = "https://youtu.be/abcDEF12345"
    session.save()
    html = client.get(session.url).content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abcDEF12345" title="Пряма трансляція: ' in html


def test_a_live_session_needs_a_stream(sessions_index):
    from django.core.exceptions import ValidationError

    session = SessionPageFactory(parent=sessions_index)
    session.status = SessionStatus.LIVE
    with pytest.raises(ValidationError):
        session.full_clean()


def test_calendar_lists_upcoming_and_past_and_bad_filters_are_400(client, sessions_index):
    SessionPageFactory(parent=sessions_index, title="Майбутня сесія")
    SessionPageFactory(parent=sessions_index, title="Минула сесія", status=SessionStatus.HELD,
                       start=timezone.now() - datetime.timedelta(days=30))
    html = client.get(sessions_index.url).content.decode()
    assert "Майбутня сесія" in html and "Минула сесія" not in html
    html = client.get(sessions_index.url, {"period": "past"}).content.decode()
    assert "Минула сесія" in html and "Майбутня сесія" not in html
    assert client.get(sessions_index.url, {"kind": "secret"}).status_code == 400
    assert client.get(sessions_index.url, {"page": "99"}).status_code == 404


def test_ical_feed(client, sessions_index):
    session = SessionPageFactory(parent=sessions_index, title="46 сесія")
    response = client.get(sessions_index.url + "ical/")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["46 сесія"]
    assert events[0].decoded("dtstart") == session.start.replace(microsecond=0)


def test_home_slot_shows_live_session_else_the_next_one(rf, sessions_index):
    request = rf.get("/")
    assert render_session_slot(request) == ""
    later = SessionPageFactory(parent=sessions_index, title="Пізніша сесія",
                               start=timezone.now() + datetime.timedelta(days=20))
    SessionPageFactory(parent=sessions_index, title="Найближча сесія")
    assert "Найближча сесія" in render_session_slot(request)
    later.status, later.stream_url = SessionStatus.LIVE, "https://youtu.be/abcDEF12345"
    later.save()
    html = render_session_slot(request)
    assert "Пізніша сесія" in html and "Наживо" in html


def test_home_page_shows_the_slot(client, sessions_index, home_page):
    SessionPageFactory(parent=sessions_index, title="Найближча сесія")
    home_page.sections = [("module", {"slot": "council_session"})]
    home_page.save()
    assert "Найближча сесія" in client.get("/").content.decode()
