"""A petition's «N days left to sign» counts down by the clock: its page, the list and the home page's section keep a
copy only until the first petition they show has a day fewer left (cms.pagecache.changes_at,
Petition.days_left_changes_at). Before, they showed a day too many for up to five minutes."""
import datetime

import pytest

from tests.clock import s_maxage
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)
from tests.petitions.conftest import make_petition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
TURNS_IN = datetime.timedelta(minutes=2)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def ending(home_page, resident, category, petition_settings, petition_index, clock):
    home_page.sections = [("module", {"slot": "petitions_active"})]
    home_page.save_revision().publish()
    # A day and two minutes left: «2 days»; «1 day» once less than a day and a second remain.
    return make_petition(author=resident, category=category, title="Світлофор на Садовій",
                         collection_ends_at=clock.now + datetime.timedelta(days=1) + TURNS_IN)


@pytest.mark.parametrize("address", ["page", "list", "home"])
def test_the_days_left_count_down_through_the_cache(client, ending, petition_index, clock, address):
    url = {"page": ending.get_absolute_url(), "list": petition_index.url, "home": "/"}[address]
    before, after = (("Для підпису лишилося 2 дні", "Для підпису лишився 1 день") if address == "page"
                     else ("лишилося 2 дні", "лишився 1 день"))
    first = client.get(url)
    assert first["X-Page-Cache"] == "MISS" and before in first.content.decode()
    assert 0 < s_maxage(first) <= TURNS_IN.total_seconds()  # not the 300 s default
    turnover = ending.collection_ends_at - datetime.timedelta(days=1)
    clock.move_to(turnover - 2 * SECOND)
    assert before in cached_html(client, url)

    clock.move_to(turnover + SECOND)
    html = fresh_html(client, url)
    assert before not in html and after in html
