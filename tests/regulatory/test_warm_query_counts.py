"""The register of regulatory acts, an act and a plan cost an anonymous reader a fixed handful of queries once
warm, however many acts, proposals and comments there are."""
import pytest

from participation.services import comment_post
from regulatory.models import Proposal
from regulatory.services import Status
from tests.factories import UserFactory
from tests.factories.regulatory import DepartmentFactory, RegulatoryActPageFactory, RegulatoryPlanPageFactory
from tests.warm_queries import assert_warm_queries

pytestmark = pytest.mark.django_db

# Measured: the route (2), the view restrictions once for every list of the page, the register's years,
# departments, count and rows; an act with its department, documents, proposals and reports (its discussion is a
# cached fragment for anonymous readers: participation_tags.discussion).
WARM = {"register": 8, "act": 5, "summarised act": 5, "plan": 3}


def test_regulatory_pages_cost_the_same_few_queries_for_3_and_15_acts(client, settings, register):
    settings.FRAGMENT_CACHE_ENABLED = True
    act = RegulatoryActPageFactory(parent=register, department=DepartmentFactory())
    summarised = RegulatoryActPageFactory(parent=register, status=Status.SUMMARISED)
    plan = RegulatoryPlanPageFactory(parent=register)
    urls = {"register": register.url, "act": act.url, "summarised act": summarised.url, "plan": plan.url}

    def grow(size: int) -> None:
        for _ in range(size):
            RegulatoryActPageFactory(parent=register, department=DepartmentFactory())
            comment_post(target=act, author=UserFactory(), body="Пропоную дозволити роботу до 23:00.")
            Proposal.objects.create(act=summarised, author="ГО «Підприємці міста»", text="Подовжити строк.",
                                    decision="accepted")

    grow(1)
    few = assert_warm_queries(client, urls, WARM)
    grow(12)

    assert assert_warm_queries(client, urls, WARM) == few
