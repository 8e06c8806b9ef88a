"""The budget needs the index, a campaign in a chosen phase with two categories, admitted projects, eligible voters
and commission staff."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from budget.models import (
    BallotRule,
    BudgetCampaignPage,
    BudgetCategory,
    BudgetCostItem,
    BudgetIndexPage,
    BudgetProject,
    District,
    ProjectStatus,
    VoterProfile,
)
from cms.roles import role_group
from tests.factories import UserFactory, activate_totp

DESCRIPTION = ("Облаштувати дитячий майданчик у дворі будинків на вулиці Соборній: гойдалки, пісочниця, гумове "
               "покриття та лавки для батьків, щоб діти мікрорайону мали безпечне місце для ігор.")
DAY = datetime.timedelta(days=1)

PHASE_OFFSETS = {  # days from now: submission start/end, voting start/end, results
    "upcoming": (5, 10, 15, 20, 25),
    "submission": (-5, 5, 10, 20, 25),
    "review": (-10, -5, 5, 20, 25),
    "voting": (-20, -10, -1, 10, 15),
    "counting": (-30, -20, -10, -1, 5),
    "results": (-40, -30, -20, -10, -5),
}


@pytest.fixture
def budget_index(home_page):
    index = BudgetIndexPage(title="Громадський бюджет", slug="hromadskyi-biudzhet", intro="Бюджет участі міста.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_campaign(index, *, phase="voting", fund=1_000_000, year=2027, knapsack_small=False,
                  **fields) -> BudgetCampaignPage:
    now = timezone.now()
    offsets = [now + DAY * days for days in PHASE_OFFSETS[phase]]
    campaign = BudgetCampaignPage(
        title=f"Громадський бюджет {year}", slug=f"gb-{year}", year=year, fund=fund,
        submission_starts=offsets[0], submission_ends=offsets[1], voting_starts=offsets[2],
        voting_ends=offsets[3], results_at=offsets[4], min_age=14, **fields)
    campaign.categories = [
        BudgetCategory(name="Малі проєкти", slug="mali", share=Decimal("40"), min_cost=10_000, max_cost=200_000,
                       ballot_rule=BallotRule.KNAPSACK if knapsack_small else BallotRule.APPROVAL,
                       max_projects=None if knapsack_small else 3, sort_order=0),
        BudgetCategory(name="Великі проєкти", slug="velyki", share=Decimal("60"), min_cost=100_000,
                       max_cost=600_000, ballot_rule=BallotRule.APPROVAL, max_projects=2, sort_order=1),
    ]
    index.add_child(instance=campaign)
    campaign.save_revision().publish()
    return BudgetCampaignPage.objects.get(pk=campaign.pk)


@pytest.fixture
def district(db):
    return District.objects.create(name="Центральний", slug="tsentralnyi")


def make_project(campaign, category, *, author=None, cost=50_000, status=ProjectStatus.ADMITTED, title=None,
                 district=None, **fields) -> BudgetProject:
    author = author or UserFactory()
    project = BudgetProject.objects.create(
        campaign=campaign, category=category, title=title or f"Проєкт для міста {BudgetProject.objects.count() + 1}",
        description=DESCRIPTION, author=author, author_name=author.full_name, status=status, cost=cost,
        district=district, submitted_at=timezone.now(), **fields)
    BudgetCostItem.objects.create(project=project, name="Роботи", quantity=1, unit_price=cost)
    return project


@pytest.fixture
def voting_campaign(budget_index):
    return make_campaign(budget_index, phase="voting")


@pytest.fixture
def small(voting_campaign):
    return voting_campaign.categories.get(slug="mali")


@pytest.fixture
def large(voting_campaign):
    return voting_campaign.categories.get(slug="velyki")


@pytest.fixture
def ballot_projects(voting_campaign, small, large):
    smalls = [make_project(voting_campaign, small, cost=cost) for cost in (50_000, 100_000, 150_000, 200_000)]
    larges = [make_project(voting_campaign, large, cost=cost) for cost in (300_000, 400_000, 500_000)]
    return smalls, larges


def make_voter(**user_fields):
    user = UserFactory(**user_fields)
    VoterProfile.objects.create(user=user, birth_date=datetime.date(1990, 5, 17), residency_declared=True)
    return user


@pytest.fixture
def voter(db):
    return make_voter()


@pytest.fixture
def commission(roles):
    user = UserFactory(full_name="Членкиня комісії Оксана")
    user.groups.add(role_group("budget_commission"))
    activate_totp(user)
    return user
