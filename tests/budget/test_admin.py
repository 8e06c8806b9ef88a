"""Admin of the budget: review by the commission, paper ballots (form and file), results, exports, dashboard,
and that no admin page or export joins a named voter to choices."""
import datetime

import pytest

from budget import services
from budget.models import BudgetBallot, BudgetParticipation, ProjectStatus
from tests.factories import UserFactory, login_with_mfa

from .conftest import make_campaign, make_project, make_voter

pytestmark = pytest.mark.django_db


def test_commission_admits_a_project_with_a_corrected_cost(client, budget_index, commission):
    campaign = make_campaign(budget_index, phase="review")
    project = make_project(campaign, campaign.categories.get(slug="mali"), status=ProjectStatus.SUBMITTED)
    login_with_mfa(client, commission)
    url = f"/admin/budget/projects/edit/{project.pk}/"
    assert client.get("/admin/budget/projects/").status_code == 200
    assert project.title in client.get(url).content.decode()
    response = client.post(url, {"action": "review", "within_powers": "on", "decision": "admitted",
                                 "corrected_cost": "45000", "comments": "Ціна уточнена"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.ADMITTED and project.corrected_cost == 45_000
    rejected = make_project(campaign, campaign.categories.get(slug="mali"), status=ProjectStatus.SUBMITTED)
    response = client.post(f"/admin/budget/projects/edit/{rejected.pk}/", {"action": "review", "decision": "rejected"})
    rejected.refresh_from_db()
    assert rejected.status == ProjectStatus.SUBMITTED  # no reason: refused, nothing changed


def test_residents_cannot_reach_the_review(client, budget_index, resident):
    campaign = make_campaign(budget_index, phase="review")
    project = make_project(campaign, campaign.categories.get(slug="mali"), status=ProjectStatus.SUBMITTED)
    client.force_login(resident)
    assert client.get(f"/admin/budget/projects/edit/{project.pk}/").status_code in (302, 403)


def test_paper_ballot_form_and_secrecy_of_the_voter_list(client, voting_campaign, ballot_projects, commission):
    smalls, _ = ballot_projects
    login_with_mfa(client, commission)
    response = client.post("/admin/budget/paper-ballot/", {
        "campaign": voting_campaign.pk, "full_name": "Мельник Петро Іванович", "birth_date": "1970-01-02",
        "document": "АА111111", "service_centre": "ЦНАП Центральний", "project": [smalls[3].pk]})
    assert response.status_code == 302
    assert BudgetBallot.objects.filter(channel="paper").count() == 1
    online = make_voter(full_name="Онлайн Виборець Тарас")
    services.ballot_cast(campaign=voting_campaign, user=online, project_ids=[smalls[2].pk])
    listing = client.get("/admin/budget/voters/").content.decode()
    assert "Мельник Петро Іванович" in listing
    assert smalls[3].title not in listing and smalls[2].title not in listing
    export = client.get("/admin/budget/export/paper-voters.csv").content.decode()
    assert "Мельник Петро Іванович" in export and smalls[3].title not in export
    assert export.splitlines()[0] == "\ufeffcampaign,channel,full_name,birth_date,document,service_centre"


def test_paper_ballots_file_is_all_or_nothing(client, voting_campaign, ballot_projects, commission):
    from django.core.files.uploadedfile import SimpleUploadedFile

    smalls, _ = ballot_projects
    login_with_mfa(client, commission)
    good = ("full_name,birth_date,document,service_centre,projects\n"
            f"Коваль Ірина Петрівна,1985-04-05,АБ1,ЦНАП,\"{smalls[0].pk},{smalls[1].pk}\"\n")
    bad = good + f"Коваль Ірина Петрівна,1985-04-05,АБ1,ЦНАП,{smalls[2].pk}\n"  # the same person again
    response = client.post("/admin/budget/paper-ballots/import/", {
        "campaign": voting_campaign.pk, "file": SimpleUploadedFile("b.csv", bad.encode())})
    assert response.status_code == 422 and "3" in response.content.decode()
    assert not BudgetBallot.objects.exists() and not BudgetParticipation.objects.exists()
    response = client.post("/admin/budget/paper-ballots/import/", {
        "campaign": voting_campaign.pk, "file": SimpleUploadedFile("b.csv", good.encode())})
    assert response.status_code == 302 and BudgetBallot.objects.count() == 1


def test_results_button_and_project_export(client, budget_index, commission):
    campaign = make_campaign(budget_index, phase="counting")
    small = campaign.categories.get(slug="mali")
    project = make_project(campaign, small, title="=cmd|' /C calc'!A0")
    BudgetBallot.objects.create(campaign=campaign, channel="online", project_ids=[project.pk])
    login_with_mfa(client, commission)
    assert "Count the results" in client.get("/admin/").content.decode() or \
        "Порахувати" in client.get("/admin/").content.decode()
    client.post(f"/admin/budget/campaigns/{campaign.pk}/results/")
    project.refresh_from_db()
    assert project.status == ProjectStatus.WINNER
    export = client.get("/admin/budget/export/projects.csv").content.decode()
    assert "'=cmd" in export
    assert client.get("/admin/budget/export/projects.xlsx").status_code == 200


def test_implementation_update_from_the_admin(client, budget_index, commission):
    campaign = make_campaign(budget_index, phase="results")
    winner = make_project(campaign, campaign.categories.get(slug="mali"), status=ProjectStatus.WINNER)
    login_with_mfa(client, commission)
    response = client.post(f"/admin/budget/projects/edit/{winner.pk}/", {
        "action": "implementation", "date": datetime.date.today().isoformat(), "text": "Встановлено лавки",
        "progress": "60", "spent": "30000", "department": "Управління благоустрою"})
    assert response.status_code == 302
    winner.refresh_from_db()
    assert winner.progress == 60 and winner.status == ProjectStatus.IMPLEMENTING


def test_the_commission_role_has_the_budget_rights(commission):
    for permission in ("budget.review_budgetproject", "budget.enter_paper_ballot", "budget.track_implementation"):
        assert commission.has_perm(permission)
    assert not UserFactory().has_perm("budget.review_budgetproject")


def test_commission_corrects_the_place_on_the_map(client, budget_index, commission, resident):
    from wagtail.models import ModelLogEntry

    from budget.models import BudgetProject

    campaign = make_campaign(budget_index, phase="voting")
    project = make_project(campaign, campaign.categories.get(slug="mali"), address="вул. Стара, 1",
                           latitude="49.590000", longitude="34.550000")
    url = f"/admin/budget/projects/edit/{project.pk}/"
    login_with_mfa(client, commission)
    html = client.get(url).content.decode()
    # wagtailgeowidget's picker, on our own Leaflet and prefilled with the stored point
    assert 'data-controller="leaflet-field"' in html and "vendor/leaflet/leaflet.js" in html and "unpkg" not in html
    assert "SRID=4326;POINT(34.55" in html
    response = client.post(url, {"action": "location", "address": "вул. Соборна, 10",
                                 "point": "SRID=4326;POINT(34.5612 49.6011)"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.address, float(project.latitude), float(project.longitude)) == ("вул. Соборна, 10", 49.6011,
                                                                                    34.5612)
    assert ModelLogEntry.objects.filter(action="budget.location", object_id=str(project.pk)).exists()
    for point, message in (("SRID=4326;POINT(30.52 50.45)", "Точка поза межами міста"),
                           ("SRID=4326;POINT(1e400 1e400)", "Точка поза межами міста"),
                           ("POINT(abc)", "Оберіть місце на мапі"), ("", "Оберіть місце на мапі")):
        response = client.post(url, {"action": "location", "address": "Київ", "point": point})
        assert response.status_code == 422 and message in response.content.decode()
    assert BudgetProject.objects.filter(pk=project.pk, address="вул. Соборна, 10", latitude="49.601100").exists()
    client.force_login(resident)
    response = client.post(url, {"action": "location", "address": "Інше", "point": "SRID=4326;POINT(34.56 49.59)"})
    assert response.status_code in (302, 403)
    project.refresh_from_db()
    assert project.address == "вул. Соборна, 10"
