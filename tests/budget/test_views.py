"""Public pages of the budget through the test client: catalogue with filters, project page, the ballot from
choice to confirmation, my ballot, results and statistics; query counts on lists."""
import datetime

import pytest

from budget import services
from budget.models import BudgetBallot, BudgetParticipation, ProjectStatus, VoterProfile
from tests.factories import UserFactory

from .conftest import make_campaign, make_project, make_voter

pytestmark = pytest.mark.django_db


def test_landing_shows_the_phase_timeline(client, voting_campaign):
    response = client.get(voting_campaign.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="step"' in html and "Голосування" in html
    assert f"{voting_campaign.url}biuleten/" in html


def test_catalogue_filters_and_bounded_queries(client, voting_campaign, small, large, district,
                                               django_assert_max_num_queries):
    for index in range(30):
        make_project(voting_campaign, small if index % 2 else large, cost=150_000,
                     district=district if index % 3 == 0 else None, latitude="49.59", longitude="34.56")
    make_project(voting_campaign, small, status=ProjectStatus.SUBMITTED, title="Прихований проєкт на розгляді")
    url = f"{voting_campaign.url}proiekty/"
    with django_assert_max_num_queries(22):  # routing, site settings, menus and the map's points included
        response = client.get(url)
    assert response.status_code == 200
    assert 'data-portal-map="budget-projects-map-config"' in response.content.decode()
    assert len(response.context["map_config"]["layers"][0]["data"]["features"]) == 30
    assert "Прихований" not in response.content.decode()
    assert "30" in response.content.decode()
    filtered = client.get(url, {"category": "mali", "district": "tsentralnyi"})
    assert filtered.status_code == 200 and filtered.context["projects_page"].paginator.count == 5
    assert client.get(url, {"category": "nema"}).status_code == 400
    assert client.get(url, {"page": "99"}).status_code == 404


def test_project_page_with_comments_and_bounded_queries(client, voting_campaign, small,
                                                        django_assert_max_num_queries):
    project = make_project(voting_campaign, small)
    with django_assert_max_num_queries(25):
        response = client.get(f"{voting_campaign.url}proiekty/{project.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert project.title in html and "Роботи" in html and "discussion" in html


def test_hidden_projects_are_404(client, voting_campaign, small):
    draft = make_project(voting_campaign, small, status=ProjectStatus.SUBMITTED)
    assert client.get(f"{voting_campaign.url}proiekty/{draft.pk}/").status_code == 404
    client.force_login(draft.author)
    assert client.get(f"{voting_campaign.url}proiekty/{draft.pk}/").status_code == 200


def test_ballot_choose_review_confirm_and_my_ballot(client, voting_campaign, ballot_projects):
    smalls, larges = ballot_projects
    user = UserFactory()
    client.force_login(user)
    url = f"{voting_campaign.url}biuleten/"
    form = client.get(url)
    assert form.status_code == 200 and 'name="birth_date"' in form.content.decode()
    chosen = [smalls[0].pk, larges[0].pk]
    review = client.post(url, {"project": chosen, "birth_date": "1991-03-04", "residency": "on"})
    assert review.status_code == 200, review.content.decode()[:3000]
    assert "Підтвердити" in review.content.decode() or "Confirm" in review.content.decode()
    assert not BudgetBallot.objects.exists()  # reviewing casts nothing
    done = client.post(f"{url}pidtverdzhennia/", {"project": chosen, "action": "confirm"})
    assert done.status_code == 302 and done["Location"].endswith("biuleten/pryiniato/")
    assert BudgetBallot.objects.count() == 1
    again = client.post(f"{url}pidtverdzhennia/", {"project": [smalls[1].pk], "action": "confirm"})
    assert again.status_code == 302 and again["Location"].endswith("miy-biuleten/")
    assert BudgetBallot.objects.count() == 1 == BudgetParticipation.objects.count()
    mine = client.get(f"{voting_campaign.url}miy-biuleten/")
    assert smalls[0].title in mine.content.decode() and mine["Cache-Control"] == "private, no-store"


def test_ballot_errors_are_shown_and_nothing_saved(client, voting_campaign, ballot_projects):
    smalls, _ = ballot_projects
    voter = make_voter()
    client.force_login(voter)
    response = client.post(f"{voting_campaign.url}biuleten/", {"project": [p.pk for p in smalls]})
    assert response.status_code == 422
    assert "не більше 3" in response.content.decode() or "at most 3" in response.content.decode()
    young = UserFactory()
    client.force_login(young)
    today = datetime.date.today()
    response = client.post(f"{voting_campaign.url}biuleten/", {
        "project": [smalls[0].pk], "birth_date": today.replace(year=today.year - 10).isoformat(), "residency": "on"})
    assert response.status_code == 422
    assert not BudgetBallot.objects.exists()


def test_ballot_outside_voting_is_refused(client, budget_index, resident):
    campaign = make_campaign(budget_index, phase="review")
    client.force_login(resident)
    assert client.get(f"{campaign.url}biuleten/").status_code == 409


def test_no_page_joins_a_voter_to_choices(client, voting_campaign, ballot_projects, admin_user):
    smalls, _ = ballot_projects
    voter = make_voter(full_name="Таємна Виборниця Олена")
    services.ballot_cast(campaign=voting_campaign, user=voter, project_ids=[smalls[2].pk])
    client.force_login(UserFactory())
    assert smalls[2].title not in client.get(f"{voting_campaign.url}miy-biuleten/").content.decode()


def test_results_and_statistics(client, budget_index):
    campaign = make_campaign(budget_index, phase="results")
    small = campaign.categories.get(slug="mali")
    a, b = make_project(campaign, small, cost=300_000), make_project(campaign, small, cost=200_000)
    BudgetBallot.objects.bulk_create([BudgetBallot(campaign=campaign, channel="online", project_ids=[a.pk, b.pk])]
                                     + [BudgetBallot(campaign=campaign, channel="online", project_ids=[b.pk])])
    for index in range(2):
        BudgetParticipation.objects.create(campaign=campaign, person_key=str(index), channel="online",
                                           age_group="18-29")
    services.results_compute(campaign=campaign)
    html = client.get(f"{campaign.url}rezultaty/").content.decode()
    assert a.title in html and b.title in html
    stats = client.get(f"{campaign.url}statystyka/")
    assert stats.status_code == 200 and "18-29" in stats.content.decode() and "<table" in stats.content.decode()


def test_project_form_submits_with_cost_rows(client, budget_index, resident):
    campaign = make_campaign(budget_index, phase="submission")
    client.force_login(resident)
    small = campaign.categories.get(slug="mali")
    data = {"title": "Лавки у сквері біля школи", "category": small.pk, "description": "Опис " * 30,
            "item_0_name": "Лавка", "item_0_quantity": "10", "item_0_price": "5000", "action": "submit"}
    response = client.post(f"{campaign.url}proiekty/novyi/", data)
    assert response.status_code == 302
    bad = dict(data, item_0_quantity="1")
    response = client.post(f"{campaign.url}proiekty/novyi/", bad)
    assert response.status_code == 422 and "5 000" in response.content.decode()


def test_profile_lists_my_budget(client, voting_campaign, ballot_projects):
    voter = make_voter()
    services.ballot_cast(campaign=voting_campaign, user=voter, project_ids=[ballot_projects[0][0].pk])
    client.force_login(voter)
    html = client.get("/account/profile/").content.decode()
    assert "miy-biuleten" in html
    assert VoterProfile.objects.filter(user=voter).exists()
