"""The public list of appeals, a public appeal and the statistics cost an anonymous reader a fixed handful of
queries once warm, however many appeals there are."""
import pytest

from tests.factories import UserFactory
from tests.warm_queries import assert_warm_queries

from .conftest import POINT, submit

pytestmark = pytest.mark.django_db

# Measured: the route (2), the filters' categories (the districts in use are kept), the list's count and rows (their
# category in the same query); the map's points: the route (2) and the points; an appeal with its category, service,
# photos and public steps; the statistics' figures.
WARM = {"appeals": 5, "points": 3, "appeal": 6, "statistics": 8}


def test_appeal_pages_cost_the_same_few_queries_for_2_and_14_appeals(client, settings, resident, water_category,
                                                                      appeal_index):
    settings.FRAGMENT_CACHE_ENABLED = True
    appeal = submit(resident, water_category, **POINT)
    urls = {"appeals": appeal_index.url, "points": f"{appeal_index.url}tochky/", "appeal": appeal.get_absolute_url(),
            "statistics": f"{appeal_index.url}statystyka/"}

    def grow(size: int) -> None:
        for _ in range(size):
            submit(UserFactory(), water_category, **POINT)  # one author's appeals are rate-limited

    grow(1)
    few = assert_warm_queries(client, urls, WARM)
    grow(12)

    assert assert_warm_queries(client, urls, WARM) == few
