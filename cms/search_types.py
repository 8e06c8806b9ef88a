"""Site search across every public object type, as the modules declare them in their manifests (cms.modules):
``search_types`` names a list of the rich types below (own key, plural label, ranking, how a hit shows its number
and date; e.g. page types), and each simple ``search`` entry (a search function and the attributes holding number,
date and summary) is presented the same way. The kernel knows no module."""
import datetime
import functools
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Value

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
    # Module types (not pages): the models ("app_label.Model") whose saves and deletions change what the type
    # finds; their hits are kept for anonymous readers until one of them changes (``search_version``).
    models: tuple[str, ...] = ()


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

    return SearchType(key, declared.plural or declared.label, search, hit, order=80, models=tuple(declared.models))


PAGE_SEARCH_VERSION_KEY = "search:pages-version"


def page_search_version() -> str:
    version = cache.get(PAGE_SEARCH_VERSION_KEY)
    if version is None:
        cache.add(PAGE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(PAGE_SEARCH_VERSION_KEY)
    return version


MODULE_SEARCH_VERSION_KEY = "search:modules-version"


def module_search_version() -> str:
    """Changes with every save or deletion of a module type's ``models`` (cms.signals): a key part for what is read
    from the modules' objects and kept."""
    version = cache.get(MODULE_SEARCH_VERSION_KEY)
    if version is None:
        cache.add(MODULE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(MODULE_SEARCH_VERSION_KEY)
    return version


def search_version() -> str:
    """What the public can find in pages and in the modules' objects, as one key part, read in one round trip:
    it changes with ``bump_page_search_version`` and with every save or deletion of a module type's ``models``."""
    keys = (PAGE_SEARCH_VERSION_KEY, MODULE_SEARCH_VERSION_KEY)
    versions = cache.get_many(keys)
    for key in keys:
        if key not in versions:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            versions[key] = cache.get(key)
    return f"{versions[PAGE_SEARCH_VERSION_KEY]}.{versions[MODULE_SEARCH_VERSION_KEY]}"


@functools.cache
def module_search_models() -> frozenset:
    """The model classes whose changes change the modules' search hits (cms.signals)."""
    from django.apps import apps

    return frozenset(apps.get_model(name) for kind in search_types().values() for name in kind.models)


def bump_module_search_version() -> None:
    """A module's searchable object changed (or its visibility did): cached module hits are dropped, now and again
    after the commit, as for pages."""
    cache.set(MODULE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(MODULE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None))


def bump_page_search_version() -> None:
    """Called when the pages the public can find change (cms.signals): cached match counts are dropped. Bumped
    again after the commit, so a request that counted the old rows meanwhile cannot keep its count."""
    cache.set(PAGE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(PAGE_SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None))


def wagtail_tsquery(query: str) -> str:
    """The tsquery text Wagtail's PostgreSQL backend builds for a plain-text search (every word required, each
    quoted and lemmatised by the configuration): site search matches exactly what the backend would."""
    terms = [term for term in re.split(r"[\s\-]+", query) if term]
    if not terms:
        return ""

    def lexeme(term: str) -> str:
        return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"

    # The backend's order: the last word first, then the others in turn, each pair in parentheses.
    combined = lexeme(terms.pop())
    for term in terms:
        combined = f"({combined} & {lexeme(term)})"
    return combined


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

    def _key(self, what: str) -> str:
        visible = str(self.visible.values("pk").query)
        digest = hashlib.sha256(f"{self.query}\0{visible}\0{ONE_TYPE_LIMIT}".encode()).hexdigest()[:32]
        return f"search:{what}:{page_search_version()}:{digest}"

    def count(self) -> int:
        # Counting every match of a common word reads each one (14,000 of 100,000 articles): kept in the cache
        # per query and visible set until the public pages or their search index change (cms.signals).
        return cached_count(self._matching(), self._key("count"))

    def ranked(self) -> list[int]:
        """The ids of the newest ``ONE_TYPE_LIMIT`` matches, best first: ranked once per query and kept like the
        count (finding the newest matches of a common word reads every match's entry, tens of milliseconds at
        100,000 articles); a page of results then loads its pages by id."""
        key = self._key("ranked")
        ids = cache.get(key)
        if ids is None:
            newest = self._matching().order_by(*self.newest).values("pk")[:ONE_TYPE_LIMIT]
            results = self.visible.filter(pk__in=newest).search(self.query)
            ids = list(results.get_queryset().values_list("pk", flat=True))
            cache.set(key, ids, timeout=24 * 3600)
        return ids

    def __getitem__(self, window):
        ids = self.ranked()[window]
        # Loaded through the visible set again: a page unpublished since the ranking is left out, not shown.
        found = {page.pk: page for page in self.visible.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


# A stand-in for the words while the SQL of a page type's search is built; each search binds its own in its place.
_WORDS = f"portal-search-{uuid.uuid4().hex}"


class PageSearch:
    """How site search finds the public pages of one type: the same match and ranking as Wagtail's search backend
    (its index entries, the GIN index on title || body, its weights), the newest ``ONE_TYPE_LIMIT`` matches (by
    ``newest``, an order an index serves) ranked best first, and only the columns the hit shows (``fields`` of the
    page type besides its title and address).

    Every page type of a search runs in one statement (a UNION ALL), built by the ORM once per process and bound to
    each query's words: building a Wagtail search queryset per type and loading whole specific pages cost tens of
    milliseconds of Python per request, the SQL a few. Called with the words, it is the queryset-like
    ``RecentMatches`` (count, slices of specific pages) for other callers."""

    def __init__(self, model, *, newest: tuple[str, ...] = ("-pk",), fields: tuple[str, ...] = ()):
        self.model, self.newest, self.fields = model, newest, fields

    def __call__(self, query: str) -> RecentMatches:
        from .visibility import live_public_pages  # not at the top: manifests import this before the apps load

        return RecentMatches(live_public_pages(self.model.objects.all()), query, self.newest)

    def _tsquery(self, words):
        return SearchQuery(Value(words), search_type="raw", config=_search_config())

    def matching(self, words):
        from .visibility import live_public_pages

        vector = F("index_entries__title")._combine(F("index_entries__body"), "||", False)
        pages = live_public_pages(self.model.objects.all())
        return pages.annotate(_vector_=vector).filter(_vector_=self._tsquery(words))

    def count_sql(self, words: str):
        return self.matching(words).order_by().values("pk").query.sql_with_params()

    def hits_queryset(self, key: str, limit: int):
        from django.db.models.functions import JSONObject
        from modelsearch.backends.database.postgres.weights import get_sql_weights

        query, weights = self._tsquery(_WORDS), get_sql_weights()
        newest = self.matching(_WORDS).order_by(*self.newest).values("pk")[:ONE_TYPE_LIMIT]
        rank = (SearchRank(F("index_entries__title"), query, weights=weights) * F("index_entries__title_norm")
                + SearchRank(F("index_entries__body"), query, weights=weights))
        fields = JSONObject(**{name: F(name) for name in self.fields}) if self.fields else Value("{}")
        return (self.model.objects.filter(pk__in=newest)
                .annotate(_kind=Value(key), _rank=rank, _fields=fields)
                .order_by("-_rank", "-pk").values_list("_kind", "pk", "title", "url_path", "_fields")[:limit])

    def row(self, pk: int, title: str, url_path: str, values) -> "PageRow":
        if isinstance(values, str):
            values = json.loads(values)
        meta = self.model._meta
        return PageRow(pk, title, url_path, {name: meta.get_field(name).to_python(value)
                                             for name, value in values.items()})


class PageRow:
    """What a page-type hit reads of a matched page: its title, address and the declared fields."""

    def __init__(self, pk: int, title: str, url_path: str, values: dict):
        self.pk, self.title, self.url_path = pk, title, url_path
        self.__dict__.update(values)

    @property
    def url(self) -> str | None:
        from wagtail.models import Page

        from .visibility import current_request

        # A bare page with the matched row's address: Wagtail's own URL rules, the site roots read once a request.
        return Page(id=self.pk, url_path=self.url_path).get_url(request=current_request())


def _search_config() -> str:
    from django.conf import settings

    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") or "simple"


def page_search(model, *, newest: tuple[str, ...] = ("-pk",), fields: tuple[str, ...] = ()) -> PageSearch:
    """The public pages of ``model`` for site search (``PageSearch``): ``newest`` an order an index serves,
    ``fields`` what the type's hit reads besides title and address."""
    return PageSearch(model, newest=newest, fields=fields)


_statements: dict[tuple, tuple[str, tuple]] = {}


def _page_hits_statement(page_types: list[SearchType], limit: int) -> tuple[str, tuple]:
    """One statement for the hits of every given page type (cached per process: the ORM builds it once)."""
    key = (tuple(kind.key for kind in page_types), limit, ONE_TYPE_LIMIT)
    if key not in _statements:
        parts, params = [], []
        for kind in page_types:
            sql, part_params = kind.search.hits_queryset(kind.key, limit).query.sql_with_params()
            parts.append(f"({sql})")
            params += part_params
        sql = " UNION ALL ".join(parts)
        _statements[key] = (sql, tuple(params))
    return _statements[key]


def _page_results(page_types: list[SearchType], words: str, limit: int) -> tuple[dict[str, int], dict[str, list]]:
    """Each page type's number of matches and best ``limit`` rows (as read; ``PageSearch.row`` makes one a
    ``PageRow``). Both are kept in the cache (read in one round trip) until the pages the public can find change:
    ``bump_page_search_version`` runs on every publish, unpublish, move, deletion, view restriction and search-index
    update. On a miss each type is counted (every match of a common word is read then) and the rows of all the
    types with matches come in one statement."""
    version = page_search_version()
    digest = hashlib.sha256(f"{words}\0{ONE_TYPE_LIMIT}".encode()).hexdigest()[:32]
    count_keys = {kind.key: f"search:count:{version}:{kind.key}:{digest}" for kind in page_types}
    row_keys = {kind.key: f"search:rows:{version}:{kind.key}:{limit}:{digest}" for kind in page_types}
    cached = cache.get_many([*count_keys.values(), *row_keys.values()])
    counts, stored = {}, {}
    for kind in page_types:
        counts[kind.key] = cached.get(count_keys[kind.key])
        if counts[kind.key] is None:
            sql, params = kind.search.count_sql(words)
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:  # kept for everyone: the primary's rows
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matches", params)
                counts[kind.key] = stored[count_keys[kind.key]] = cursor.fetchone()[0]
    rows = {kind.key: cached.get(row_keys[kind.key], []) for kind in page_types}
    missing = [kind for kind in page_types if counts[kind.key] and row_keys[kind.key] not in cached]
    if missing:
        sql, params = _page_hits_statement(missing, limit)
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(sql, [words if param == _WORDS else param for param in params])
            for key, *row in cursor.fetchall():
                rows[key].append(tuple(row))
        stored.update({row_keys[kind.key]: rows[kind.key] for kind in missing})
    if stored:
        cache.set_many(stored, timeout=24 * 3600)
    # Raw rows: SearchResults makes a row a PageRow only when its page shows it (ten of up to 30 per type).
    return counts, rows


def _module_column(search_type: SearchType, query: str, limit: int) -> tuple[int, list]:
    """A module's matches: its count and first ``limit`` objects in one query (a window count) when its search
    gives a queryset, else counted and sliced."""
    from django.db.models import Count, QuerySet, Window

    results = search_type.search(query)
    if isinstance(results, QuerySet) and not results.query.distinct:
        found = list(results.annotate(_search_total=Window(Count("*")))[:limit])
        return (found[0]._search_total if found else 0), found
    total = results.count()
    return total, (list(results[:limit]) if total else [])


def _module_column_from_primary(search_type: SearchType, query: str, limit: int) -> tuple[int, list]:
    # Kept for every anonymous reader: read where the change that renewed the version has surely arrived.
    from .db_router import primary_reads

    with primary_reads():
        return _module_column(search_type, query, limit)


def _module_columns(module_types: list[SearchType], query: str, limit: int) -> dict[str, tuple[int, list]]:
    """Each module type's count and first ``limit`` objects. For anonymous readers they are kept like the pages'
    cached fragments (cms.pagecache.shared_values: until the next purge, page-search or module change, at most
    ``PAGE_CACHE_TIMEOUT``), the same as the search page itself in the page cache; building a module's query cost
    a millisecond or two of Python each, most of a warm search. Anyone else gets them read afresh."""
    from .pagecache import shared_values
    from .visibility import current_request

    version = search_version()  # a view restriction hides a forum's topics too; a hidden object leaves at once
    digest = hashlib.sha256(f"{query}\0{limit}".encode()).hexdigest()[:32]
    names = {kind.key: f"search:module:{version}:{kind.key}:{digest}" for kind in module_types}
    values = shared_values(current_request(), {
        names[kind.key]: functools.partial(_module_column_from_primary, kind, query, limit) for kind in module_types})
    return {key: values[name] for key, name in names.items()}


class SearchResults:
    """Site search's hits in the order they are listed, built into ``SearchHit`` (addresses and all) only for the
    part a page shows: the list itself is the matched rows, so a page of ten builds ten hits whatever the matches."""

    def __init__(self, entries: list[tuple[SearchType, object]]):
        self.entries = entries

    def __len__(self) -> int:
        return len(self.entries)

    def count(self) -> int:
        return len(self.entries)

    @staticmethod
    def _hit(kind: SearchType, obj) -> SearchHit:
        if isinstance(kind.search, PageSearch):
            obj = kind.search.row(*obj)
        return kind.hit(obj)

    def __getitem__(self, window):
        # A row is missing only when a cached count is ahead of the pages (published meanwhile): left out.
        if isinstance(window, slice):
            return [self._hit(kind, obj) for kind, obj in self.entries[window] if obj is not None]
        kind, obj = self.entries[window]
        return self._hit(kind, obj)

    def __iter__(self):
        return iter(self[:])


class ShownHits:
    """The hits of one window of ``SearchResults``, built on first use: a search page whose list comes from a cached
    fragment builds none (addresses and all). Its length needs no hit."""

    def __init__(self, results: SearchResults, window: slice):
        self.results, self.window, self._hits = results, window, None

    def _built(self) -> list[SearchHit]:
        if self._hits is None:
            self._hits = self.results[self.window]
        return self._hits

    def __len__(self) -> int:
        return sum(1 for _kind, obj in self.results.entries[self.window] if obj is not None)

    def __iter__(self):
        return iter(self._built())

    def __getitem__(self, index):
        return self._built()[index]


class LazySearchResults:
    """``SearchResults`` for a paginator whose page may never be shown item by item (see ``ShownHits``)."""

    def __init__(self, results: SearchResults):
        self.results = results

    def __len__(self) -> int:
        return len(self.results)

    def count(self) -> int:
        return len(self.results)

    def __getitem__(self, window):
        return ShownHits(self.results, window) if isinstance(window, slice) else self.results[window]


def site_search(query: str, *, kind: str | None = None,
                needed: int | None = None) -> tuple[SearchResults, dict[str, int]]:
    """Hits for ``query`` (of one type, or mixed: each type's best in turn) and the count per type. ``needed``: how
    many of the listed hits will be shown at most (a page's end): no type reads more rows than that."""
    from .search import backend_search_text

    query = backend_search_text(query)
    if not query:
        return SearchResults([]), {}
    types = search_types()
    chosen = [types[kind]] if kind else list(types.values())
    cap = ONE_TYPE_LIMIT if kind else PER_TYPE_LIMIT
    limit = min(cap, needed) if needed else cap
    page_types = [search_type for search_type in chosen if isinstance(search_type.search, PageSearch)]
    words = wagtail_tsquery(query)
    counts, columns = {}, {}
    if page_types and words:
        counts, columns = _page_results(page_types, words, limit)
    module_types = [search_type for search_type in chosen if not isinstance(search_type.search, PageSearch)]
    if module_types:
        for key, (count, column) in _module_columns(module_types, query, limit).items():
            counts[key], columns[key] = count, column
    counts = {search_type.key: counts.get(search_type.key, 0) for search_type in chosen}
    # Each type lists at most ``cap`` hits; the order (each type's best in turn) only needs how many each has.
    lengths = {key: min(count, cap) for key, count in counts.items()}
    entries = []
    for row in range(max(lengths.values(), default=0)):
        for search_type in chosen:
            if row < lengths[search_type.key]:
                column = columns.get(search_type.key, [])
                entries.append((search_type, column[row] if row < len(column) else None))
    return SearchResults(entries), counts
