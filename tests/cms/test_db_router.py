"""The read-replica router against a second PostgreSQL database standing in for the replica (cms.db_router):
anonymous reads go there, residents, writes and open transactions stay on the primary."""
import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, Site

from tests.factories import HomePageFactory, UserFactory

pytestmark = [
    pytest.mark.skipif("replica" not in settings.DATABASES, reason="the replica stand-in needs PostgreSQL"),
    pytest.mark.django_db(databases=["default", "replica"] if "replica" in settings.DATABASES else ["default"]),
]


@pytest.fixture(autouse=True)
def replica_on(settings):
    settings.DATABASE_READ_REPLICA = "replica"
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def primary_only_site():
    """A site on the primary that has not reached the replica yet (replication lag, made permanent)."""
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Головна", slug="holovna")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Місто")
    assert not Site.objects.using("replica").exists()
    return home


def test_anonymous_read_goes_to_the_replica(client, primary_only_site):
    with CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get("/")
    # The replica has no site yet: the anonymous reader gets what the replica knows.
    assert response.status_code == 404
    assert any("wagtailcore_site" in query["sql"] for query in on_replica.captured_queries)
    assert not on_primary.captured_queries


def test_once_replicated_the_anonymous_reader_sees_the_rows(rf, primary_only_site):
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers

    from cms.db_router import ReplicaRoutingMiddleware

    def anonymous_read():
        return ReplicaRoutingMiddleware(lambda request: Site.objects.filter(is_default_site=True).count())(rf.get("/"))

    assert anonymous_read() == 0  # not replicated yet: the reader sees the replica, not the primary
    # "Replication": the same rows written to the replica database (ids included).
    ContentType.objects.using("replica").all().delete()
    rows = (list(ContentType.objects.using("default").all()) + list(Locale.objects.using("default").all())
            + list(Page.objects.using("default").order_by("path")) + list(Site.objects.using("default").all()))
    for obj in serializers.deserialize("json", serializers.serialize("json", rows)):
        obj.save(using="replica")
    assert anonymous_read() == 1


def test_residents_read_the_primary(client, primary_only_site):
    client.force_login(UserFactory())
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/")
    assert response.status_code == 200 and "Головна" in response.content.decode()
    assert not on_replica.captured_queries


def test_writes_and_transactions_pin_the_primary(rf, primary_only_site):
    from cms.db_router import PrimaryReplicaRouter, ReplicaRoutingMiddleware

    router = PrimaryReplicaRouter()
    seen = {}

    def view(request):
        seen["before"] = router.db_for_read(Site)
        with transaction.atomic():
            seen["in transaction"] = router.db_for_read(Site)
        router.db_for_write(Site)
        seen["after a write"] = router.db_for_read(Site)
        return None

    ReplicaRoutingMiddleware(view)(rf.get("/"))
    assert seen == {"before": "replica", "in transaction": "default", "after a write": "default"}
    ReplicaRoutingMiddleware(lambda request: seen.update(post=router.db_for_read(Site)))(rf.post("/"))
    assert seen["post"] == "default"
    assert router.db_for_read(Site) == "default"  # outside requests: commands and task workers


def test_what_site_search_keeps_for_everyone_is_read_from_the_primary(primary_only_site):
    # Counts, page rows and module hits are cached for every reader under a version a change renews: read from a
    # lagging replica, they would bring the hidden rows back under the new version.
    from cms.db_router import _replica_allowed
    from cms.search_types import site_search

    allowed = _replica_allowed.set(True)  # as for an anonymous reader's GET
    try:
        with CaptureQueriesContext(connections["replica"]) as on_replica, \
                CaptureQueriesContext(connections["default"]) as on_primary:
            site_search("бюджет", needed=10)
    finally:
        _replica_allowed.reset(allowed)
    # Only the content types the statements are built from may come from the replica (they never lag in effect).
    assert all("django_content_type" in query["sql"] for query in on_replica.captured_queries)
    assert any("tsquery" in query["sql"].lower() or "@@" in query["sql"] for query in on_primary.captured_queries)
