"""The demo content of regulatory acts: three acts at different stages, comments, the plan; idempotent."""
import io
import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from participation.models import Comment
from regulatory import demo
from regulatory.models import PlanItem, Proposal, RegulatoryActIndexPage, RegulatoryActPage, RegulatoryPlanPage
from regulatory.services import Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(home):
    command = SimpleNamespace(now=timezone.now(), random=random.Random(2026), stdout=io.StringIO())
    return demo.seed(home=home, command=command)


def test_without_demo_accounts_nobody_comments(home_page):
    run(home_page)
    assert RegulatoryActPage.objects.count() == 3 and not Comment.objects.exists()


def snapshot():
    return [model.objects.count() for model in (RegulatoryActIndexPage, RegulatoryActPage, RegulatoryPlanPage,
                                                PlanItem, Proposal, Comment)]


def test_demo_seeds_acts_at_three_stages_and_is_idempotent(client, home_page):
    UserFactory(email="resident@svitlohirsk.example")  # the demo accounts exist: residents comment
    menu = run(home_page)
    index = RegulatoryActIndexPage.objects.get()
    assert menu == [("Регуляторні акти", index)]
    acts = {act.status: act for act in RegulatoryActPage.objects.live()}
    assert set(acts) == {Status.CONSULTATION, Status.SUMMARISED, Status.TRACKING}
    assert acts[Status.CONSULTATION].comments_open
    assert Comment.objects.filter(regulatory_act=acts[Status.CONSULTATION]).count() == 2
    assert acts[Status.SUMMARISED].proposals.count() == 4
    assert [item.done for item in acts[Status.TRACKING].tracking_schedule] == [True, False, False]
    plan = RegulatoryPlanPage.objects.get()
    assert plan.year == timezone.localdate().year and plan.items.count() == 4
    before = snapshot()
    run(home_page)
    assert snapshot() == before
    for page in [index, plan, *acts.values()]:
        assert client.get(page.url).status_code == 200
