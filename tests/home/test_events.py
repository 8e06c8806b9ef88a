"""The events calendar (upcoming and past) and its iCalendar feeds, for all events and for one."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from icalendar import Calendar

from tests.factories import EventPageFactory


def listed(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("ul.news-list li :is(h2, h3) a")]


def vevents(response):
    return [component for component in Calendar.from_ical(response.content).walk("VEVENT")]


@pytest.fixture
def events(event_index):
    now = timezone.now().replace(microsecond=0)
    return {
        "fair": EventPageFactory(parent=event_index, title="Ярмарок", start=now + datetime.timedelta(days=2),
                                 end=now + datetime.timedelta(days=2, hours=6), location_name="Центральна площа",
                                 address="пл. Незалежності", lead="Фермери пропонують свою продукцію."),
        "session": EventPageFactory(parent=event_index, title="Сесія ради", start=now + datetime.timedelta(days=9),
                                    location_name="Сесійна зала"),
        "running": EventPageFactory(parent=event_index, title="Толока", start=now - datetime.timedelta(hours=1),
                                    end=now + datetime.timedelta(hours=2)),
        "concert": EventPageFactory(parent=event_index, title="Концерт", start=now - datetime.timedelta(days=10),
                                    end=now - datetime.timedelta(days=10, hours=-2)),
        "festival": EventPageFactory(parent=event_index, title="Фестиваль", start=now - datetime.timedelta(days=30)),
        "old": EventPageFactory(parent=event_index, title="Давній захід", start=now - datetime.timedelta(days=400)),
        "draft": EventPageFactory(parent=event_index, title="Чернетка події", live=False,
                                  start=now + datetime.timedelta(days=1)),
    }


@pytest.mark.django_db
def test_calendar_lists_upcoming_and_running_events_soonest_first(client, event_index, events):
    response = client.get(event_index.url)

    assert response.status_code == 200
    assert listed(response) == ["Толока", "Ярмарок", "Сесія ради"]


@pytest.mark.django_db
def test_past_events_newest_first(client, event_index, events):
    response = client.get(event_index.url, {"period": "past"})

    assert response.status_code == 200
    assert listed(response) == ["Концерт", "Фестиваль", "Давній захід"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"period": "future"}, {"period": "'; drop"}, {"page": "x"}, {"page": "0"}])
def test_bad_filter_gets_a_friendly_400_page(client, event_index, events, query):
    response = client.get(event_index.url, query)

    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert listed(response) == []


@pytest.mark.django_db
def test_page_beyond_the_last_is_a_friendly_404(client, event_index, events):
    response = client.get(event_index.url, {"page": "2"})

    assert response.status_code == 404
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_ical_feed_of_the_calendar(client, event_index, events):
    response = client.get(f"{event_index.url}ical/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    by_summary = {str(event["SUMMARY"]): event for event in vevents(response)}
    # A year back and everything ahead; drafts never.
    assert set(by_summary) == {"Ярмарок", "Сесія ради", "Толока", "Концерт", "Фестиваль"}
    fair = by_summary["Ярмарок"]
    assert fair.decoded("DTSTART") == events["fair"].start
    assert fair.decoded("DTEND") == events["fair"].end
    assert str(fair["LOCATION"]) == "Центральна площа, пл. Незалежності"
    assert str(fair["DESCRIPTION"]) == "Фермери пропонують свою продукцію."
    assert str(fair["URL"]) == events["fair"].full_url
    uids = [str(event["UID"]) for event in by_summary.values()]
    assert len(set(uids)) == len(uids)
    assert str(fair["UID"]) == f"event-{events['fair'].pk}@testserver"


@pytest.mark.django_db
def test_ical_feed_of_one_event(client, events):
    session = events["session"]

    response = client.get(f"{session.url}ical/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="{session.slug}.ics"' in response["Content-Disposition"]
    (event,) = vevents(response)
    assert str(event["SUMMARY"]) == "Сесія ради"
    assert event.decoded("DTSTART") == session.start
    assert "DTEND" not in event  # no end time known
    assert str(event["LOCATION"]) == "Сесійна зала"
    assert str(event["UID"]) == f"event-{session.pk}@testserver"


@pytest.mark.django_db
def test_event_page_links_to_its_calendar_entry(client, events):
    response = client.get(events["fair"].url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Фермери пропонують свою продукцію." in html
    assert f'href="{events["fair"].url}ical/"' in html
