"""Pabulib: import a .pb file as a campaign, export a campaign per category, round trip, pabulib-checker on our
files, and malformed files refused with a clear message and nothing saved."""
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pabutools.election import parse_pabulib

from budget import pabulib
from budget.models import BudgetBallot, BudgetCampaignPage, BudgetProject, ProjectStatus

from .conftest import make_campaign, make_project

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def import_file(path) -> int:
    out = io.StringIO()
    call_command("import_pabulib", str(path), stdout=out)
    return int(out.getvalue().strip().splitlines()[-1])


def test_import_creates_a_campaign_with_anonymised_ballots(budget_index):
    page_id = import_file(DATA / "demo_small.pb")
    campaign = BudgetCampaignPage.objects.get(pk=page_id)
    election = pabulib.parse((DATA / "demo_small.pb").read_text())
    assert campaign.fund == election.budget == 200_000
    assert campaign.projects.count() == 12 and campaign.ballots.count() == 150
    assert campaign.categories.get().max_projects == 4
    assert campaign.phase() == "results"
    for project in election.projects:  # the file's vote counts are what the ballots give
        stored = campaign.projects.get(external_id=project.id)
        assert stored.result.votes == project.votes and stored.cost == project.cost
    assert campaign.projects.filter(status=ProjectStatus.WINNER).exists()


def test_round_trip_and_checker(budget_index, tmp_path):
    page_id = import_file(DATA / "demo_ties.pb")
    call_command("export_pabulib", str(page_id), str(tmp_path), stdout=io.StringIO())
    files = sorted(tmp_path.glob("*.pb"))
    assert len(files) == 1
    original, exported = pabulib.parse((DATA / "demo_ties.pb").read_text()), pabulib.parse(files[0].read_text())
    assert exported.budget == original.budget and len(exported.votes) == len(original.votes)
    assert sorted(p.cost for p in exported.projects) == sorted(p.cost for p in original.projects)
    assert sorted(p.votes for p in exported.projects) == sorted(p.votes for p in original.projects)
    campaign = BudgetCampaignPage.objects.get(pk=page_id)
    winners = set(campaign.projects.filter(status=ProjectStatus.WINNER).values_list("pk", flat=True))
    assert {int(p.id) for p in exported.projects if p.selected} == winners
    instance, profile = parse_pabulib(str(files[0]))  # pabutools reads our file
    assert profile.num_ballots() == len(original.votes)
    from pabulib.checker import Checker

    report = Checker().process_files([str(files[0])])
    errors = {name: result.get("results", {}).get("errors") for name, result in report.items() if name != "metadata"}
    assert report["metadata"]["invalid"] == 0, errors


def test_export_of_our_campaign_per_category(budget_index, tmp_path):
    campaign = make_campaign(budget_index, phase="results")
    small, large = campaign.categories.get(slug="mali"), campaign.categories.get(slug="velyki")
    a, b = make_project(campaign, small), make_project(campaign, large, cost=300_000)
    BudgetBallot.objects.bulk_create([BudgetBallot(campaign=campaign, channel="online", project_ids=[a.pk, b.pk])])
    call_command("export_pabulib", str(campaign.pk), str(tmp_path), stdout=io.StringIO())
    files = sorted(tmp_path.glob("*.pb"))
    assert len(files) == 2
    text = files[0].read_text() + files[1].read_text()
    assert "max_length;3" in text and "max_length;2" in text and "voter_id;vote" in text


def test_export_refused_while_voting(voting_campaign, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_pabulib", str(voting_campaign.pk), str(tmp_path), stdout=io.StringIO())


@pytest.mark.parametrize(("text", "words"), [
    ("", "порожній"),
    ("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n", "VOTES"),
    ("META\nkey;value\nbudget;100\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\n",
     "cumulative"),
    ("META\nkey;value\nbudget;сто\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\n",
     "сто"),
    ("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\n"
     "1;1,7\n", "7"),
    ("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5,5\nVOTES\nvoter_id;vote\n",
     "Рядок"),
    ("PROJECTS\nproject_id;cost\n1;50\n", "META"),
])
def test_malformed_files_are_refused_and_nothing_is_saved(budget_index, tmp_path, text, words):
    path = tmp_path / "bad.pb"
    path.write_text(text)
    pages = BudgetCampaignPage.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("import_pabulib", str(path), stdout=io.StringIO())
    assert words in str(caught.value) or words in str(caught.value).lower()
    assert BudgetCampaignPage.objects.count() == pages and not BudgetProject.objects.exists()
