"""An annual plan of regulatory acts shows each planned act's status and links to its page: publishing the act with a
new status, or unpublishing it, reaches the plan's anonymous readers at once (RegulatoryActPage.cache_dependents),
not only the register that lists the act."""
import datetime

import pytest

from regulatory.models import PlanItem
from regulatory.services import Status
from tests.factories.regulatory import RegulatoryActPageFactory, RegulatoryPlanPageFactory
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

PUBLISHED_FOR_COMMENTS = "Проєкт оприлюднено для обговорення"


def test_the_plan_follows_its_acts_status_and_publication(client, register):
    act = RegulatoryActPageFactory(parent=register, title="Про режим роботи", status=Status.PLANNED)
    other_plan = RegulatoryPlanPageFactory(parent=register, year=2025)
    plan = RegulatoryPlanPageFactory(parent=register, year=2026)
    PlanItem.objects.create(plan=plan, sort_order=0, title="Режим роботи закладів", legal_act_title="Проєкт рішення",
                            objective="Тиша вночі", deadline=datetime.date(2026, 6, 30), act=act)
    assert PUBLISHED_FOR_COMMENTS not in cached_html(client, plan.url)
    cached_html(client, other_plan.url)

    act.status = Status.CONSULTATION
    act.save_revision().publish()
    assert PUBLISHED_FOR_COMMENTS in fresh_html(client, plan.url)
    assert client.get(other_plan.url)["X-Page-Cache"] == "HIT"  # a plan that does not list the act stays

    act_url, open_data = act.url, f"{plan.url}opendata/json/"
    assert f'href="{act_url}"' in cached_html(client, plan.url)
    assert act_url in cached_html(client, open_data)
    act.unpublish()
    assert f'href="{act_url}"' not in fresh_html(client, plan.url)
    assert act_url not in fresh_html(client, open_data)
