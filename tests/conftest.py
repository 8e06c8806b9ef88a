"""Shared fixtures: a site tree with home, news and events, users of each kind, markers' skip rules."""
import os
import shutil

import pytest
from wagtail.models import Page, Site

from tests.clock import clock  # noqa: F401  (a fixture: the clock the page-cache clock tests move)
from tests.factories import (
    EventIndexPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    UserFactory,
)

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in item.keywords and not shutil.which(CHROMIUM):
            item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)"))


@pytest.fixture(autouse=True)
def _redis_only(request):
    if request.node.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Місто")
    return home


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def unverified_resident(db):
    return UserFactory(verified=False)


@pytest.fixture
def roles(db):
    from cms.roles import setup_roles

    return setup_roles()


@pytest.fixture
def cache_calls(monkeypatch):
    """Every call the request makes to the default cache, as (method, first argument): one round trip to Redis
    each (the local-memory cache of the tests answers get_many with gets, which are not counted again)."""
    from django.core.cache import caches

    cache = caches["default"]
    calls, depth = [], [0]
    for method in ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "has_key", "incr"):
        original = getattr(cache, method)

        def counted(*args, _original=original, _method=method, **kwargs):
            if not depth[0]:
                calls.append((_method, args[0] if args else None))
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(cache, method, counted)
    return calls
