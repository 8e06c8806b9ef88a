"""A regulatory act's comment period and tracking deadlines are counted in days: «Залишився 1 день», the comment
form, «Зауваження приймаються до …» in the register and a tracking report «Прострочено» turn over at local midnight
(Europe/Kyiv). The anonymous page cache and the HTTP cache in front keep such a page only until that midnight
(cms.pagecache.changes_at, next_local_midnight); before, they showed yesterday's count for up to five minutes."""
import datetime

import pytest

from tests.clock import midnight, s_maxage
from tests.factories.regulatory import AdoptedActFactory, RegulatoryActPageFactory
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
SECOND = datetime.timedelta(seconds=1)


def test_the_acts_days_left_turn_over_at_midnight(client, register, clock):
    today = clock.now.date()
    act = RegulatoryActPageFactory(parent=register, comment_end=today + datetime.timedelta(days=1))
    first = client.get(act.url)
    assert "Залишився 1 день." in first.content.decode()
    assert 0 < s_maxage(first) <= 120  # kept until midnight, two minutes away, not the 300 s default
    clock.move_to(midnight(clock) - SECOND)
    assert "Залишився 1 день." in cached_html(client, act.url)

    clock.move_to(midnight(clock) + SECOND)
    html = fresh_html(client, act.url)
    assert "Залишився 1 день." not in html and "Залишилося 0 днів." in html


def test_the_register_stops_taking_comments_at_midnight(client, register, clock):
    RegulatoryActPageFactory(parent=register, title="Про паркування", comment_end=clock.now.date())
    assert "Зауваження приймаються до" in client.get(register.url).content.decode()
    clock.move_to(midnight(clock) - SECOND)
    assert "Зауваження приймаються до" in cached_html(client, register.url)

    clock.move_to(midnight(clock) + SECOND)
    html = fresh_html(client, register.url)
    assert "Про паркування" in html and "Зауваження приймаються до" not in html


def test_a_tracking_report_falls_overdue_at_midnight(client, register, clock):
    act = AdoptedActFactory(parent=register)
    due = act.tracking_schedule[0].due
    clock.move_to(timezone_at(due, datetime.time(23, 58)))
    assert "regulatory-overdue" not in client.get(act.url).content.decode()
    clock.move_to(midnight(clock) - SECOND)
    assert "regulatory-overdue" not in cached_html(client, act.url)

    clock.move_to(midnight(clock) + SECOND)
    assert "regulatory-overdue" in fresh_html(client, act.url)


def timezone_at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, time))
