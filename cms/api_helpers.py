"""What every module's django-ninja router uses: auth choices, pagination, the id-range check, page addresses.

Routers import from here (and raise cms.errors.RuleError / ApiProblem); they never import the API mount
(cms.api), which imports them."""
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.models import Page, Site

from .errors import ApiProblem
from .pagination import InvalidCursor, after_cursor, cached_count, encode_cursor, keyset_order
from .search import NO_SEARCH_WORDS, search_words
from .token_auth import AccountRow, ResidentTokenAuth

logger = logging.getLogger(__name__)

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
        shape = getattr(queryset, "portal_shape_items", None)
        return {"items": shape(items) if shape else items, "count": self._items_count(queryset), "next": next_url}

    def _items_count(self, queryset) -> int:
        # A list that carries a count key (cms.pagination.cached_count) counts from the cache: COUNT(*) of a
        # large archive costs more than the page itself.
        key = getattr(queryset, "portal_count_key", None)
        return cached_count(queryset, key) if key else super()._items_count(queryset)


def shaped(queryset, shape_items: Callable[[list], list]):
    """``queryset`` whose page of rows ``Pagination`` hands to ``shape_items`` (after paging, so the cursor is read from
    the rows): a list that builds its items' values for the whole page at once (related rows in one query each, image
    renditions from the cache) instead of one resolver per item and field."""
    queryset.portal_shape_items = shape_items
    return queryset


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
    """``page.get_url(request)`` as an absolute address. Wagtail's ``get_url`` looks up the request's site (a query per
    request) only to choose a relative address for a page of that site; with a single site the address is relative
    whatever the site, so the site is looked up only when there are several."""
    if type(page).get_url is not Page.get_url:  # a page type with an address of its own
        url = page.get_url(request)
        return request.build_absolute_uri(url) if url else None
    parts = page.get_url_parts(request=request)
    if parts is None or parts[1] is None and parts[2] is None:  # not routable
        return None
    site_id, root_url, page_path = parts
    if len({root[0] for root in page._get_site_root_paths(request)}) > 1:
        site = Site.find_for_request(request)
        if site is None or site.pk != site_id:
            return request.build_absolute_uri(root_url + page_path)
    return request.build_absolute_uri(page_path)


_filters: dict[str, Filter] = {}


def _filter(spec: str) -> Filter:
    # One Filter per spec and process: it parses its operations (inspect.getcallargs per operation) on first use.
    if spec not in _filters:
        _filters[spec] = Filter(spec=spec)
    return _filters[spec]


def image_renditions(images: Iterable, specs: dict[str, str], request) -> dict[int, dict | None]:
    """The renditions ``specs`` names (``{name: filter spec}``) of each image, as API values by image id:
    ``{name: {"url", "width", "height"}}``, or None for an image whose file is lost. Renditions come from Wagtail's
    renditions cache (each worker's memory); those not there are read for all the images in one query (and made
    when they do not exist yet), so a list of images costs no query once warm and one query cold."""
    unique = {image.pk: image for image in images if image is not None}
    if not unique:
        return {}
    rendition_model = get_image_model().get_rendition_model()
    cache = rendition_model.cache_backend
    filters = {name: _filter(spec) for name, spec in specs.items()}
    keys = {(pk, name): rendition_model.construct_cache_key(image, flt.get_cache_key(image), flt.spec)
            for pk, image in unique.items() for name, flt in filters.items()}
    cached = cache.get_many(list(keys.values()))
    missing = {pk for pk in unique if any(keys[pk, name] not in cached for name in filters)}
    if missing:
        wanted = rendition_model.objects.filter(filter_spec__in=[flt.spec for flt in filters.values()])
        prefetch_related_objects([unique[pk] for pk in missing], Prefetch("renditions", queryset=wanted))
    payloads = {}
    for pk, image in unique.items():
        if pk in missing:
            try:
                by_spec = image.get_renditions(*filters.values())  # keyed by the spec made safe for an SVG
            except SourceImageIOError:  # a lost file must not break the whole list
                logger.warning("Image %s has no source file; left out of the API response", pk)
                payloads[pk] = None
                continue
            found = {name: by_spec[image.clean_filter_for_svg(flt).spec] for name, flt in filters.items()}
            cache.set_many({rendition.get_cache_key(): rendition for rendition in found.values()})
        else:
            found = {name: cached[keys[pk, name]] for name in filters}
        payloads[pk] = {name: {"url": request.build_absolute_uri(rendition.url), "width": rendition.width,
                               "height": rendition.height} for name, rendition in found.items()}
    return payloads


def search_text(text: str | None) -> str:
    """A list's ``q`` as the API takes it: stripped; text with no letter or digit (only punctuation) is refused with
    the message the list pages give (cms.filter_forms.has_search_words), never searched."""
    text = (text or "").strip()
    if text and not search_words(text):
        raise ApiProblem(400, "no_search_words", str(NO_SEARCH_WORDS))
    return text
