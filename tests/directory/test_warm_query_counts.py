"""The city map's list and a place's page cost an anonymous reader a fixed handful of queries once warm, however
many places there are."""
import pytest

from tests.warm_queries import assert_warm_queries

from .factories import CityObjectFactory

pytestmark = pytest.mark.django_db

# Measured: the route (2), the categories (layers) and the page of places; a place with its category and photos.
WARM = {"map": 5, "place": 4}


def test_directory_pages_cost_the_same_few_queries_for_3_and_30_places(client, settings, directory_page,
                                                                        categories):
    settings.FRAGMENT_CACHE_ENABLED = True
    place = CityObjectFactory(category=categories["apteky"])
    CityObjectFactory.create_batch(2, category=categories["shkoly"])
    urls = {"map": directory_page.url, "place": place.get_absolute_url()}
    few = assert_warm_queries(client, urls, WARM)
    CityObjectFactory.create_batch(27, category=categories["shkoly"])

    assert assert_warm_queries(client, urls, WARM) == few
