"""What the participatory budget's pages show reaches anonymous readers of the page cache (and the HTTP cache in front)
as soon as it changes: the counted results and the winners' statuses (bulk writes: budget.services purges), a step of
a winner's implementation, a renamed district (cms.modules.CachedPages in the budget manifest); and a campaign's
phase, which turns over by the clock, is kept no longer than the next turnover (cms.pagecache.changes_at,
BudgetCampaignPage.next_phase_change)."""
import datetime
import re

import pytest
from django.utils import timezone

from budget import services
from budget.models import BudgetBallot, BudgetCampaignPage, ProjectStatus
from tests.clock import frozen_clock
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

from .conftest import make_campaign, make_project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_counted_results_show_at_once(client, budget_index, django_capture_on_commit_callbacks):
    campaign = make_campaign(budget_index, phase="results")
    small = campaign.categories.get(slug="mali")
    winner = make_project(campaign, small, cost=200_000, title="Лавки у сквері Шевченка")
    BudgetBallot.objects.create(campaign=campaign, channel="online", project_ids=[winner.pk])
    results, catalogue = f"{campaign.url}rezultaty/", f"{campaign.url}proiekty/"
    assert "Лавки у сквері Шевченка" not in cached_html(client, results)
    assert "budget-status--winner" not in cached_html(client, catalogue)

    with django_capture_on_commit_callbacks(execute=True):
        services.results_compute(campaign=campaign)
    assert "Лавки у сквері Шевченка" in fresh_html(client, results)
    assert "budget-status--winner" in fresh_html(client, catalogue)  # the status badge (a bulk update)


def test_an_implementation_step_shows_on_the_project_page(client, budget_index, commission,
                                                          django_capture_on_commit_callbacks):
    campaign = make_campaign(budget_index, phase="results")
    winner = make_project(campaign, campaign.categories.get(slug="mali"), status=ProjectStatus.WINNER)
    assert "Закупівля проведена" not in cached_html(client, winner.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.implementation_update(project=winner, by=commission, text="Закупівля проведена", progress=40,
                                       spent=20_000)
    assert "Закупівля проведена" in fresh_html(client, winner.get_absolute_url())


def test_a_renamed_district_shows_in_the_catalogue_and_on_the_project(client, voting_campaign, small, district,
                                                                      django_capture_on_commit_callbacks):
    project = make_project(voting_campaign, small, district=district)
    catalogue = f"{voting_campaign.url}proiekty/"
    assert "Центральний" in cached_html(client, catalogue)
    assert "Центральний" in cached_html(client, project.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        district.name = "Центрально-Міський"
        district.save()
    assert "Центрально-Міський" in fresh_html(client, catalogue)
    assert "Центрально-Міський" in fresh_html(client, project.get_absolute_url())


VOTING_ENDS_IN = datetime.timedelta(minutes=2)


@pytest.fixture
def clock(monkeypatch):
    return frozen_clock(monkeypatch, timezone.now())  # these tests' moments are relative to the real time


@pytest.fixture
def closing_vote(home_page, budget_index, clock):
    home_page.sections = [("module", {"slot": "budget_voting"})]
    home_page.save_revision().publish()
    campaign = make_campaign(budget_index, phase="voting")
    BudgetCampaignPage.objects.filter(pk=campaign.pk).update(voting_ends=clock.now + VOTING_ENDS_IN)
    return BudgetCampaignPage.objects.get(pk=campaign.pk)


@pytest.mark.parametrize("address", ["landing", "catalogue", "index", "home"])
def test_a_cached_page_leaves_the_voting_phase_when_voting_ends(client, closing_vote, budget_index, clock, address):
    url = {"landing": closing_vote.url, "catalogue": f"{closing_vote.url}proiekty/", "index": budget_index.url,
           "home": "/"}[address]
    # What shows the phase (the catalogue's ballot links depend on it without naming it).
    voting = {"landing": "Голосувати за проєкти", "catalogue": "", "index": "Голосування ·",
              "home": "Голосування ·"}[address]
    first = client.get(url)
    assert first["X-Page-Cache"] == "MISS"
    # Neither the application's cache nor Varnish keeps it past the end of voting (120 s away), not 300 s.
    assert 0 < int(re.search(r"s-maxage=(\d+)", first["Cache-Control"]).group(1)) <= VOTING_ENDS_IN.total_seconds()
    assert voting in first.content.decode()
    clock.move_to(closing_vote.voting_ends - datetime.timedelta(seconds=1))
    assert client.get(url)["X-Page-Cache"] == "HIT"  # a second before the end the stored copy still holds

    clock.move_to(closing_vote.voting_ends + datetime.timedelta(seconds=1))
    html = fresh_html(client, url)
    assert not voting or voting not in html
