"""The events calendar moves an event from «Upcoming» to «Past» when it ends (or three hours after its start when its
end is not known): the calendar's lists and the home page's events section are kept by the page cache, and by the
home page's fragment, only until the next such move (cms.pagecache.changes_at, home.selectors.next_event_change,
first_move_to_past). Before, an event that had ended stayed «upcoming» for up to five minutes."""
import datetime

import pytest

from tests.clock import s_maxage
from tests.factories import EventIndexPageFactory, EventPageFactory
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
ENDS_IN = datetime.timedelta(minutes=2)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def calendar(home_page):
    home_page.sections = [("events", {"title": "Події", "count": 3})]
    home_page.save_revision().publish()
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def ending(calendar, clock):
    EventPageFactory(parent=calendar, title="Ярмарок меду", start=clock.now + datetime.timedelta(days=2))  # stays
    return EventPageFactory(parent=calendar, title="Толока в парку", start=clock.now - datetime.timedelta(hours=2),
                            end=clock.now + ENDS_IN)


@pytest.fixture(params=[False, True], ids=["fragments off", "fragments on"])
def fragments(request, settings):
    settings.FRAGMENT_CACHE_ENABLED = request.param


@pytest.mark.parametrize("address", ["upcoming", "past", "home"])
def test_an_event_moves_to_the_past_when_it_ends(client, calendar, ending, clock, fragments, address):
    url = {"upcoming": calendar.url, "past": f"{calendar.url}?period=past", "home": "/"}[address]
    shown_before = address != "past"
    client.get(url)  # with fragments on, the first use starts their generation; the next render stores them
    first = client.get(f"{url}{'&' if '?' in url else '?'}utm_source=test")
    assert ("Толока в парку" in first.content.decode()) is shown_before
    assert 0 < s_maxage(first) <= ENDS_IN.total_seconds() + 1  # not the 300 s default
    clock.move_to(ending.end - SECOND)
    assert ("Толока в парку" in cached_html(client, url)) is shown_before

    clock.move_to(ending.end + SECOND)
    html = fresh_html(client, url)
    assert ("Толока в парку" in html) is not shown_before
    if address == "home":  # the home page built around its stored fragment shows the move too
        assert "Толока в парку" not in fresh_html(client, "/?utm_medium=email")


def test_an_event_without_an_end_moves_three_hours_after_its_start(client, calendar, clock):
    event = EventPageFactory(parent=calendar, title="Концерт у сквері", start=clock.now - datetime.timedelta(hours=3)
                             + ENDS_IN)
    assert "Концерт у сквері" in client.get(calendar.url).content.decode()
    clock.move_to(event.start + datetime.timedelta(hours=3) - SECOND)
    assert "Концерт у сквері" in cached_html(client, calendar.url)

    clock.move_to(event.start + datetime.timedelta(hours=3) + SECOND)
    assert "Концерт у сквері" not in fresh_html(client, calendar.url)
