"""A session still «Scheduled» ends by the clock and joins the past sessions: the past list does not show it before,
so nothing it shows declares that moment; it asks for the next end among the index's sessions
(sessions.selectors.next_session_end, changes_at). Before, the past list (and later pages of the upcoming one) kept
the ended session out for up to five minutes."""
import datetime

import pytest

from tests.clock import s_maxage
from tests.council.factories import SessionIndexPageFactory, SessionPageFactory
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
ENDS_IN = datetime.timedelta(minutes=2)
SECOND = datetime.timedelta(seconds=1)


def test_an_ended_session_joins_the_past_list_at_its_end(client, home_page, clock):
    index = SessionIndexPageFactory(parent=home_page)
    SessionPageFactory(parent=index, title="Сорок п'ята сесія", start=clock.now - datetime.timedelta(days=30),
                       end=clock.now - datetime.timedelta(days=30) + datetime.timedelta(hours=3))
    live = SessionPageFactory(parent=index, title="Сорок шоста сесія", start=clock.now - datetime.timedelta(hours=2),
                              end=clock.now + ENDS_IN)
    url = f"{index.url}?period=past"
    first = client.get(url)
    assert "Сорок шоста сесія" not in first.content.decode() and "Сорок п" in first.content.decode()
    assert 0 < s_maxage(first) <= ENDS_IN.total_seconds()  # not the 300 s default
    clock.move_to(live.end - SECOND)
    assert "Сорок шоста сесія" not in cached_html(client, url)

    clock.move_to(live.end + SECOND)
    assert "Сорок шоста сесія" in fresh_html(client, url)
