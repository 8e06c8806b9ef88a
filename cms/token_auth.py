"""API tokens for residents' actions: Wagtail's tokens, read in one round trip to the database.

Wagtail's ``BearerTokenAuth`` costs three ORM queries per request (token with user, the "last used" stamp, and then
our check for a verified e-mail). Residents' writes, signing a petition above all, come in bursts, so the look-up,
the stamp and the e-mail check are one statement here. Same rules as Wagtail: the digest of the token under the
current or a fallback secret key, not revoked, an active account, the stamp at most every
``WAGTAILAPI_TOKEN_LAST_USED_INTERVAL`` seconds (``None``: never), and an invalid token never falls back to the
session.

A route that needs one more row about the account on every call (the budget's voter profile on every ballot) names
it as an ``AccountRow``: it is read in the same statement and given to the view as ``request.account_row``."""
import datetime
import functools
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

_LOOKUP_SQL = """
WITH token AS (
    SELECT token.id, token.user_id, token.last_used_at FROM {token} AS token
    JOIN {user} AS account ON account.id = token.user_id AND account.is_active
    WHERE token.key_hash = ANY(%(hashes)s) AND token.revoked_at IS NULL
    LIMIT 1
), touched AS (
    UPDATE {token} AS stamped SET last_used_at = %(now)s FROM token
    WHERE stamped.id = token.id AND %(touch)s AND (token.last_used_at IS NULL OR token.last_used_at <= %(stale)s)
)
SELECT token.id, EXISTS (SELECT 1 FROM {email} AS email WHERE email.user_id = token.user_id AND email.verified),
       {user_columns}{extra_columns}{async_stamp}
FROM token JOIN {user} AS account ON account.id = token.user_id{extra_join}
"""
# The stamp is the statement's only write. Outside a transaction the statement is one, and this makes its commit
# asynchronous (SET LOCAL, for this transaction only): a burst of first calls (every ballot is a resident's first)
# does not wait for a flush of the write-ahead log per stamp; a crash can lose the last moment's stamps, never
# anything else. Inside a transaction (an atomic view, a test) it is left out: it would cover that transaction's
# other writes.
_ASYNC_STAMP = ", set_config('synchronous_commit', 'off', true)"


@dataclass(frozen=True)
class AccountRow:
    """One more row about the account, read with the token: ``columns`` of the row of ``table`` whose
    ``user_column`` is the account. ``request.account_row`` is then a tuple of those values, or None when the
    account has no such row (it stays unset when the request was not authenticated by a token)."""
    table: str
    columns: tuple[str, ...]
    user_column: str = "user_id"


@functools.cache
def _lookup(row: AccountRow | None = None, asynchronous: bool = False) -> tuple[str, list[str]]:
    """The statement and the user's attribute names, built once: the models do not change while the process runs."""
    User = get_user_model()
    fields = User._meta.concrete_fields
    quote = connection.ops.quote_name
    extra_columns = extra_join = ""
    if row is not None:
        # The row's key first: NULL when the account has no such row.
        extra_columns = "".join(f", extra.{quote(column)}" for column in (row.user_column, *row.columns))
        extra_join = f" LEFT JOIN {quote(row.table)} AS extra ON extra.{quote(row.user_column)} = token.user_id"
    sql = _LOOKUP_SQL.format(token=APIToken._meta.db_table, user=User._meta.db_table,
                             email=EmailAddress._meta.db_table,
                             user_columns=", ".join(f'account."{field.column}"' for field in fields),
                             extra_columns=extra_columns, async_stamp=_ASYNC_STAMP if asynchronous else "",
                             extra_join=extra_join)
    return sql, [field.attname for field in fields]


class ResidentTokenAuth(BearerTokenAuth):
    def __init__(self, *args, account_row: AccountRow | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_row = account_row

    def authenticate(self, request, token: str):
        User = get_user_model()
        interval = getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)
        now = timezone.now()
        sql, attnames = _lookup(self.account_row, interval is not None and not connection.in_atomic_block)
        with connection.cursor() as cursor:
            cursor.execute(sql, {"hashes": APIToken.candidate_key_hashes(token), "now": now,
                                 "touch": interval is not None,
                                 "stale": now - datetime.timedelta(seconds=interval or 0)})
            row = cursor.fetchone()
        if row is None:
            request.user = AnonymousUser()
            return None
        token_id, verified, *values = row
        user_values = values[:len(attnames)]
        user = User.from_db(connection.alias, attnames, user_values)
        user.has_verified_email = verified  # read by cms.services.user_has_verified_email
        request.user = user
        if self.account_row is not None:
            key, *columns = values[len(attnames):len(attnames) + 1 + len(self.account_row.columns)]
            request.account_row = tuple(columns) if key is not None else None
        return APIToken(pk=token_id, user=user)
