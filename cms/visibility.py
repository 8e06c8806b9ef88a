"""Which pages the public may see: Wagtail's view restrictions read once per request, not once per list.

Wagtail's ``PageQuerySet.public()`` reads every ``PageViewRestriction`` each time it is called, and a home page
with its sections calls it for every section. ``public(queryset)`` gives the same result from the restricted
paths that ``RequestMemoMiddleware`` keeps for the length of one request (outside a request it reads them each
time, like Wagtail), so a restriction an editor adds applies from the next request on."""
from contextvars import ContextVar

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction

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


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction (a password, a login, groups)."""
    memo = _request_memo.get()
    if memo is not None and "restricted_paths" in memo:
        return memo["restricted_paths"]
    paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    if memo is not None:
        memo["restricted_paths"] = paths
    return paths


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
