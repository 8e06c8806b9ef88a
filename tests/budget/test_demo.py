"""The demo budget: a campaign in voting with ~40 admitted projects in two categories, a past campaign with
results and implementation; seeding twice changes nothing."""
import io

import pytest
from django.core.management import call_command

from budget.models import BudgetBallot, BudgetCampaignPage, BudgetProject, BudgetResult, ProjectStatus

pytestmark = pytest.mark.django_db


def test_demo_campaigns_and_idempotent(client):
    call_command("seed_demo", news=3, allow_demo_accounts=True, stdout=io.StringIO())
    counts = (BudgetProject.objects.count(), BudgetBallot.objects.count())
    call_command("seed_demo", news=3, allow_demo_accounts=True, stdout=io.StringIO())
    assert (BudgetProject.objects.count(), BudgetBallot.objects.count()) == counts
    voting = next(c for c in BudgetCampaignPage.objects.all() if c.phase() == "voting")
    admitted = voting.projects.filter(status=ProjectStatus.ADMITTED)
    assert 36 <= admitted.count() <= 44 and admitted.values("category").distinct().count() == 2
    past = next(c for c in BudgetCampaignPage.objects.all() if c.phase() == "results")
    assert BudgetResult.objects.filter(campaign=past).exists()
    assert past.projects.filter(status__in=[ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED]).exists()
    assert client.get(f"{voting.url}proiekty/").status_code == 200
    assert client.get(f"{past.url}rezultaty/").status_code == 200
