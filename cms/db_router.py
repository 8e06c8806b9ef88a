"""Read replica routing: anonymous readers' GETs read from the replica, everything else from the primary.

Only a request that cannot have written anything and cannot show a person's data reads from the replica: a
GET or HEAD from a visitor with no session, token or personal cookie (``cms.pagecache.is_anonymous_reader``).
Residents, staff, every POST, management commands and task workers read the primary, so nobody misses their
own write because of replication lag. Inside a request, the first write (or an open transaction) sends the
rest of the request's reads to the primary too. Without ``DATABASE_READ_REPLICA`` every read is the primary's.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .pagecache import is_anonymous_reader

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)


class ReplicaRoutingMiddleware:
    """Allows the replica for the length of one anonymous read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_allowed.set(request.method in ("GET", "HEAD") and is_anonymous_reader(request))
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)


@contextmanager
def primary_reads():
    """Reads inside go to the primary even for an anonymous reader: for what is built once and then kept for
    everyone (site search's counts and rows), which a lagging replica would otherwise fill with rows the change
    already hid, under the version key that change had just renewed."""
    token = _replica_allowed.set(False)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def _in_transaction() -> bool:
    """Whether the code runs inside a transaction of its own on the primary (a test case's wrapping
    transaction, marked by Django, does not count: it is not the application's)."""
    return any(not getattr(block, "_from_testcase", False)
               for block in connections[DEFAULT_DB_ALIAS].atomic_blocks)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replica = settings.DATABASE_READ_REPLICA
        if replica and _replica_allowed.get() and not _in_transaction():
            return replica
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _replica_allowed.set(False)  # read your own write for the rest of this request
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None  # migrations run on the primary (`migrate` uses it); replication copies the schema
