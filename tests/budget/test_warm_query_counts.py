"""The participatory budget's pages cost an anonymous reader a fixed handful of queries once warm, however many
projects, cost items and comments there are."""
import pytest

from participation.services import comment_post
from tests.factories import UserFactory
from tests.warm_queries import assert_warm_queries

from .conftest import make_campaign, make_project

pytestmark = pytest.mark.django_db

# Measured: the route (2), then each page's own reads. A project: itself with its category, district, review and
# result in one query, cost items, co-authors, files, progress reports (its discussion is a cached fragment for
# anonymous readers: participation_tags.discussion); the campaign's categories only where a page lists them.
WARM = {"budget index": 3, "campaign": 4, "projects": 7, "project": 7, "results": 4, "statistics": 6}


def test_budget_pages_cost_the_same_few_queries_for_2_and_14_projects(client, settings, budget_index, district):
    settings.FRAGMENT_CACHE_ENABLED = True
    campaign = make_campaign(budget_index, phase="results")
    small = campaign.categories.get(slug="mali")
    first = make_project(campaign, small, district=district)
    comment_post(target=first, author=UserFactory(), body="Гарна ідея для двору.")
    urls = {"budget index": budget_index.url, "campaign": campaign.url, "projects": f"{campaign.url}proiekty/",
            "project": first.get_absolute_url(), "results": f"{campaign.url}rezultaty/",
            "statistics": f"{campaign.url}statystyka/"}

    def grow(size: int) -> None:
        for _ in range(size):
            make_project(campaign, small, district=district)
            comment_post(target=first, author=UserFactory(), body="Підтримую.")

    grow(1)
    few = assert_warm_queries(client, urls, WARM)
    grow(12)

    assert assert_warm_queries(client, urls, WARM) == few


def test_a_list_of_projects_asks_the_cache_for_the_campaigns_address_once(client, settings, budget_index,
                                                                            district, cache_calls):
    settings.FRAGMENT_CACHE_ENABLED = True
    campaign = make_campaign(budget_index, phase="voting")
    small = campaign.categories.get(slug="mali")
    for _ in range(12):  # on the map: each point links to its project
        make_project(campaign, small, district=district, latitude=49.59, longitude=34.55)
    url = f"{campaign.url}proiekty/"
    for _ in range(2):
        assert client.get(url).status_code == 200
    cache_calls.clear()

    html = client.get(url).content.decode()

    assert html.count(f'href="{campaign.url}proiekty/') >= 12  # every project links to its page
    assert [call for call in cache_calls if str(call[1]).startswith("budget:campaign-url:")] == [
        ("get", f"budget:campaign-url:{campaign.pk}")]
