"""Anonymous full-page cache: whole HTML answers for visitors without an account session, kept in the cache
(Redis in production) and purged precisely when what they show changes.

What is cached: a GET (HEAD is answered from it too) of a public address, from a visitor who sends no
session, no API token and no cookie but the language and CSRF ones, answered 200 with no cookie set, no CSRF
token used while rendering (a form with a token is never shared) and no ``Cache-Control`` of its own saying
private/no-store/no-cache. A logged-in resident always reaches the application and gets ``private``
answers. The key is site (scheme and host), path, sorted query string and language.

Purging uses generations instead of key scans: each cached answer remembers the generations of its path
(``purge_paths``) and of every folder above it (``purge_trees``) when it was rendered; a purge writes a new
generation, so every variant (query strings, languages, hosts) of that address is stale at once, in O(1).
Modules call ``purge_paths`` / ``purge_trees`` after a change that alters public HTML (a petition published,
an answer given); pages are purged by ``cms.signals`` on publish, unpublish, move and delete, together with
what lists them (``Page.cache_dependents()`` when the page class defines it, its parent otherwise). The same
calls purge the HTTP cache in front (Varnish or a CDN) through ``wagtail.contrib.frontend_cache`` when
``WAGTAILFRONTENDCACHE`` is configured.

Pages whose content changes with the clock (a session shown «Заплановано» goes live at its start) declare the
moment with ``changes_at(request, when)`` while rendering: the stored copy and ``s-maxage`` for the HTTP cache in
front end then, not after the full ``PAGE_CACHE_TIMEOUT``.
"""
import datetime
import hashlib
import math
import time
import uuid
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

PREFIX = "pagecache"
# Never cached by the application: the admin, accounts, write endpoints, files, the API (JSON for clients).
EXCLUDED_PREFIXES = ("/admin/", "/account/", "/api/", "/static/", "/media/", "/documents/", "/mova/",
                     "/uchast/", "/_util/", "/jsi18n/", "/django-admin/")
# Headers that belong to one answer only and are never replayed from the cache.
_PERSONAL_HEADERS = {"set-cookie"}
_CHANGES_AT = "_pagecache_changes_at"


def changes_at(request, when: datetime.datetime | None) -> None:
    """Rendering code says that what this answer shows changes at ``when`` (a scheduled status turning over): no
    cache keeps the answer past that moment. The earliest of several declarations wins; ``None`` declares nothing."""
    if request is None or when is None:
        return
    current = getattr(request, _CHANGES_AT, None)
    if current is None or when < current:
        setattr(request, _CHANGES_AT, when)


def _lifetime(request, timeout: int) -> int:
    """Seconds the answer may be kept: the configured timeout, or less when the page changes sooner."""
    when = getattr(request, _CHANGES_AT, None)
    if when is None:
        return timeout
    return max(1, min(timeout, math.ceil((when - timezone.now()).total_seconds())))


def _settings():
    return (getattr(settings, "PAGE_CACHE_ENABLED", True), getattr(settings, "PAGE_CACHE_TIMEOUT", 300),
            getattr(settings, "PAGE_CACHE_ALIAS", "default"))


def _cache():
    return caches[_settings()[2]]


def _shareable_cookies() -> set[str]:
    """Cookies that do not make a visitor a person to the portal: the language choice and the CSRF cookie
    (a cached page never carries a token, so it does not matter whose cookie came with the request)."""
    return {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}


def visitor_language(request) -> str:
    """The language the page will be rendered in (the same rule as ``cms.middleware.PortalLocaleMiddleware``)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def is_anonymous_reader(request) -> bool:
    """True when nothing in the request can make the answer personal: no session, no token, no other cookie."""
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return set(request.COOKIES) <= _shareable_cookies()


def cache_key(request) -> str | None:
    """The cache key of this request's answer, or None when the request is not served from the cache."""
    enabled, _timeout, _alias = _settings()
    if not enabled or request.method not in ("GET", "HEAD") or not is_anonymous_reader(request):
        return None
    path = request.path
    if path.startswith(EXCLUDED_PREFIXES):
        return None
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    address = f"{request.scheme}://{request.get_host()}{path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:40]
    return f"{PREFIX}:page:{visitor_language(request)}:{digest}"


def _path_key(path: str) -> str:
    return f"{PREFIX}:gen:path:{hashlib.sha256(path.encode()).hexdigest()[:32]}"


def _tree_key(prefix: str) -> str:
    return f"{PREFIX}:gen:tree:{hashlib.sha256(prefix.encode()).hexdigest()[:32]}"


def generation_keys(path: str) -> list[str]:
    """The path's own generation and those of every folder above it ("/", "/novyny/", ...)."""
    keys = [_path_key(path)]
    end = 0
    while True:
        keys.append(_tree_key(path[:end + 1]))
        end = path.find("/", end + 1)
        if end == -1:
            break
    return keys


def _normalise(path: str) -> str:
    """An address as its path: "https://host/novyny/?page=2" and "/novyny/" are both "/novyny/"."""
    path = urlsplit(path).path or "/"
    return path if path.startswith("/") else "/" + path


def _bump(keys: list[str]) -> None:
    if keys:
        _cache().set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def _purge(paths: list[str], trees: list[str]) -> None:
    keys = [_path_key(path) for path in paths] + [_tree_key(prefix) for prefix in trees]
    _bump(keys)

    # Bumped again after the commit: a request that read the old rows meanwhile cannot keep them cached.
    def after_commit():
        _bump(keys)
        _purge_frontend(paths, trees)

    transaction.on_commit(after_commit)


def purge_paths(*paths: str) -> None:
    """Drop every cached variant (query strings, languages, hosts) of these addresses, here and in front."""
    _purge(sorted({_normalise(path) for path in paths if path}), [])


def purge_trees(*prefixes: str) -> None:
    """Drop every cached address under these folders (e.g. "/petytsii/" and each petition under it)."""
    _purge([], sorted({_normalise(prefix) for prefix in prefixes if prefix}))


def purge_all() -> None:
    """Drop everything: the layout changed (menu, footer, city settings)."""
    purge_trees("/")


def _purge_frontend(paths: list[str], trees: list[str]) -> None:
    """Purge the HTTP cache in front (Varnish, a CDN) through Wagtail's frontend cache backends, when
    configured. Sent at once rather than queued as Wagtail's own task does, so a purge is visible within a
    second even when the task workers are busy. A folder is sent as its address followed by "*"
    (deploy/varnish/portal.vcl bans everything under it)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import get_backends
    from wagtail.models import Site

    roots = {site.root_url for site in Site.objects.all() if site.root_url}
    urls = [root + path for root in roots for path in paths]
    urls += [root + prefix + "*" for root in roots for prefix in trees]
    if urls:
        for backend in get_backends().values():
            backend.purge_batch(urls)


def page_paths(page) -> list[str]:
    """The page's address(es) within its site(s), e.g. ["/novyny/zasidannia/"]."""
    parts = page.get_url_parts()
    return [parts[2]] if parts and parts[2] else []


def fixed_routes(page_class) -> list[str]:
    """The parameter-free sub-addresses of a routable page class ("rss/", "ical/", "opendata/csv/")."""
    get_urls = getattr(page_class, "get_subpage_urls", None)
    if get_urls is None:
        return []
    routes = []
    for pattern in get_urls():
        route = getattr(pattern.pattern, "_route", None)  # path(): a RoutePattern; re_path() has none
        if route and "<" not in route:
            routes.append(route)
    return routes


def page_dependents(page) -> tuple[set[str], set[str]]:
    """Addresses (and folders) that list or show this page: its parent (an index lists its children) with the
    parent's fixed routes (feeds, calendars), the home page (it shows the latest of everything) and whatever
    the page class adds with ``cache_dependents()`` (an address ending in "*" is a whole folder)."""
    if not page_paths(page):  # not under any site: nothing public shows it
        return set(), set()
    paths, trees = {"/"}, set()
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        for parent_path in page_paths(parent):
            paths.add(parent_path)
            # A routable index's fixed routes (feeds, calendars, open data) list its children too.
            paths.update(parent_path + route for route in fixed_routes(parent.specific_class))
    extra = getattr(page.specific_deferred, "cache_dependents", None)
    for path in (extra() if callable(extra) else ()):
        if path.endswith("*"):
            trees.add(_normalise(path[:-1]))
        elif path:
            paths.add(_normalise(path))
    return paths, trees


def purge_page(page, *, old_path: str | None = None) -> None:
    """A page was published, unpublished, moved or deleted: the page and everything below it (breadcrumbs,
    routable sub-pages), its old address when it moved, and the pages that list it."""
    paths, trees = page_dependents(page)
    trees.update(page_paths(page) + ([_normalise(old_path)] if old_path else []))
    _purge(sorted(paths), sorted(trees))


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers from the cache and stores what may be shared; see the module docstring.

    Placed right after ``SecurityMiddleware`` so a cached answer costs no session, locale or CSRF work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        if key is None:
            response = self.get_response(request)
            if "Cache-Control" not in response and not request.path.startswith(("/static/", "/media/")):
                # Personal (session, token) or never-shared addresses: no shared cache may keep them.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        generation_keys_ = generation_keys(request.path)
        found = _cache().get_many([key, *generation_keys_])
        generations = [found.get(k) for k in generation_keys_]
        entry = found.get(key)
        # The backend's own expiry is the first guard; the stored deadline is checked too, against the same clock the
        # pages use to decide a status, so the turnover is exact to the second whatever the backend's rounding.
        if entry is not None and entry["generations"] == generations and \
                entry.get("expires", math.inf) > timezone.now().timestamp():
            return self._replay(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and self._shareable(request, response):
            entry = self._store(key, response, generations, _lifetime(request, _settings()[1]))
            response["X-Page-Cache"] = "MISS"
            return get_conditional_response(request, etag=entry["etag"], last_modified=entry["modified"],
                                            response=response)
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def _shareable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False  # the page carries a CSRF token: it belongs to this visitor
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        control = response.get("Cache-Control", "").lower()
        return not any(word in control for word in ("private", "no-store", "no-cache", "max-age=0"))

    @staticmethod
    def _store(key, response, generations, timeout: int) -> dict:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True, s_maxage=timeout)
        modified = int(time.time())
        etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        entry = {
            "generations": generations,
            "status": response.status_code,
            "content": response.content,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in _PERSONAL_HEADERS],
            "etag": etag,
            "modified": modified,
            "expires": timezone.now().timestamp() + timeout,
        }
        _cache().set(key, entry, timeout)
        return entry

    @staticmethod
    def _replay(request, entry) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "HIT"
        return get_conditional_response(request, etag=entry["etag"], last_modified=entry["modified"],
                                        response=response)


def module_purge(*, paths: Iterable[str] = (), trees: Iterable[str] = ()) -> None:
    """One call for modules: purge exact addresses and folders together (both may be empty)."""
    paths, trees = list(paths), list(trees)
    _purge(sorted({_normalise(p) for p in paths if p}), sorted({_normalise(t) for t in trees if t}))
