"""What every module's django-ninja router uses: auth choices, pagination, the id-range check, page addresses, and
lists serialised without a schema pass.

Routers import from here (and raise cms.errors.RuleError / ApiProblem); they never import the API mount
(cms.api), which imports them."""
import functools
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.responses import NinjaJSONEncoder
from ninja.security import django_auth
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

from .errors import ApiProblem
from .pagination import InvalidCursor, after_cursor, cached_count, encode_cursor, keyset_order
from .routing import find_site
from .token_auth import AccountRow, ResidentTokenAuth

# Ids and offsets past a 64-bit integer overflow the database driver (a 500 instead of a 404 or 400).
MAX_DB_INT = 2**63 - 1

# Public reads: an API token is read when sent (a staff token), otherwise anyone. AllowAnonymous turns a session
# user into an anonymous one on purpose: public answers do not depend on the browser's session.
public = [BearerTokenAuth(), AllowAnonymous()]
# Public reads whose answer shows the signed-in resident their own part (e.g. "you answered").
public_or_session = [BearerTokenAuth(), django_auth, AllowAnonymous()]
# Resident actions: an API token or the browser session (ninja checks CSRF for the session).
resident_auth = [ResidentTokenAuth(), django_auth]


def resident_auth_reading(row: AccountRow) -> list:
    """``resident_auth`` for a busy route that needs one more row about the account on every call: a token's
    request reads it in the token's own statement (``request.account_row``); a session's request does not have it
    and the route reads it itself."""
    return [ResidentTokenAuth(account_row=row), django_auth]


class Pagination(WagtailLimitOffsetPagination):
    """Wagtail's limit/offset pagination ({"items": [...], "count": N}) plus ``next``, the address of the following
    page. Lists ordered by their own fields down to the id page by keyset: ``next`` carries a ``cursor`` (the last
    item's position), so any depth costs what the first page costs; ``offset`` still works there up to
    ``API_MAX_OFFSET`` (deeper offsets walk the archive; the cursor reaches every item). Other lists page by
    offset."""

    class Input(WagtailLimitOffsetPagination.Input):
        offset: int = Field(default=0, ge=0, le=MAX_DB_INT, description=(
            "Items to skip. Lists that give a cursor in `next` accept offsets up to API_MAX_OFFSET "
            "(2,000 by default): follow `next` to go further."))
        cursor: str | None = Field(default=None, max_length=400, description=(
            "Where the page starts: the opaque token in the `next` address of the previous page (keyset "
            "pagination: no duplicates or gaps while new items are published). Not combined with `offset`."))

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Number of items in the whole list (kept until the list changes).")
        next: str | None = Field(default=None, description=(
            "Address of the next page (with `cursor` where the list supports it), or null on the last page."))

    def paginate_queryset(self, queryset, pagination, request: HttpRequest, **params: Any) -> dict[str, Any]:
        max_limit = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        if max_limit is not None and pagination.limit > int(max_limit):
            raise HttpError(400, f"limit cannot be higher than {int(max_limit)}")  # as Wagtail's own lists
        limit, order = pagination.limit, keyset_order(queryset)
        if pagination.cursor:
            if order is None:
                raise ApiProblem(400, "invalid_query", _("This list is paged by offset, not by cursor."))
            if pagination.offset:
                raise ApiProblem(400, "invalid_query", _("Give either a cursor or an offset, not both."))
            try:
                rows = list(after_cursor(queryset, order, pagination.cursor)[:limit + 1])
            except InvalidCursor:
                raise ApiProblem(400, "invalid_query", _(
                    "The cursor is not valid for this list: take it from the next address of a page.")) from None
        else:
            if order is not None and pagination.offset > settings.API_MAX_OFFSET:
                raise ApiProblem(400, "invalid_query", _(
                    "The offset cannot be higher than %(max)d: follow the next address (a cursor) to go further."
                ) % {"max": settings.API_MAX_OFFSET})
            rows = list(queryset[pagination.offset:pagination.offset + limit + 1])
        items = rows[:limit]
        next_url = None
        if len(rows) > limit:  # one row more than asked for says a next page exists, without counting
            if order is not None:
                next_url = _replace_query(request, cursor=encode_cursor(items[-1], order), offset=None)
            else:
                next_url = _replace_query(request, offset=pagination.offset + limit)
        return {"items": items, "count": self._items_count(queryset), "next": next_url}

    def _items_count(self, queryset) -> int:
        # A list that carries a count key (cms.pagination.cached_count) counts from the cache: COUNT(*) of a
        # large archive costs more than the page itself.
        key = getattr(queryset, "portal_count_key", None)
        return cached_count(queryset, key) if key else super()._items_count(queryset)


def _replace_query(request: HttpRequest, **changes) -> str:
    """The request's absolute address with the given query parameters set (or removed when None)."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = str(value)
    return request.build_absolute_uri(request.path + (f"?{query.urlencode()}" if query else ""))


def in_id_range(pk: int) -> bool:
    """Whether ``pk`` can be an id at all: path ids are checked before they reach the database."""
    return 0 < pk <= MAX_DB_INT


def get_or_404(queryset, pk: int, *, detail: str | None = None):
    """The object with this id in ``queryset`` (which applies the visibility rule), or a 404 problem document."""
    found = queryset.filter(pk=pk).first() if in_id_range(pk) else None
    if found is None:
        raise ApiProblem(404, "not_found", detail or _("Nothing was found at this address."))
    return found


def absolute_page_url(page, request) -> str | None:
    find_site(request)  # the request's site in one plain query (Wagtail's get_url reads the one kept on the request)
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else None


def serialized_with(serialize: Callable[[list, HttpRequest], list[dict]]):
    """A paginated list whose items ``serialize(items, request)`` builds as plain values, in bulk, and which is
    rendered as django-ninja renders a response, without its schema pass (a pydantic model and a resolver call per
    field of every item: most of a list's time). Goes between ``@router.get`` and ``@paginate``: the operation's
    declared response schema, parameters and OpenAPI document stay as they are, and ``serialize`` must give
    exactly what that schema gives (each list using this has a test comparing the two)."""

    def decorator(view):
        @functools.wraps(view)
        def serialized(request: HttpRequest, **kwargs: Any):
            page = view(request, **kwargs)
            page["items"] = serialize(list(page["items"]), request)
            return HttpResponse(json.dumps(page, cls=NinjaJSONEncoder), content_type="application/json; charset=utf-8")

        return serialized

    return decorator
