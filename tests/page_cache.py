"""What the tests of purges share: the page cache switched on, and an address read twice (the second answer must
come from the cache) or once after a change (it must be rendered again, not the copy kept from before)."""
import pytest


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TIMEOUT = 300


@pytest.fixture
def page_and_fragment_caches_on(page_cache_on, settings):
    settings.FRAGMENT_CACHE_ENABLED = True  # production's default; the test settings switch fragments off


def cached_html(client, url) -> str:
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "HIT", url
    return response.content.decode()


def fresh_html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "MISS", url  # rendered again, not the copy from before the change
    return response.content.decode()


def html_from_stored_fragments(client, url) -> str:
    """The page once its fragments are stored: only the routing's two queries run, nothing the fragments show."""
    from tests.warm_queries import warm_queries

    assert len(warm_queries(client, url)) == 2, url
    return client.get(url).content.decode()


def page_html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
