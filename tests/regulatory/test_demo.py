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


def test_demo_acts_take_the_council_departments_without_duplicates(home_page):
    from sessions import demo as council_demo
    from sessions.models import Department
    from sessions.services import department_get_or_create

    for name, short in council_demo.DEPARTMENTS:  # what the council's demo seeds (it runs first)
        department_get_or_create(name=name, defaults={"short_name": short})
    Department.objects.filter(name="Управління освіти").update(name="управління  ОСВІТИ")
    before = Department.objects.count()
    run(home_page)
    run(home_page)
    assert Department.objects.count() == before
    council_names = {name for name, _short in council_demo.DEPARTMENTS}
    assert {act.department.name for act in RegulatoryActPage.objects.select_related("department")} <= council_names
    assert department_get_or_create(name=" Управління освіти ").name == "управління  ОСВІТИ"
    assert Department.objects.count() == before
