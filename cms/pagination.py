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
