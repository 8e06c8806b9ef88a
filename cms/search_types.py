"""Site search across every public object type, as the modules declare them in their manifests (cms.modules):
``search_types`` names a list of the rich types below (own key, plural label, ranking, how a hit shows its number
and date; e.g. page types), and each simple ``search`` entry (a search function and the attributes holding number,
date and summary) is presented the same way. The kernel knows no module."""
import datetime
import functools
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from .modules import load
from .pagination import cached_count

PER_TYPE_LIMIT = 30  # hits taken from each type for the mixed list (page one is never ten drafts in a row)
ONE_TYPE_LIMIT = 200  # hits of one chosen type (20 pages of results)


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    kind: str
    number: str = ""
    date: datetime.date | datetime.datetime | None = None
    summary: str = ""


@dataclass(frozen=True)
class SearchType:
    key: str  # stable, used in ?type= and the API
    label: object  # lazy translated plural label
    search: Callable[[str], object]  # query (already cleaned) -> ranked queryset of public objects
    hit: Callable[[object], SearchHit]
    order: int = 100


@functools.cache
def search_types() -> dict[str, SearchType]:
    from .modules import modules

    found = []
    for config, manifest in modules():
        if manifest.search_types:
            found += list(load(manifest.search_types))
        for index, declared in enumerate(manifest.search):
            found.append(_from_manifest(config.label if index == 0 else f"{config.label}-{index}", declared))
    return {kind.key: kind for kind in sorted(found, key=lambda kind: (kind.order, kind.key))}


def _from_manifest(key: str, declared) -> SearchType:
    """A simple manifest search type (cms.modules.SearchType) as a site-search type."""
    def search(query: str):
        return load(declared.search)(query)

    def hit(obj) -> SearchHit:
        number = getattr(obj, declared.number) if declared.number else ""
        return SearchHit(title=str(getattr(obj, "title", obj)), url=obj.get_absolute_url(), kind=str(declared.label),
                         number=str(number or ""), date=getattr(obj, declared.date) if declared.date else None,
                         summary=str(getattr(obj, declared.summary) or "") if declared.summary else "")

    return SearchType(key, declared.label, search, hit, order=80)


PAGE_SEARCH_VERSION_KEY = "search:pages-version"


def page_search_version() -> str:
    version = cache.get(PAGE_SEARCH_VERSION_KEY)
    if version is None:
        cache.add(PAGE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(PAGE_SEARCH_VERSION_KEY)
    return version


def bump_page_search_version() -> None:
    """Called when the pages the public can find change (cms.signals): cached match counts are dropped. Bumped
    again after the commit, so a request that counted the old rows meanwhile cannot keep its count."""
    cache.set(PAGE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(PAGE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None))


class RecentMatches:
    """A type's matches for a query: counted exactly, and the newest ``ONE_TYPE_LIMIT`` of them ranked by relevance
    (Wagtail's own ranking), best first; that is every hit the search page can show of one type.

    Ranking reads each match's whole text vector: every match of a common word (14,000 of 100,000 articles) costs
    most of a second, the newest few hundred a few milliseconds. Among equally good matches a resident wants this
    year's news before one from ten years ago, and a rarer word has fewer matches than the bound anyway."""

    def __init__(self, visible, query: str, newest: tuple[str, ...]):
        self.visible, self.query, self.newest = visible, query, newest

    def _matching(self):
        # Wagtail's own match (its query, its index entries, the GIN index on title || body) without its ranking.
        return self.visible.search(self.query).get_queryset().order_by()

    def count(self) -> int:
        # Counting every match of a common word reads each one (14,000 of 100,000 articles): kept in the cache
        # per query and visible set until a page is published, unpublished, moved, deleted or restricted.
        visible = str(self.visible.values("pk").query)
        digest = hashlib.sha256(f"{self.query}\0{visible}".encode()).hexdigest()[:32]
        return cached_count(self._matching(), f"search:count:{page_search_version()}:{digest}")

    def __getitem__(self, window):
        newest = self._matching().order_by(*self.newest).values("pk")[:ONE_TYPE_LIMIT]
        return list(self.visible.filter(pk__in=newest).search(self.query)[window])


def page_search(model, *extra_related: str, newest: tuple[str, ...] = ("-pk",)):
    """The public pages of ``model`` matching the query: the newest (by ``newest``, an order an index serves)
    ranked, best first (Wagtail's search backend)."""
    def search(query: str):
        queryset = model.objects.live().public()
        if extra_related:
            queryset = queryset.select_related(*extra_related)
        return RecentMatches(queryset, query, newest)
    return search


def site_search(query: str, *, kind: str | None = None) -> tuple[list[SearchHit], dict[str, int]]:
    """Hits for ``query`` (of one type, or mixed: each type's best in turn) and the count per type."""
    from .search import backend_search_text

    query = backend_search_text(query)
    if not query:
        return [], {}
    types = search_types()
    chosen = [types[kind]] if kind else list(types.values())
    counts, columns = {}, []
    for search_type in chosen:
        results = search_type.search(query)
        counts[search_type.key] = results.count()
        if counts[search_type.key]:
            limit = ONE_TYPE_LIMIT if kind else PER_TYPE_LIMIT
            columns.append([search_type.hit(obj) for obj in results[:limit]])
    if kind:
        return (columns[0] if columns else []), counts
    mixed = []
    for row in range(max((len(column) for column in columns), default=0)):
        mixed += [column[row] for column in columns if row < len(column)]
    return mixed, counts
