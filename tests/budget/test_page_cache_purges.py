"""What the participatory budget's pages show reaches anonymous readers of the page cache (and the HTTP cache in front)
as soon as it changes: the counted results and the winners' statuses (bulk writes: budget.services purges), a step of
a winner's implementation, a renamed district (cms.modules.CachedPages in the budget manifest)."""
import pytest

from budget import services
from budget.models import BudgetBallot, ProjectStatus
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
