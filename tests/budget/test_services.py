"""The rules of the participatory budget, through budget.services on PostgreSQL."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from budget import services
from budget.models import (
    BallotRule,
    BudgetBallot,
    BudgetParticipation,
    BudgetProject,
    ProjectStatus,
    VoterProfile,
)
from participation.models import Notification
from tests.factories import UserFactory

from .conftest import DESCRIPTION, make_campaign, make_project, make_voter

pytestmark = pytest.mark.django_db


def refused(code, call, **kwargs):
    with pytest.raises(services.BudgetError) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


# Submission ------------------------------------------------------------------------------------------------

def submit(campaign, author, **overrides):
    category = campaign.categories.get(slug="mali")
    data = {"author": author, "campaign": campaign, "title": "Дитячий майданчик на Соборній",
            "description": DESCRIPTION, "category": category,
            "cost_items": [{"name": "Гойдалка", "quantity": 2, "unit_price": 15_000},
                           {"name": "Покриття", "quantity": 100, "unit_price": 400}],
            "address": "вул. Соборна, 12", "latitude": "49.5900", "longitude": "34.5600", "submit": True}
    data.update(overrides)
    return services.project_save(**data)


def test_submission_computes_the_cost_from_the_breakdown(budget_index, resident):
    campaign = make_campaign(budget_index, phase="submission")
    project = submit(campaign, resident)
    assert project.status == ProjectStatus.SUBMITTED
    assert project.cost == 2 * 15_000 + 100 * 400
    assert [item.total for item in project.cost_items.all()] == [30_000, 40_000]
    assert project.author_name == resident.full_name


@pytest.mark.parametrize(("items", "code"), [
    ([{"name": "Гойдалка", "quantity": 1, "unit_price": 5_000}], "cost_out_of_limits"),       # below the minimum
    ([{"name": "Сцена", "quantity": 3, "unit_price": 100_000}], "cost_out_of_limits"),        # above the maximum
    ([{"name": "Гойдалка", "quantity": "два", "unit_price": 15_000}], "invalid_costs"),
    ([{"name": "Гойдалка", "quantity": 0, "unit_price": 15_000}], "invalid_costs"),
    ([{"name": "", "quantity": 1, "unit_price": 15_000}], "invalid_costs"),
    ([], "invalid_costs"),
])
def test_a_cost_breakdown_that_does_not_add_up_or_breaks_the_limits_is_refused(budget_index, resident, items,
                                                                                 code):
    campaign = make_campaign(budget_index, phase="submission")
    error = refused(code, submit, campaign=campaign, author=resident, cost_items=items)
    assert error.message
    assert not BudgetProject.objects.exists()


def test_submission_only_during_the_submission_phase(budget_index, resident):
    campaign = make_campaign(budget_index, phase="review")
    refused("submission_closed", submit, campaign=campaign, author=resident)
    assert not BudgetProject.objects.exists()


def test_unverified_residents_cannot_submit(budget_index, unverified_resident):
    campaign = make_campaign(budget_index, phase="submission")
    refused("not_verified", submit, campaign=campaign, author=unverified_resident)


def test_location_needs_both_coordinates_in_range(budget_index, resident):
    campaign = make_campaign(budget_index, phase="submission")
    refused("invalid_location", submit, campaign=campaign, author=resident, latitude="49.59", longitude="")
    refused("invalid_location", submit, campaign=campaign, author=resident, latitude="148.4", longitude="35")


def test_coauthors_must_be_registered_residents(budget_index, resident):
    campaign = make_campaign(budget_index, phase="submission")
    refused("invalid_coauthor", submit, campaign=campaign, author=resident, coauthor_emails=["nobody@example.com"])
    friend = UserFactory()
    project = submit(campaign, resident, coauthor_emails=[friend.email.upper()])
    assert [c.user for c in project.coauthors.all()] == [friend]


def test_only_the_author_edits_and_withdraws_until_submission_ends(budget_index, resident):
    campaign = make_campaign(budget_index, phase="submission")
    project = submit(campaign, resident)
    other = UserFactory()
    refused("not_author", submit, campaign=campaign, author=other, project=project)
    refused("not_author", services.project_withdraw, project=project, author=other)
    project = submit(campaign, resident, project=project, title="Новий дитячий майданчик")
    assert project.title == "Новий дитячий майданчик"
    services.project_withdraw(project=project, author=resident)
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN
    later = datetime.timedelta(days=6)
    from django.utils import timezone
    draft = submit(campaign, resident, submit=False)
    refused("submission_closed", services.project_withdraw, project=draft, author=resident,
            now=timezone.now() + later)


# Review ----------------------------------------------------------------------------------------------------

def test_review_admits_with_a_corrected_cost_and_notifies_the_author(budget_index, commission,
                                                                     django_capture_on_commit_callbacks):
    campaign = make_campaign(budget_index, phase="review")
    project = make_project(campaign, campaign.categories.get(slug="mali"), status=ProjectStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.project_review(project=project, reviewer=commission, decision="admitted", corrected_cost=60_000,
                                checklist={"within_powers": True, "cost_realistic": True}, comments="Ціну уточнено.")
    project.refresh_from_db()
    assert project.status == ProjectStatus.ADMITTED and project.effective_cost == 60_000
    assert project.review.within_powers and not project.review.on_city_land
    assert Notification.objects.filter(user=project.author).count() == 1


def test_rejection_needs_a_reason_and_staff_rights(budget_index, commission, resident):
    campaign = make_campaign(budget_index, phase="review")
    project = make_project(campaign, campaign.categories.get(slug="mali"), status=ProjectStatus.SUBMITTED)
    refused("reason_required", services.project_review, project=project, reviewer=commission, decision="rejected")
    with pytest.raises(PermissionDenied):
        services.project_review(project=project, reviewer=resident, decision="admitted")
    services.project_review(project=project, reviewer=commission, decision="rejected", reason="Не комунальна земля")
    project.refresh_from_db()
    assert project.status == ProjectStatus.REJECTED and project.rejection_reason == "Не комунальна земля"


def test_admitting_checks_the_corrected_cost_against_the_limits(budget_index, commission):
    campaign = make_campaign(budget_index, phase="review")
    project = make_project(campaign, campaign.categories.get(slug="mali"), status=ProjectStatus.SUBMITTED)
    refused("cost_out_of_limits", services.project_review, project=project, reviewer=commission,
            decision="admitted", corrected_cost=900_000)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED and project.corrected_cost is None


# Voting ------------------------------------------------------------------------------------------------------

def test_a_ballot_is_stored_without_the_voter(voting_campaign, ballot_projects, voter):
    smalls, larges = ballot_projects
    ballot = services.ballot_cast(campaign=voting_campaign, user=voter,
                                  project_ids=[smalls[0].pk, smalls[1].pk, larges[0].pk])
    assert sorted(ballot.project_ids) == sorted([smalls[0].pk, smalls[1].pk, larges[0].pk])
    participation = BudgetParticipation.objects.get()
    assert participation.user == voter and participation.channel == "online" and participation.age_group
    field_names = {field.name for field in BudgetBallot._meta.get_fields()}
    assert not field_names & {"user", "participation", "person_key", "created_at"}
    assert services.my_ballot(campaign=voting_campaign, user=voter) == ballot
    assert services.my_ballot(campaign=voting_campaign, user=UserFactory()) is None


def test_voting_only_during_the_voting_phase(budget_index, voter):
    for phase in ("submission", "review", "counting", "results"):
        campaign = make_campaign(budget_index, phase=phase, year=2030 + len(phase))
        project = make_project(campaign, campaign.categories.get(slug="mali"))
        refused("voting_closed", services.ballot_cast, campaign=campaign, user=voter, project_ids=[project.pk])
    assert not BudgetBallot.objects.exists() and not BudgetParticipation.objects.exists()


def test_one_vote_per_person(voting_campaign, ballot_projects, voter):
    smalls, _ = ballot_projects
    services.ballot_cast(campaign=voting_campaign, user=voter, project_ids=[smalls[0].pk])
    refused("already_voted", services.ballot_cast, campaign=voting_campaign, user=voter, project_ids=[smalls[1].pk])
    assert BudgetBallot.objects.count() == 1 == BudgetParticipation.objects.count()


@pytest.mark.parametrize(("birth", "declared", "code"), [
    (datetime.date.today().replace(year=datetime.date.today().year - 10), True, "not_eligible"),
    (datetime.date(1990, 1, 1), False, "not_eligible"),
    (None, True, "birth_date_required"),
])
def test_ineligible_voters_are_refused(voting_campaign, ballot_projects, birth, declared, code):
    user = UserFactory()
    VoterProfile.objects.create(user=user, birth_date=birth, residency_declared=declared)
    refused(code, services.ballot_cast, campaign=voting_campaign, user=user, project_ids=[ballot_projects[0][0].pk])
    assert not BudgetBallot.objects.exists()


def test_verified_residency_and_identity_settings(voting_campaign, ballot_projects, voter):
    voting_campaign.residency = "verified"
    refused("not_eligible", services.ballot_cast, campaign=voting_campaign, user=voter,
            project_ids=[ballot_projects[0][0].pk])
    voting_campaign.residency, voting_campaign.identity_required = "declared", True
    refused("identity_required", services.ballot_cast, campaign=voting_campaign, user=voter,
            project_ids=[ballot_projects[0][0].pk])
    refused("not_verified", services.ballot_cast, campaign=voting_campaign, user=UserFactory(verified=False),
            project_ids=[ballot_projects[0][0].pk])


def test_approval_allows_at_most_n_projects(voting_campaign, ballot_projects, voter):
    smalls, larges = ballot_projects
    refused("too_many_projects", services.ballot_cast, campaign=voting_campaign, user=voter,
            project_ids=[p.pk for p in smalls])  # 4 > 3
    refused("too_many_projects", services.ballot_cast, campaign=voting_campaign, user=voter,
            project_ids=[p.pk for p in larges])  # 3 > 2
    services.ballot_cast(campaign=voting_campaign, user=voter, project_ids=[p.pk for p in smalls[:3]])


def test_knapsack_ballots_must_fit_the_category_fund(budget_index, voter):
    campaign = make_campaign(budget_index, knapsack_small=True)  # small fund: 40 % of 1 000 000
    small = campaign.categories.get(slug="mali")
    projects = [make_project(campaign, small, cost=cost) for cost in (200_000, 150_000, 100_000)]
    error = refused("over_budget", services.ballot_cast, campaign=campaign, user=voter,
                    project_ids=[p.pk for p in projects])
    assert "450 000" in error.message and "400 000" in error.message
    ballot = services.ballot_cast(campaign=campaign, user=voter, project_ids=[projects[0].pk, projects[1].pk])
    assert len(ballot.project_ids) == 2


def test_knapsack_uses_the_corrected_cost(budget_index, voter):
    campaign = make_campaign(budget_index, knapsack_small=True)
    small = campaign.categories.get(slug="mali")
    first = make_project(campaign, small, cost=150_000, corrected_cost=260_000)
    second = make_project(campaign, small, cost=150_000)
    refused("over_budget", services.ballot_cast, campaign=campaign, user=voter, project_ids=[first.pk, second.pk])


def test_minimum_projects_per_ballot(voting_campaign, ballot_projects, voter):
    category = voting_campaign.categories.get(slug="mali")
    category.min_projects = 2
    category.save()
    refused("too_few_projects", services.ballot_cast, campaign=voting_campaign, user=voter,
            project_ids=[ballot_projects[0][0].pk])


@pytest.mark.parametrize("ids", [[], [999_999], ["x"]])
def test_unknown_or_empty_choices_are_refused(voting_campaign, ballot_projects, voter, ids):
    with pytest.raises(services.BudgetError):
        services.ballot_cast(campaign=voting_campaign, user=voter, project_ids=ids)
    assert not BudgetBallot.objects.exists()


def test_projects_not_admitted_are_not_on_the_ballot(voting_campaign, small, voter):
    rejected = make_project(voting_campaign, small, status=ProjectStatus.REJECTED)
    refused("unknown_project", services.ballot_cast, campaign=voting_campaign, user=voter, project_ids=[rejected.pk])


# Paper ballots -----------------------------------------------------------------------------------------------

@pytest.fixture
def clerk(roles):
    from cms.roles import role_group

    user = UserFactory(full_name="Адміністраторка ЦНАП")
    user.groups.add(role_group("budget_commission"))
    return user


def test_paper_ballot_is_refused_after_an_online_vote_and_vice_versa(voting_campaign, ballot_projects, clerk):
    smalls, _ = ballot_projects
    online = make_voter(full_name="Коваленко Марія Петрівна")
    services.ballot_cast(campaign=voting_campaign, user=online, project_ids=[smalls[0].pk])
    refused("already_voted", services.ballot_cast_paper, campaign=voting_campaign, staff=clerk,
            full_name="  коваленко   марія петрівна ", birth_date=datetime.date(1990, 5, 17), document="АА123456",
            project_ids=[smalls[1].pk])
    services.ballot_cast_paper(campaign=voting_campaign, staff=clerk, full_name="Шевченко Олег Іванович",
                               birth_date=datetime.date(1980, 1, 2), document="АБ654321", service_centre="ЦНАП 1",
                               project_ids=[smalls[1].pk])
    paper_person = make_voter(full_name="Шевченко Олег Іванович")
    paper_person.budget_voter.birth_date = datetime.date(1980, 1, 2)
    paper_person.budget_voter.save()
    refused("already_voted", services.ballot_cast, campaign=voting_campaign, user=paper_person,
            project_ids=[smalls[0].pk])
    assert BudgetBallot.objects.count() == 2
    paper = BudgetParticipation.objects.get(channel="paper")
    assert paper.recorded_by == clerk and paper.document == "АБ654321"


def test_paper_ballots_need_the_right_and_an_identity(voting_campaign, ballot_projects, clerk, resident):
    smalls, _ = ballot_projects
    with pytest.raises(PermissionDenied):
        services.ballot_cast_paper(campaign=voting_campaign, staff=resident, full_name="Шевченко Олег Іванович",
                                   birth_date=datetime.date(1980, 1, 2), document="АБ1", project_ids=[smalls[0].pk])
    refused("invalid_identity", services.ballot_cast_paper, campaign=voting_campaign, staff=clerk, full_name="",
            birth_date=datetime.date(1980, 1, 2), document="АБ1", project_ids=[smalls[0].pk])
    assert not BudgetBallot.objects.exists()


# Results and implementation ----------------------------------------------------------------------------------

def test_results_mark_the_binding_methods_winners(budget_index):
    campaign = make_campaign(budget_index, phase="counting")
    small = campaign.categories.get(slug="mali")  # fund 400 000
    a, b, c = (make_project(campaign, small, cost=cost) for cost in (200_000, 250_000, 150_000))
    BudgetBallot.objects.bulk_create(
        [BudgetBallot(campaign=campaign, channel="online", project_ids=[b.pk]) for _ in range(5)]
        + [BudgetBallot(campaign=campaign, channel="online", project_ids=[a.pk, c.pk]) for _ in range(4)])
    services.results_compute(campaign=campaign)
    for project in (a, b, c):
        project.refresh_from_db()
    # Greedy: b (5 votes, 250 000), then a does not fit (200 000 > 150 000 left), c fits.
    assert (b.status, a.status, c.status) == (ProjectStatus.WINNER, ProjectStatus.NOT_SELECTED, ProjectStatus.WINNER)
    assert b.result.rank == 1 and b.result.votes == 5 and a.result.votes == 4


def test_results_are_not_counted_while_voting(voting_campaign):
    refused("results_not_ready", services.results_compute, campaign=voting_campaign)


def test_implementation_updates_track_winners(budget_index, commission):
    campaign = make_campaign(budget_index, phase="results")
    small = campaign.categories.get(slug="mali")
    winner = make_project(campaign, small, status=ProjectStatus.WINNER)
    loser = make_project(campaign, small, status=ProjectStatus.NOT_SELECTED)
    refused("invalid_state", services.implementation_update, project=loser, by=commission, text="x", progress=10,
            spent=0)
    refused("invalid_progress", services.implementation_update, project=winner, by=commission, text="Закупівля",
            progress=120, spent=0)
    services.implementation_update(project=winner, by=commission, text="Закупівля проведена", progress=40,
                                   spent=20_000, department="Управління благоустрою")
    winner.refresh_from_db()
    assert (winner.status, winner.progress, winner.spent) == (ProjectStatus.IMPLEMENTING, 40, 20_000)
    services.implementation_update(project=winner, by=commission, text="Готово", progress=100, spent=48_000)
    winner.refresh_from_db()
    assert winner.status == ProjectStatus.IMPLEMENTED and winner.updates.count() == 2


def test_category_rules_are_validated(voting_campaign, small):
    from django.core.exceptions import ValidationError

    small.ballot_rule, small.max_projects = BallotRule.APPROVAL, None
    with pytest.raises(ValidationError):
        small.clean()


def test_the_cost_on_the_ballot_is_frozen_once_voting_starts(voting_campaign, ballot_projects, commission):
    """Voters chose, and the knapsack was checked, with the cost on the ballot: the commission cannot change it
    (nor the decision) during voting; the cached ballot configuration relies on it."""
    project = ballot_projects[0][0]
    refused("invalid_state", services.project_review, project=project, reviewer=commission, corrected_cost=60_000)
    project.refresh_from_db()
    assert project.corrected_cost is None and project.effective_cost == 50_000
    # Comments and the checklist stay open; the same cost is not a change.
    services.project_review(project=project, reviewer=commission, comments="Уточнено кошторис", corrected_cost=None)


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {name for (name,) in cursor.fetchall()}


def test_a_vote_writes_only_the_indexes_something_reads():
    # Each ballot inserts a row in both tables; an index nothing reads only makes every vote slower.
    assert _indexes("budget_budgetballot") == {"budget_budgetballot_pkey", "budget_ballot_campaign_day",
                                               "budget_ballot_owner_tag"}
    assert _indexes("budget_budgetparticipation") == {
        "budget_budgetparticipation_pkey", "budget_one_vote_per_person", "budget_one_vote_per_account",
        "budget_budgetparticipation_user_id_b29814bc", "budget_participation_district", "budget_participation_clerk"}


@pytest.mark.parametrize(("column", "index"), [("district_id", "budget_participation_district"),
                                              ("recorded_by_id", "budget_participation_clerk"),
                                              ("campaign_id", "budget_one_vote_per_person")])
def test_deleting_a_district_account_or_campaign_finds_its_votes_by_an_index(column, index):
    # What Django's deletion (cascade or SET NULL) asks; the partial indexes hold only the rows where it is set.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT id FROM budget_budgetparticipation WHERE {column} IN (1, 2)")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
