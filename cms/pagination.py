"""Pagination that stays flat in the archive's size: counts from the cache, page numbers and offsets bounded.

A list of 100,000 articles costs two things per request that grow with the archive: ``COUNT(*)`` of every
matching row, and ``OFFSET`` walking past every row before the asked page. The count is kept in the cache
under a key that includes a version the list's app bumps whenever the list can change (publish, unpublish,
delete), so it stays exact. Pages go up to ``LIST_MAX_PAGES`` (API offsets up to ``API_MAX_OFFSET``); the
older part of an archive is reached through the filters (a month of news is a few hundred articles), which
bound every OFFSET.
"""
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.utils.functional import cached_property


def cached_count(queryset, key: str | None) -> int:
    """``queryset.count()`` kept in the cache under ``key`` (which must carry the list's version)."""
    if isinstance(queryset, list | tuple):  # already evaluated (e.g. site search's mixed hits)
        return len(queryset)
    if key is None:
        return queryset.count()
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, timeout=24 * 3600)
    return count


class BoundedPaginator(Paginator):
    """A Django paginator whose count comes from the cache and whose last page is ``LIST_MAX_PAGES``.

    ``total`` is the exact number of matching rows; ``truncated`` says that older rows exist beyond the last
    page offered (templates point to the filters then)."""

    def __init__(self, object_list, per_page, *, count_key: str | None = None, max_pages: int | None = None,
                 **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.max_pages = max_pages or getattr(settings, "LIST_MAX_PAGES", 100)

    @cached_property
    def total(self) -> int:
        return cached_count(self.object_list, self.count_key)

    @cached_property
    def count(self) -> int:
        return min(self.total, self.max_pages * self.per_page)

    @property
    def truncated(self) -> bool:
        return self.total > self.count

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > self.max_pages:
            raise EmptyPage(number)
        return number


class FirstPagePaginator(Paginator):
    """A Django paginator that reads the first page with one row more than it shows: when that row is missing,
    the list is complete and its count is known, so a short list (most discussions) costs no ``COUNT(*)``. Any
    other page, and the number of pages of a longer list, are counted as usual."""

    def get_page(self, number):
        if self.orphans or "count" in self.__dict__ or not _first_page_asked(number):
            return super().get_page(number)
        rows = list(self.object_list[:self.per_page + 1])
        if len(rows) <= self.per_page:
            self.count = len(rows)  # a cached_property: set here, never queried
        return self._get_page(rows[:self.per_page], 1, self)


def _first_page_asked(number) -> bool:
    """Whether ``Paginator.get_page(number)`` gives the first page whatever the list's length: no number, a
    value that is not a whole number (Django shows the first page then) or 1."""
    if number in (None, ""):
        return True
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return True


# --- keyset ("seek") pagination of API lists ------------------------------------------------------------------
# OFFSET walks past every row before the page; a cursor names the last row shown, and the next page starts right
# after it through the index that gives the order, so page 5,000 of the news costs what page 1 costs.

class InvalidCursor(ValueError):
    """The cursor was not made by this list (altered, cut, or from a list with another order)."""


def keyset_order(queryset) -> tuple[tuple[str, bool], ...] | None:
    """The list's order as ``(field, descending)`` pairs when it can be paged by keyset: a queryset ordered
    explicitly by non-null fields of its own model, ending with the primary key (which makes every position
    unique). ``None`` otherwise (offset paging only)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db.models import QuerySet

    if not isinstance(queryset, QuerySet) or not queryset.query.order_by:
        return None
    meta, order = queryset.model._meta, []
    for entry in queryset.query.order_by:
        if not isinstance(entry, str) or "__" in entry or entry.lstrip("-") == "?":
            return None
        name = entry.lstrip("-")
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.null or not field.concrete or field.is_relation and not field.primary_key:
            return None
        order.append(("pk" if field.primary_key else name, entry.startswith("-")))
    if order[-1][0] != "pk":
        return None
    return tuple(order)


def encode_cursor(item, order) -> str:
    """The position of ``item`` in a list ordered by ``order``, as an opaque URL-safe token."""
    import base64
    import json

    values = []
    for name, _descending in order:
        value = item.pk if name == "pk" else getattr(item, name)
        values.append(value.isoformat() if hasattr(value, "isoformat") else value)
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode_values(token: str, queryset, order) -> list:
    import base64
    import binascii
    import json

    from django.core.exceptions import ValidationError

    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError) as error:
        raise InvalidCursor(token) from error
    if not isinstance(values, list) or len(values) != len(order):
        raise InvalidCursor(token)
    meta, typed = queryset.model._meta, []
    for (name, _descending), value in zip(order, values, strict=True):
        field = meta.pk if name == "pk" else meta.get_field(name)
        if isinstance(value, dict | list) or value is None:
            raise InvalidCursor(token)
        try:
            # The primary key of a page type is a one-to-one link: its target's key field knows the type.
            typed.append((field.target_field if field.is_relation else field).to_python(value))
        except (ValidationError, TypeError, ValueError) as error:
            raise InvalidCursor(token) from error
    return typed


def after_cursor(queryset, order, token: str):
    """``queryset`` from the row after the cursor on: ``(a, b) < (x, y)`` written so that the first column's
    bound is a plain range the index serves, and the rest settles ties."""
    from django.db.models import Q

    values = _decode_values(token, queryset, order)
    after, equal = Q(), Q()
    for (name, descending), value in zip(order, values, strict=True):
        after |= equal & Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
        equal &= Q(**{name: value})
    (first, descending), first_value = order[0], values[0]
    return queryset.filter(Q(**{f"{first}__{'lte' if descending else 'gte'}": first_value}), after)
