"""What the tests of purges share: the page cache switched on, and an address read twice (the second answer must
come from the cache) or once after a change (it must be rendered again, not the copy kept from before)."""
import pytest


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TIMEOUT = 300


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
