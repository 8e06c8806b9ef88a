"""Django's PostgreSQL backend (``ENGINE = "cms.postgresql"``), with a cheaper health check.

With ``CONN_HEALTH_CHECKS`` (production), Django sends ``SELECT 1`` before the first query of every request that
reuses a persistent connection: one more round trip, and a wake-up of the server, on every request. A connection
the server has given up (a restart, a terminated backend, an idle timeout) has told the client so: the server
sends its last message and closes, so the socket becomes readable. An idle connection whose socket has nothing to
read is therefore answered "usable" from a zero-timeout poll; anything to read (that goodbye, or a notice) gets
Django's own ``SELECT 1``."""
import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        # poll, not select: select fails on descriptors above 1024, and a worker with many files open would then
        # reconnect on every request.
        poller = select.poll()
        try:
            poller.register(connection.fileno(), select.POLLIN)
            events = poller.poll(0)
        except (OSError, ValueError):  # the socket is gone
            return False
        return not events or super().is_usable()
