"""Exactly-once voting under concurrency on PostgreSQL: real threads, each with its own database connection."""
import datetime

import pytest

from budget import services
from budget.models import BudgetBallot, BudgetCampaignPage, BudgetParticipation
from cms.roles import role_group
from tests.concurrency import run_concurrently
from tests.factories import UserFactory

from .conftest import make_voter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def cast(campaign_pk, user, ids):
    return lambda: services.ballot_cast(campaign=BudgetCampaignPage.objects.get(pk=campaign_pk), user=user,
                                        project_ids=ids)


def test_one_voter_submitting_from_many_tabs_gets_one_ballot(voting_campaign, ballot_projects):
    smalls, _ = ballot_projects
    voter = make_voter()
    results = run_concurrently([cast(voting_campaign.pk, voter, [smalls[i % 3].pk]) for i in range(8)])
    assert sorted(results) == ["already_voted"] * 7 + ["ok"]
    assert BudgetBallot.objects.count() == 1 == BudgetParticipation.objects.count()


def test_many_voters_at_once_all_count(voting_campaign, ballot_projects):
    smalls, larges = ballot_projects
    voters = [make_voter() for _ in range(16)]
    results = run_concurrently([cast(voting_campaign.pk, voter, [smalls[0].pk, larges[0].pk]) for voter in voters])
    assert results == ["ok"] * 16
    assert BudgetBallot.objects.count() == 16 == BudgetParticipation.objects.count()


def test_paper_and_online_at_the_same_moment_give_one_ballot(voting_campaign, ballot_projects):
    smalls, _ = ballot_projects
    clerk = UserFactory(full_name="Адміністраторка ЦНАП")
    from cms.roles import setup_roles

    setup_roles()
    clerk.groups.add(role_group("budget_commission"))
    voter = make_voter(full_name="Бондар Ганна Олексіївна")

    def paper():
        services.ballot_cast_paper(campaign=BudgetCampaignPage.objects.get(pk=voting_campaign.pk), staff=clerk,
                                   full_name="Бондар Ганна Олексіївна", birth_date=datetime.date(1990, 5, 17),
                                   document="АА000001", project_ids=[smalls[1].pk])

    results = run_concurrently([cast(voting_campaign.pk, voter, [smalls[0].pk]), paper] * 3)
    assert sorted(results) == ["already_voted"] * 5 + ["ok"]
    assert BudgetBallot.objects.count() == 1 == BudgetParticipation.objects.count()
