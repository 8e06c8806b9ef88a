"""The budget API through real HTTP: problem documents with stable codes, nothing saved on refusal, bounded
queries on lists, secrecy of ballots."""
import datetime

import pytest
from wagtail.models import APIToken

from budget.models import BudgetBallot, BudgetParticipation, BudgetProject, ProjectStatus, VoterProfile
from tests.factories import UserFactory

from .conftest import DESCRIPTION, make_campaign, make_project, make_voter

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=user, name='test')[1]}"}


def post(client, url, data, user):
    return client.post(url, data, content_type="application/json", **bearer(user))


def test_campaign_and_projects_are_public(client, voting_campaign, ballot_projects, django_assert_max_num_queries):
    response = client.get("/api/v3/budget/campaigns/")
    assert response.status_code == 200 and response.json()["items"][0]["phase"] == "voting"
    detail = client.get(f"/api/v3/budget/campaigns/{voting_campaign.pk}/").json()
    assert [c["slug"] for c in detail["categories"]] == ["mali", "velyki"]
    assert detail["categories"][0]["fund"] == 400_000
    for _ in range(20):
        make_project(voting_campaign, ballot_projects[0][0].category)
    with django_assert_max_num_queries(8):
        listing = client.get(f"/api/v3/budget/campaigns/{voting_campaign.pk}/projects/?limit=50")
    assert listing.json()["count"] == 27
    small = client.get(f"/api/v3/budget/campaigns/{voting_campaign.pk}/projects/?category=mali&limit=50").json()
    assert small["count"] == 24


def test_projects_not_public_are_404(client, voting_campaign, small):
    draft = make_project(voting_campaign, small, status=ProjectStatus.SUBMITTED)
    response = client.get(f"/api/v3/budget/projects/{draft.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/api/v3/budget/projects/99999999999999999999/").status_code in (404, 422)


def test_ballot_through_the_api_and_my_ballot(client, voting_campaign, ballot_projects):
    smalls, larges = ballot_projects
    voter = make_voter()
    url = f"/api/v3/budget/campaigns/{voting_campaign.pk}/ballot/"
    response = post(client, url, {"project_ids": [smalls[0].pk, larges[1].pk]}, voter)
    assert response.status_code == 201, response.content
    ballot_id = response.json()["ballot_id"]
    again = post(client, url, {"project_ids": [smalls[1].pk]}, voter)
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    assert again["Content-Type"] == "application/problem+json"
    mine = client.get(f"/api/v3/budget/campaigns/{voting_campaign.pk}/my-ballot/", **bearer(voter)).json()
    assert mine["ballot_id"] == ballot_id and sorted(mine["project_ids"]) == sorted([smalls[0].pk, larges[1].pk])
    other = make_voter()
    assert client.get(f"/api/v3/budget/campaigns/{voting_campaign.pk}/my-ballot/",
                      **bearer(other)).status_code == 404


def test_a_ballot_costs_two_queries(client, voting_campaign, ballot_projects, django_assert_max_num_queries):
    """The token with its account, verified e-mail and the voter's profile in one statement, the vote
    (participation and ballot) in another: the campaign, its categories and projects come from the cached ballot
    configuration."""
    smalls, larges = ballot_projects
    url = f"/api/v3/budget/campaigns/{voting_campaign.pk}/ballot/"
    assert post(client, url, {"project_ids": [smalls[0].pk]}, make_voter()).status_code == 201  # fills the cache
    voter = make_voter()
    headers = bearer(voter)
    with django_assert_max_num_queries(2):
        response = client.post(url, {"project_ids": [smalls[1].pk, larges[0].pk]}, content_type="application/json",
                               **headers)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json; charset=utf-8"
    ballot = BudgetBallot.objects.get(pk=response.json()["ballot_id"])
    assert response.json() == {"ballot_id": str(ballot.pk), "campaign_id": voting_campaign.pk,
                               "cast_on": ballot.cast_on.isoformat(),
                               "project_ids": sorted([smalls[1].pk, larges[0].pk])}
    assert BudgetBallot.objects.count() == 2 == BudgetParticipation.objects.count()
    with django_assert_max_num_queries(2):  # a refusal costs no more
        again = client.post(url, {"project_ids": [smalls[2].pk]}, content_type="application/json", **headers)
    assert again.json()["code"] == "already_voted"


def test_the_profile_read_with_the_token_decides_eligibility(client, voting_campaign, ballot_projects):
    """The voter's profile comes with the token's statement: no profile, no birth date or too young are refused
    as when the service reads the profile itself, and nothing is stored."""
    smalls, _larges = ballot_projects
    url = f"/api/v3/budget/campaigns/{voting_campaign.pk}/ballot/"
    no_profile = UserFactory()
    assert post(client, url, {"project_ids": [smalls[0].pk]}, no_profile).json()["code"] == "birth_date_required"
    young = make_voter()
    VoterProfile.objects.filter(user=young).update(birth_date=datetime.date.today() - datetime.timedelta(days=3650))
    assert post(client, url, {"project_ids": [smalls[0].pk]}, young).json()["code"] == "not_eligible"
    assert BudgetBallot.objects.count() == 0 == BudgetParticipation.objects.count()


def test_a_browser_ballot_needs_its_session_and_csrf_token(voting_campaign, ballot_projects,
                                                           django_assert_max_num_queries):
    """A session (a cookie) goes the browser's way, with CSRF: refused without the token, counted with it; the
    service reads the profile itself then."""
    from django.conf import settings
    from django.test import Client

    from budget.ballot_config import ballot_config

    smalls, _larges = ballot_projects
    url = f"/api/v3/budget/campaigns/{voting_campaign.pk}/ballot/"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_voter())
    refused = browser.post(url, {"project_ids": [smalls[0].pk]}, content_type="application/json")
    assert refused.status_code in (401, 403)
    assert BudgetBallot.objects.count() == 0
    secret = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6"  # the CSRF cookie a page of the portal gives the browser
    browser.cookies[settings.CSRF_COOKIE_NAME] = secret
    ballot_config(voting_campaign.pk)  # cached, as during voting
    with django_assert_max_num_queries(5):  # the session, its user, the verified e-mail, the profile, the vote
        response = browser.post(url, {"project_ids": [smalls[0].pk]}, content_type="application/json",
                                HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201, response.content
    assert BudgetBallot.objects.count() == 1 == BudgetParticipation.objects.count()


def test_the_cached_ballot_follows_changes_of_the_campaign(client, voting_campaign, ballot_projects):
    smalls, larges = ballot_projects
    url = f"/api/v3/budget/campaigns/{voting_campaign.pk}/ballot/"
    assert post(client, url, {"project_ids": [smalls[0].pk]}, make_voter()).status_code == 201
    larges[0].status = ProjectStatus.REJECTED  # (a test shortcut: the review freezes decisions during voting)
    larges[0].save()
    response = post(client, url, {"project_ids": [larges[0].pk]}, make_voter())
    assert response.status_code == 422 and response.json()["code"] == "unknown_project"
    small = voting_campaign.categories.get(slug="mali")
    small.max_projects = 1
    small.save()
    response = post(client, url, {"project_ids": [smalls[0].pk, smalls[1].pk]}, make_voter())
    assert response.status_code == 422 and response.json()["code"] == "too_many_projects"
    voting_campaign.unpublish()
    response = post(client, url, {"project_ids": [smalls[0].pk]}, make_voter())
    assert response.status_code == 404
    assert BudgetBallot.objects.count() == 1


@pytest.mark.parametrize(("choose", "code", "status"), [
    (lambda smalls, larges: [p.pk for p in smalls], "too_many_projects", 422),
    (lambda smalls, larges: [], "empty_ballot", 422),
    (lambda smalls, larges: [123456789], "unknown_project", 422),
])
def test_bad_ballots_are_refused_with_codes(client, voting_campaign, ballot_projects, choose, code, status):
    voter = make_voter()
    response = post(client, f"/api/v3/budget/campaigns/{voting_campaign.pk}/ballot/",
                    {"project_ids": choose(*ballot_projects)}, voter)
    assert response.status_code == status and response.json()["code"] == code
    assert response.json()["detail"]
    assert not BudgetBallot.objects.exists() and not BudgetParticipation.objects.exists()


@pytest.mark.parametrize("choose", [lambda smalls: [True], lambda smalls: [str(smalls[0].pk)],
                                    lambda smalls: [float(smalls[0].pk)]])
def test_a_ballot_names_projects_by_whole_numbers_only(client, voting_campaign, ballot_projects, choose):
    smalls, _larges = ballot_projects
    response = post(client, f"/api/v3/budget/campaigns/{voting_campaign.pk}/ballot/",
                    {"project_ids": choose(smalls)}, make_voter())
    assert response.status_code == 422 and response.json()["code"] == "validation_failed"
    assert not BudgetBallot.objects.exists() and not BudgetParticipation.objects.exists()


def test_over_budget_and_voting_closed_codes(client, budget_index):
    knapsack = make_campaign(budget_index, knapsack_small=True)
    small = knapsack.categories.get(slug="mali")
    projects = [make_project(knapsack, small, cost=200_000) for _ in range(3)]
    voter = make_voter()
    response = post(client, f"/api/v3/budget/campaigns/{knapsack.pk}/ballot/",
                    {"project_ids": [p.pk for p in projects]}, voter)
    assert response.json()["code"] == "over_budget"
    closed = make_campaign(budget_index, phase="review", year=2031)
    response = post(client, f"/api/v3/budget/campaigns/{closed.pk}/ballot/", {"project_ids": [projects[0].pk]}, voter)
    assert response.status_code == 409 and response.json()["code"] == "voting_closed"


def test_not_eligible_and_anonymous(client, voting_campaign, ballot_projects):
    url = f"/api/v3/budget/campaigns/{voting_campaign.pk}/ballot/"
    young = make_voter()
    young.budget_voter.birth_date = datetime.date.today().replace(year=datetime.date.today().year - 12)
    young.budget_voter.save()
    response = post(client, url, {"project_ids": [ballot_projects[0][0].pk]}, young)
    assert response.status_code == 403 and response.json()["code"] == "not_eligible"
    response = client.post(url, {"project_ids": [1]}, content_type="application/json")
    assert response.status_code == 401


def test_voter_profile_and_project_submission(client, budget_index, resident):
    campaign = make_campaign(budget_index, phase="submission")
    response = client.put("/api/v3/budget/voter-profile/", {"birth_date": "1999-02-03", "residency_declared": True},
                          content_type="application/json", **bearer(resident))
    assert response.status_code == 200 and response.json()["birth_date"] == "1999-02-03"
    data = {"title": "Велодоріжка вздовж набережної", "description": DESCRIPTION, "category": "mali",
            "cost_items": [{"name": "Розмітка", "quantity": 10, "unit_price": 3_000}], "latitude": 49.59,
            "longitude": 34.56, "address": "Набережна"}
    response = post(client, f"/api/v3/budget/campaigns/{campaign.pk}/projects/", data, resident)
    assert response.status_code == 201, response.content
    project = response.json()
    assert project["cost"] == 30_000 and project["status"] == "submitted"
    bad = dict(data, cost_items=[{"name": "Розмітка", "quantity": 1, "unit_price": 1_000}])
    response = post(client, f"/api/v3/budget/campaigns/{campaign.pk}/projects/", bad, resident)
    assert response.status_code == 422 and response.json()["code"] == "cost_out_of_limits"
    assert BudgetProject.objects.count() == 1
    response = client.post(f"/api/v3/budget/projects/{project['id']}/withdraw/", **bearer(resident))
    assert response.json()["status"] == "withdrawn"


def test_open_data_has_no_voter_and_appears_after_voting(client, budget_index):
    campaign = make_campaign(budget_index, phase="counting")
    small = campaign.categories.get(slug="mali")
    project = make_project(campaign, small, title="=HYPERLINK(\"http://x\")")
    voter = make_voter()
    BudgetBallot.objects.create(campaign=campaign, channel="online", project_ids=[project.pk], owner_tag="x" * 64)
    BudgetParticipation.objects.create(campaign=campaign, person_key="k", user=voter, channel="online")
    csv_text = b"".join(client.get(
        f"/api/v3/budget/campaigns/{campaign.pk}/open-data/votes.csv").streaming_content).decode()
    assert "projectUid,voterID,projectTitle,voteDate" in csv_text and "'=HYPERLINK" in csv_text
    assert voter.email not in csv_text and voter.full_name not in csv_text and "x" * 64 not in csv_text
    projects = b"".join(client.get(
        f"/api/v3/budget/campaigns/{campaign.pk}/open-data/projects.json").streaming_content).decode()
    assert '"budgetPlan": "50000.00"' in projects
    voting = make_campaign(budget_index, phase="voting", year=2032)
    BudgetBallot.objects.create(campaign=voting, channel="online", project_ids=[project.pk])
    empty = b"".join(client.get(
        f"/api/v3/budget/campaigns/{voting.pk}/open-data/ballots.csv").streaming_content).decode()
    assert empty.strip() == "\ufeffballotId,channel,date,projectUids"


def test_budget_routes_are_in_the_openapi_schema(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    for path in ("/api/v3/budget/campaigns/", "/api/v3/budget/campaigns/{campaign_id}/ballot/",
                 "/api/v3/budget/campaigns/{campaign_id}/my-ballot/",
                 "/api/v3/budget/campaigns/{campaign_id}/results/",
                 "/api/v3/budget/projects/{project_id}/", "/api/v3/budget/campaigns/{campaign_id}/projects/"):
        assert path in paths


def test_results_api_after_counting(client, budget_index):
    from budget import services

    campaign = make_campaign(budget_index, phase="results")
    small = campaign.categories.get(slug="mali")
    project = make_project(campaign, small, cost=100_000)
    BudgetBallot.objects.create(campaign=campaign, channel="online", project_ids=[project.pk])
    assert client.get(f"/api/v3/budget/campaigns/{campaign.pk}/results/").json()["code"] == "results_not_ready"
    services.results_compute(campaign=campaign)
    results = client.get(f"/api/v3/budget/campaigns/{campaign.pk}/results/").json()
    assert results["results"][0]["votes"] == 1 and results["results"][0]["winner"] is True
