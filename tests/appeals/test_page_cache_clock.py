"""A public appeal's page counts the days left for the answer («лишився 1 день», then «прострочено»): the anonymous
page cache and the HTTP cache in front keep it only until the next local midnight (Europe/Kyiv), when the count
turns over (cms.pagecache.changes_at, next_local_midnight). Before, yesterday's count stayed for up to five
minutes."""
import datetime

import pytest

from appeals.models import Appeal
from tests.clock import midnight, s_maxage
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
SECOND = datetime.timedelta(seconds=1)


def test_the_days_left_for_the_answer_turn_over_at_midnight(client, clock, public_appeal):
    Appeal.objects.filter(pk=public_appeal.pk).update(due_date=clock.now.date() + datetime.timedelta(days=1))
    url = public_appeal.get_absolute_url()
    first = client.get(url)
    assert "лишився 1 день" in first.content.decode()
    assert 0 < s_maxage(first) <= 120  # kept until midnight, two minutes away, not the 300 s default
    clock.move_to(midnight(clock) - SECOND)
    assert "лишився 1 день" in cached_html(client, url)

    clock.move_to(midnight(clock) + SECOND)
    html = fresh_html(client, url)
    assert "лишився 1 день" not in html and "лишилося 0 днів" in html
