"""The council's demo content: complete, consistent and idempotent."""
import random
from collections import Counter
from io import StringIO
from types import SimpleNamespace

from django.utils import timezone

from sessions import demo
from sessions.geo import district_containing
from sessions.models import (
    AddressRecord,
    DecisionPage,
    DeputyPage,
    DraftDecisionPage,
    ElectoralDistrict,
    SessionPage,
    SessionStatus,
    VoteEvent,
    VoteRecord,
)
from sessions.models.votes import TOTAL_FIELDS


def test_demo_council_is_consistent_and_idempotent(home_page):
    command = SimpleNamespace(random=random.Random(2026), now=timezone.now(), stdout=StringIO())
    menu = demo.seed(home=home_page, command=command)
    assert [label for label, _page in menu] == ["Депутати", "Засідання", "Рішення"]
    assert DeputyPage.objects.live().count() == 36
    assert DeputyPage.objects.filter(faction__isnull=False).count() == 34
    assert SessionPage.objects.count() == 10
    assert DraftDecisionPage.objects.count() == 50 and DecisionPage.objects.exists()
    # The next session can be switched live: it is scheduled and has its stream address.
    upcoming = SessionPage.objects.get(status=SessionStatus.SCHEDULED)
    assert upcoming.stream_url
    # Districts cover the city box without gaps: every house of the register lies in a district.
    west, south, east, north = demo.CITY_BOX
    districts = ElectoralDistrict.objects.all()
    for fraction in (0.1, 0.5, 0.9):
        assert district_containing(districts, longitude=west + (east - west) * fraction,
                                   latitude=south + (north - south) * fraction) is not None
    assert AddressRecord.objects.count() > 100
    # Every vote: one record per deputy and totals equal to the records.
    for event in VoteEvent.objects.all():
        counts = Counter(event.records.values_list("choice", flat=True))
        assert sum(counts.values()) == 36
        assert all(getattr(event, field) == counts[choice] for choice, field in TOTAL_FIELDS.items())
    snapshot = (DeputyPage.objects.count(), SessionPage.objects.count(), VoteRecord.objects.count(),
                AddressRecord.objects.count(), DecisionPage.objects.count())
    demo.seed(home=home_page, command=command)
    assert snapshot == (DeputyPage.objects.count(), SessionPage.objects.count(), VoteRecord.objects.count(),
                        AddressRecord.objects.count(), DecisionPage.objects.count())
