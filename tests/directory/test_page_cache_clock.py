"""A place's «Open now» / «Closed now» turns over at an opening or a closing: the map's list (its badges, and what the
«open now» filter lists) and the place's page are kept by the page cache only until the next opening or closing of a
place they show (cms.pagecache.changes_at, directory.hours.next_change). Before, a pharmacy closed at midnight stayed
«Open now» for up to five minutes."""
import datetime

import pytest

from tests.clock import midnight, s_maxage
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

from .factories import CityObjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
SECOND = datetime.timedelta(seconds=1)
EVENINGS = {day: [["20:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
OPEN, CLOSED = "badge--open", "badge--closed"


@pytest.fixture
def pharmacy(directory_page, categories, clock):  # the clock stands at 23:58: open for two more minutes
    CityObjectFactory(category=categories["shkoly"], name="Школа № 5",
                      opening_hours={"mon": [["08:00", "17:00"]]})  # another place, closed all along
    return CityObjectFactory(category=categories["apteky"], name="Аптека на Садовій", opening_hours=EVENINGS)


@pytest.mark.parametrize("address", ["place", "map", "open_now"])
def test_a_place_closes_through_the_cache(client, directory_page, pharmacy, clock, address):
    url = {"place": pharmacy.get_absolute_url(), "map": directory_page.url,
           "open_now": f"{directory_page.url}?open_now=on"}[address]
    first = client.get(url)
    html = first.content.decode()
    assert "Аптека на Садовій" in html and OPEN in html
    assert 0 < s_maxage(first) <= 120  # kept until midnight, when it closes, not the 300 s default
    clock.move_to(midnight(clock) - SECOND)
    assert OPEN in cached_html(client, url)

    clock.move_to(midnight(clock) + SECOND)
    html = fresh_html(client, url)
    assert OPEN not in html
    if address == "open_now":
        assert "Аптека на Садовій" not in html
    else:
        assert CLOSED in html
