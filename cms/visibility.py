"""Which pages the public may see: Wagtail's view restrictions read once per request, not once per list.

Wagtail's ``PageQuerySet.public()`` reads every ``PageViewRestriction`` each time it is called, and a home page
with its sections calls it for every section. ``public(queryset)`` gives the same result from the restricted
paths that ``RequestMemoMiddleware`` keeps for the length of one request (outside a request it reads them each
time, like Wagtail), so a restriction an editor adds applies from the next request on. The same memo keeps other
values read several times per request (``once_per_request``: cache versions of the site's links and news facets)."""
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction

T = TypeVar("T")

_request_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


class RequestMemoMiddleware:
    """Gives each request its own empty memo and drops it when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({"request": request})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def current_request():
    """The request being answered (for absolute addresses in API values built outside a view), or None."""
    memo = _request_memo.get()
    return memo.get("request") if memo is not None else None


def once_per_request(name: str, build: Callable[[], T]) -> T:
    """``build()`` kept in the current request's memo under ``name``, so a value read several times while
    answering one request (a cache version, the restricted paths) costs one read; outside a request it is built
    each time. Whoever changes what ``name`` stands for mid-request calls ``forget(name)``."""
    memo = _request_memo.get()
    if memo is None:
        return build()
    if name not in memo:
        memo[name] = build()
    return memo[name]


def forget(name: str) -> None:
    """Drops ``name`` from the current request's memo (the value changed during this request)."""
    memo = _request_memo.get()
    if memo is not None:
        memo.pop(name, None)


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction (a password, a login, groups)."""
    return once_per_request("restricted_paths", lambda: tuple(
        PageViewRestriction.objects.values_list("page__path", flat=True)))


def public(queryset: QuerySet) -> QuerySet:
    """``queryset.public()``: leaves out restricted pages and everything below them."""
    private = Q()
    for path in restricted_paths():
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset


def live_public_pages(queryset: QuerySet) -> QuerySet:
    """``public(queryset.filter(live=True))`` as SQL of one shape whatever the restrictions (no list of paths read
    first), for statements built once per process (site search, cms.search_types): a restricted page and everything
    below it are left out."""
    restricted = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return queryset.filter(live=True).exclude(Exists(restricted))
