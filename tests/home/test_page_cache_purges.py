"""The home page's sections are kept as one cached fragment ({% fragment "home" %}, cms.pagecache.cached_fragment):
a section that changes with the clock (the council's session slot going live at the session's start) must not be
served from that fragment past the moment it declared (changes_at), or the home page shows «Наступне засідання» for
another five minutes after the start, the page cache keeping the stale fragment again for its full lifetime. The
clock is moved by replacing django.utils.timezone.now, which the pages and both caches read."""
import datetime
import re

import pytest

# The council's session on the home page, two minutes before its start, and the clock the tests move.
from tests.council.test_session_status_cache import START_IN, clock, session  # noqa: F401  (fixtures)
from tests.page_cache import page_and_fragment_caches_on, page_cache_on  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_and_fragment_caches_on")]


def test_the_home_pages_session_slot_goes_live_at_the_start_with_fragments_on(client, session, clock):  # noqa: F811  (fixtures imported above)
    client.get("/")  # the first use starts the fragments' generation
    stored = client.get("/?utm_source=rada")  # another address renders the page again: the fragment is stored now
    assert stored["X-Page-Cache"] == "MISS" and "Наступне засідання" in stored.content.decode()
    assert client.get("/")["X-Page-Cache"] == "HIT"

    clock.move_to(session.start + datetime.timedelta(seconds=1))
    live = client.get("/")
    assert live["X-Page-Cache"] == "MISS" and "Наживо" in live.content.decode()
    assert "Наживо" in client.get("/?utm_source=rada").content.decode()


def test_a_page_built_from_the_stored_fragment_is_kept_only_until_the_start(client, session, clock):  # noqa: F811  (fixtures imported above)
    client.get("/")
    client.get("/?utm_source=rada")  # stores the fragment
    from_fragment = client.get("/?utm_medium=email")  # rendered again around the stored fragment
    assert from_fragment["X-Page-Cache"] == "MISS"
    # Neither the application's cache nor Varnish keeps it past the start (120 s away), not the 300 s default.
    s_maxage = int(re.search(r"s-maxage=(\d+)", from_fragment["Cache-Control"]).group(1))
    assert 0 < s_maxage <= START_IN.total_seconds()
