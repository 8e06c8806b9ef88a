"""A consultation's status turns over by the clock (upcoming → open → closed): the anonymous page cache and the HTTP
cache in front keep a page showing it no longer than the next turnover (cms.pagecache.changes_at,
ConsultationPage.next_status_change, selectors.next_status_change): the consultation's page, the index and its open
data, the home page's section. Before, they showed «Триває» and the questionnaire for up to five minutes after the
end. The clock is moved by replacing django.utils.timezone.now, which the pages and the cache read."""
import datetime

import pytest
from django.utils import timezone

from tests.clock import frozen_clock, s_maxage
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

from .conftest import QUESTIONS, make_consultation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
ENDS_IN = datetime.timedelta(minutes=2)
OPEN, CLOSED = "consultation-status--open", "consultation-status--closed"


@pytest.fixture
def clock(monkeypatch):
    return frozen_clock(monkeypatch, timezone.now())  # these tests' moments are relative to the real time


@pytest.fixture
def closing(home_page, consultation_index, clock):
    home_page.sections = [("module", {"slot": "consultations"})]
    home_page.save_revision().publish()
    return make_consultation(consultation_index, title="Сквер на вулиці Липовій", questions=QUESTIONS,
                             start=clock.now - datetime.timedelta(days=10), end=clock.now + ENDS_IN)


@pytest.mark.parametrize("address", ["page", "index", "open_data", "home"])
def test_a_cached_page_shows_the_consultation_closed_at_its_end(client, closing, consultation_index, clock, address):
    url = {"page": closing.url, "index": consultation_index.url, "open_data": f"{consultation_index.url}dani/json/",
           "home": "/"}[address]
    shows_open = {"page": OPEN, "index": OPEN, "open_data": '"status": "open"', "home": "Сквер на вулиці Липовій"}
    first = client.get(url)
    assert first["X-Page-Cache"] == "MISS" and shows_open[address] in first.content.decode()
    # Neither the application's cache nor Varnish keeps it past the end (120 s away), not the 300 s default.
    assert 0 < s_maxage(first) <= ENDS_IN.total_seconds()
    clock.move_to(closing.end - datetime.timedelta(seconds=1))
    assert shows_open[address] in cached_html(client, url)  # a second before the end the stored copy still holds

    clock.move_to(closing.end + datetime.timedelta(seconds=1))
    html = fresh_html(client, url)
    assert shows_open[address] not in html
    if address == "page":
        assert CLOSED in html and "Результати опитування" in html


def test_an_upcoming_consultation_joins_the_open_filter_when_it_opens(client, consultation_index, clock):
    upcoming = make_consultation(consultation_index, title="Велодоріжка на Соборній",
                                 start=clock.now + datetime.timedelta(minutes=2),
                                 end=clock.now + datetime.timedelta(days=30))
    url = f"{consultation_index.url}?status=open"
    assert "Велодоріжка на Соборній" not in cached_html(client, url)
    clock.move_to(upcoming.start + datetime.timedelta(seconds=1))
    assert "Велодоріжка на Соборній" in fresh_html(client, url)
