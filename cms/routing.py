"""Wagtail's page routing for the public site in two queries, whatever the page's depth.

Wagtail finds the page of an address with a query for the site, then one for each level of the tree (the child
with the next slug) and one for each level's specific page, and checks view restrictions with two more: eight
queries for an article. ``serve`` reads the site, every page on the way (by slug, below the site's root) and
whether the found page or any page above it has a view restriction or is an alias, in one query, then the found
page's specific row; it then walks the rows exactly as ``Page.route`` and ``RoutablePageMixin.route`` would and
hands the result to Wagtail's own serving (hooks, ``Page.serve``).

Wagtail's route and serve stay in charge wherever the walk could differ: a page class with a route of its own, a
routable page whose sub-route matches (it answers from there with its own ``route``), two candidate children
with one slug, more than two candidate sites, localisation switched on. A page under a view restriction (or an
alias) is served by Wagtail's ``serve`` with its restriction check (the route found here is reused); only when
nothing above or at the page is restricted is that check, which would then find nothing, left out.
"""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import MATCH_DEFAULT, MATCH_HOSTNAME_DEFAULT, MATCH_HOSTNAME_PORT
from wagtail.views import serve as wagtail_serve
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

# The walk could not decide as Wagtail would: Wagtail routes this request itself.
WAGTAIL_ROUTES = object()

_sql: str | None = None


def _route_sql() -> str:
    """The site(s) for a host, each site's root page and the pages below it whose slug and depth fit the address,
    each with whether it or a page above it has a view restriction or is an alias."""
    global _sql
    if _sql is None:
        def columns(model, alias):
            return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)

        page, site, restriction = Page._meta.db_table, Site._meta.db_table, PageViewRestriction._meta.db_table
        _sql = f"""
            SELECT {columns(Site, "s")}, {_SITE_MATCH}, {columns(Page, "p")},
                   (SELECT bool_or(a.alias_of_id IS NOT NULL
                                   OR EXISTS (SELECT 1 FROM {restriction} v WHERE v.page_id = a.id))
                      FROM {page} a
                     WHERE a.path = ANY(ARRAY(  -- an array: the path index finds each ancestor (IN would scan)
                           SELECT left(p.path, %(steplen)s * i) FROM generate_series(1, p.depth) AS i)))
              FROM {site} s
              JOIN {page} r ON r.id = s.root_page_id
              JOIN {page} p ON p.id = r.id
                            OR (p.slug = ANY(%(slugs)s) AND p.depth > r.depth AND p.depth <= r.depth + %(levels)s
                                AND p.path LIKE r.path || '%%')
             WHERE s.hostname = %(host)s OR s.is_default_site
        """
    return _sql


_SITE_MATCH = """CASE WHEN s.hostname = %(host)s AND s.port = %(port)s THEN 0
                        WHEN s.hostname = %(host)s AND s.is_default_site THEN 1
                        WHEN s.is_default_site THEN 2 ELSE 3 END"""
_site_sql: str | None = None


def find_site(request) -> Site | None:
    """``Site.find_for_request`` (and kept on the request as Wagtail keeps it) in one plain query: Wagtail's own,
    built through the ORM with its CASE expression, costs an API list more CPU than any of its other queries."""
    global _site_sql
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        if _site_sql is None:
            columns = ", ".join(f"s.{field.column}" for field in Site._meta.concrete_fields)
            _site_sql = (f"SELECT {columns}, {_SITE_MATCH} FROM {Site._meta.db_table} s"
                         " WHERE s.hostname = %(host)s OR s.is_default_site")
        params = _host_and_port(request)
        if params is None:
            return Site.find_for_request(request)
        alias = router.db_for_read(Site)
        with connections[alias].cursor() as cursor:
            cursor.execute(_site_sql, params)
            rows = cursor.fetchall()
        if len(rows) > 2:
            return Site.find_for_request(request)  # Wagtail's order among equal matches is the database's
        names = [field.attname for field in Site._meta.concrete_fields]
        request._wagtail_site = _choose_site([(row[-1], Site.from_db(alias, names, row[:-1])) for row in rows]) \
            if rows else None
    return request._wagtail_site


def _host_and_port(request) -> dict | None:
    """The host and port Wagtail matches sites against, or None when the port is not a number."""
    try:
        port = int(request.get_port())
    except ValueError:
        return None
    return {"host": split_domain_port(request._get_raw_host())[0], "port": port}


def _choose_site(sites: list[tuple[int, Site]]) -> Site | None:
    """``wagtail.models.sites.get_site_for_hostname`` over the candidate sites (at most two), sorted by match."""
    sites.sort(key=lambda item: item[0])
    if len(sites) == 1 or sites[0][0] in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return sites[0][1]
    if sites[0][0] == MATCH_DEFAULT:
        return sites[len(sites) == 2][1]
    return None


def _subroute_matches(model, components: list[str]) -> bool:
    try:
        model.get_resolver().resolve("/" + "".join(f"{part}/" for part in components))
    except Http404:  # Resolver404
        return False
    return True


def find_route(request, path: str):
    """(site, Wagtail's route result or None for a 404, whether the page needs Wagtail's restriction check), or
    ``WAGTAIL_ROUTES`` when this request is left to Wagtail's own routing."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return WAGTAIL_ROUTES  # the root page would depend on the active language
    components = [component for component in path.split("/") if component]
    params = _host_and_port(request)
    if params is None:
        return WAGTAIL_ROUTES
    params.update(steplen=Page.steplen, slugs=components, levels=len(components))
    site_width, page_width = len(Site._meta.concrete_fields), len(Page._meta.concrete_fields)
    site_names = [field.attname for field in Site._meta.concrete_fields]
    page_names = [field.attname for field in Page._meta.concrete_fields]
    alias = router.db_for_read(Page)
    with connections[alias].cursor() as cursor:
        cursor.execute(_route_sql(), params)
        rows = cursor.fetchall()

    sites: dict[int, tuple[int, Site]] = {}
    pages: dict[int, list[tuple[Page, bool]]] = {}
    for row in rows:
        site_id = row[0]
        if site_id not in sites:
            sites[site_id] = (row[site_width], Site.from_db(alias, site_names, row[:site_width]))
        page = Page.from_db(alias, page_names, row[site_width + 1:site_width + 1 + page_width])
        pages.setdefault(site_id, []).append((page, bool(row[-1])))
    if len(sites) > 2:
        return WAGTAIL_ROUTES  # Wagtail's order among equal matches is the database's: not reproduced here
    site = _choose_site(list(sites.values())) if sites else None
    if site is None:
        return None, None, False

    root, children = None, {}
    for page, guarded in pages[site.pk]:
        if page.pk == site.root_page_id:
            root = (page, guarded)
        else:
            children.setdefault((page.path[:-Page.steplen], page.slug), []).append((page, guarded))
    site._state.fields_cache["root_page"] = root[0]

    (node, guarded), parent, remaining = root, None, components
    while True:
        content_type = ContentType.objects.get_for_id(node.content_type_id)
        model = content_type.model_class()
        if model is None:
            return WAGTAIL_ROUTES
        route = model.route
        if route is RoutablePageMixin.route:
            if node.live and _subroute_matches(model, remaining):
                break
        elif route is not Page.route:
            break  # a route of its own: it decides from here
        if not remaining:
            break
        found = children.get((node.path, remaining[0]), [])
        if len(found) != 1:
            if found:
                return WAGTAIL_ROUTES  # Wagtail's .get() would fail on two pages with one slug
            return site, None, False
        parent, (node, guarded), remaining = node, found[0], remaining[1:]

    specific = model._default_manager.get(id=node.id)
    if parent is not None:
        specific._cached_parent_obj = parent  # as Page.route leaves it (treebeard's get_parent reads it)
    try:
        return site, specific.route(request, remaining), guarded
    except Http404:
        return site, None, False


def serve(request, path):
    """``wagtail.views.serve`` with the route found by ``find_route``."""
    found = find_route(request, path)
    if found is WAGTAIL_ROUTES:
        return wagtail_serve(request, path)
    site, route, guarded = found
    request._wagtail_site = site  # what Site.find_for_request caches on the request
    request._wagtail_route_for_request = route  # what Page.route_for_request caches on the request
    if route is None:
        raise Http404
    if guarded:
        return wagtail_serve(request, path)  # Wagtail's restriction check decides (the route above is reused)
    page, args, kwargs = route
    # Wagtail's serve without its view-restriction check: nothing at or above the page is restricted.
    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is not check_view_restrictions:
            on_serve_chain = fn(on_serve_chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)
