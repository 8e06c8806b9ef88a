"""Site search across every public object type. Each module declares its types in its own ``search_types.py``
(a list ``SEARCH_TYPES``), found by autodiscovery until the module contract (issue 11) carries them in the
manifest; the kernel knows no module. A type says how to search its public objects and what a result shows:
type, number and date."""
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

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


@cache
def search_types() -> dict[str, SearchType]:
    from importlib import import_module

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.search_types")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.search_types":
                raise
            continue
        found += list(getattr(module, "SEARCH_TYPES", []))
    return {kind.key: kind for kind in sorted(found, key=lambda kind: (kind.order, kind.key))}


def page_search(model, *extra_related: str):
    """The public pages of ``model`` matching the query, best first (Wagtail's search backend)."""
    def search(query: str):
        queryset = model.objects.live().public()
        if extra_related:
            queryset = queryset.select_related(*extra_related)
        return queryset.search(query)
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
