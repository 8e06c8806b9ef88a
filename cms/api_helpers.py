"""What every module's django-ninja router uses: auth choices, pagination, the id-range check, page addresses.

Routers import from here (and raise cms.errors.RuleError / ApiProblem); they never import the API mount
(cms.api), which imports them."""
from django.utils.translation import gettext as _
from ninja import Field
from ninja.security import django_auth
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

from .errors import ApiProblem
from .pagination import cached_count
from .token_auth import ResidentTokenAuth

# Ids and offsets past a 64-bit integer overflow the database driver (a 500 instead of a 404 or 400).
MAX_DB_INT = 2**63 - 1

# Public reads: an API token is read when sent (a staff token), otherwise anyone. AllowAnonymous turns a session
# user into an anonymous one on purpose: public answers do not depend on the browser's session.
public = [BearerTokenAuth(), AllowAnonymous()]
# Public reads whose answer shows the signed-in resident their own part (e.g. "you answered").
public_or_session = [BearerTokenAuth(), django_auth, AllowAnonymous()]
# Resident actions: an API token or the browser session (ninja checks CSRF for the session).
resident_auth = [ResidentTokenAuth(), django_auth]


class Pagination(WagtailLimitOffsetPagination):
    """Wagtail's limit/offset pagination ({"items": [...], "count": N}) with the offset bounded for the database."""

    class Input(WagtailLimitOffsetPagination.Input):
        offset: int = Field(default=0, ge=0, le=MAX_DB_INT)

    def _items_count(self, queryset) -> int:
        # A list that carries a count key (cms.pagination.cached_count) counts from the cache: COUNT(*) of a
        # large archive costs more than the page itself.
        key = getattr(queryset, "portal_count_key", None)
        return cached_count(queryset, key) if key else super()._items_count(queryset)


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
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else None
