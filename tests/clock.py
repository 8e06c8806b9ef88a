"""A clock the tests move: django.utils.timezone.now replaced, which the pages, timezone.localdate and the page caches
read (the way the consultations' and the council's page-cache tests move time)."""
import datetime
import re

import pytest
from django.utils import timezone


class Clock:
    def __init__(self, now: datetime.datetime):
        self.now = now

    def move_to(self, moment: datetime.datetime) -> None:
        self.now = moment


def frozen_clock(monkeypatch, now: datetime.datetime) -> Clock:
    """A clock standing at ``now`` until moved, read by everything that asks ``timezone.now()``."""
    clock = Clock(now)
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def clock(monkeypatch):
    """The clock at 23:58 local time (Europe/Kyiv) today: a local midnight two minutes away."""
    today = timezone.localdate()
    return frozen_clock(monkeypatch, timezone.make_aware(datetime.datetime.combine(today, datetime.time(23, 58))))


def midnight(clock) -> datetime.datetime:
    """The next local midnight after the clock's time."""
    tomorrow = timezone.localdate(clock.now) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def s_maxage(response) -> int:
    """The lifetime the HTTP cache in front is given (what the application's cache keeps it too)."""
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))
