"""API tokens for residents' actions: Wagtail's tokens, read in one round trip to the database.

Wagtail's ``BearerTokenAuth`` costs three ORM queries per request (token with user, the "last used" stamp, and then
our check for a verified e-mail). Residents' writes, signing a petition above all, come in bursts, so the look-up,
the stamp and the e-mail check are one statement here. Same rules as Wagtail: the digest of the token under the
current or a fallback secret key, not revoked, an active account, the stamp at most every
``WAGTAILAPI_TOKEN_LAST_USED_INTERVAL`` seconds (``None``: never), and an invalid token never falls back to the
session."""
import datetime
import functools

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
       {user_columns}
FROM token JOIN {user} AS account ON account.id = token.user_id
"""


@functools.cache
def _lookup() -> tuple[str, list[str]]:
    """The statement and the user's attribute names, built once: the models do not change while the process runs."""
    User = get_user_model()
    fields = User._meta.concrete_fields
    sql = _LOOKUP_SQL.format(token=APIToken._meta.db_table, user=User._meta.db_table,
                             email=EmailAddress._meta.db_table,
                             user_columns=", ".join(f'account."{field.column}"' for field in fields))
    return sql, [field.attname for field in fields]


class ResidentTokenAuth(BearerTokenAuth):
    def authenticate(self, request, token: str):
        User = get_user_model()
        interval = getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)
        now = timezone.now()
        sql, attnames = _lookup()
        with connection.cursor() as cursor:
            cursor.execute(sql, {"hashes": APIToken.candidate_key_hashes(token), "now": now,
                                 "touch": interval is not None,
                                 "stale": now - datetime.timedelta(seconds=interval or 0)})
            row = cursor.fetchone()
        if row is None:
            request.user = AnonymousUser()
            return None
        token_id, verified, *values = row
        user = User.from_db(connection.alias, attnames, values)
        user.has_verified_email = verified  # read by cms.services.user_has_verified_email
        request.user = user
        return APIToken(pk=token_id, user=user)
