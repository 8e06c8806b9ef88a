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
what lists them (``Page.cache_dependents()`` when the page class defines it, its parent otherwise), and so are
the pages that show a changed image, document, snippet or page (``purge_referring_pages``, through Wagtail's
reference index). The same calls purge the HTTP cache in front (Varnish or a CDN) through
``wagtail.contrib.frontend_cache`` when ``WAGTAILFRONTENDCACHE`` is configured.

Pages whose content changes with the clock (a session shown «Заплановано» goes live at its start) declare the
moment with ``changes_at(request, when)`` while rendering: the stored copy and ``s-maxage`` for the HTTP cache in
front end then, not after the full ``PAGE_CACHE_TIMEOUT``.

Hits are answered by ``PageCacheApplication`` (the WSGI front in ``cms.wsgi``) before Django builds a request;
each worker keeps what it answered for ``PAGE_CACHE_LOCAL_SECONDS``. ``cached_fragment`` (``{% fragment %}``)
caches parts of pages for anonymous readers under one generation that every purge renews.
"""
import datetime
import hashlib
import logging
import math
import time
import uuid
from collections.abc import Callable, Iterable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.http.cookie import parse_cookie
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.module_loading import import_string

from .release import current_release

logger = logging.getLogger(__name__)

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


def next_local_midnight(now: datetime.datetime | None = None) -> datetime.datetime:
    """The start of tomorrow in the portal's time zone (Europe/Kyiv): when what a page counts in days («3 days
    left», a comment period's last day, a deadline overdue) turns over."""
    tomorrow = timezone.localdate(now or timezone.now()) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def _lifetime(request, timeout: int) -> int:
    """Seconds the answer may be kept: the configured timeout, or less when the page changes sooner."""
    return _seconds_until(getattr(request, _CHANGES_AT, None), timeout)


def _seconds_until(when: datetime.datetime | None, timeout: int) -> int:
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


def _language(cookies) -> str:
    """The language the page will be rendered in (the same rule as ``cms.middleware.PortalLocaleMiddleware``)."""
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def visitor_language(request) -> str:
    return _language(request.COOKIES)


def is_anonymous_reader(request) -> bool:
    """True when nothing in the request can make the answer personal: no session, no token, no other cookie."""
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return set(request.COOKIES) <= _shareable_cookies()


def _scheme(environ) -> str:
    """``HttpRequest.scheme`` from the WSGI environ alone (the proxy's header first, as Django reads it)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def _raw_host(environ, scheme: str) -> str:
    """``HttpRequest._get_raw_host`` from the environ. Not validated here: a host outside ALLOWED_HOSTS is
    answered 400 by Django and so never stored, and a key with it finds nothing."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return environ["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in environ:
        return environ["HTTP_HOST"]
    host = environ.get("SERVER_NAME", "")
    if settings.USE_X_FORWARDED_PORT and "HTTP_X_FORWARDED_PORT" in environ:
        port = environ["HTTP_X_FORWARDED_PORT"]
    else:
        port = str(environ.get("SERVER_PORT", ""))
    return host if port == ("443" if scheme == "https" else "80") else f"{host}:{port}"


def _path(environ) -> str | None:
    """``HttpRequest.path`` from the environ, or None when it is not UTF-8 (such a request is not cached)."""
    try:
        path_info = get_bytes_from_wsgi(environ, "PATH_INFO", "/").decode() or "/"
        script_name = get_bytes_from_wsgi(environ, "SCRIPT_NAME", "").decode()
    except UnicodeDecodeError:
        return None
    return f"{script_name.rstrip('/')}/{path_info.replace('/', '', 1)}"


def environ_key(environ) -> tuple[str, str] | None:
    """(cache key, path) of a request given as its WSGI environ (``request.META``), or None when its answer is
    never taken from the cache. One function for the WSGI front (``PageCacheApplication``) and the middleware,
    so both find the same entry."""
    enabled, _timeout, _alias = _settings()
    if not enabled or environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return None
    raw_cookies = environ.get("HTTP_COOKIE")
    cookies = parse_cookie(raw_cookies) if raw_cookies else {}
    if not set(cookies) <= _shareable_cookies():
        return None
    path = _path(environ)
    if path is None or path.startswith(EXCLUDED_PREFIXES):
        return None
    scheme = _scheme(environ)
    query = QueryDict(get_bytes_from_wsgi(environ, "QUERY_STRING", ""), encoding=settings.DEFAULT_CHARSET)
    address = f"{scheme}://{_raw_host(environ, scheme)}{path}?{urlencode(sorted(query.lists()), doseq=True)}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:40]
    return f"{PREFIX}:page:{current_release()}:{_language(cookies)}:{digest}", path


def cache_key(request) -> str | None:
    """The cache key of this request's answer, or None when the request is not served from the cache."""
    found = environ_key(request.META)
    if found is None:
        return None
    request.get_host()  # validates the host against ALLOWED_HOSTS (DisallowedHost: a 400, never stored)
    return found[0]


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
        _local.clear()  # this worker's copies; the other workers' expire within PAGE_CACHE_LOCAL_SECONDS
        _cache().set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def _purge(paths: list[str], trees: list[str]) -> None:
    # Every purge also renews the fragments' generation: what changed may be shown in any cached fragment.
    keys = [_path_key(path) for path in paths] + [_tree_key(prefix) for prefix in trees] + [FRAGMENTS_KEY]
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


_UNKNOWN = object()


def page_dependents(page, *, parent=_UNKNOWN) -> tuple[set[str], set[str]]:
    """Addresses (and folders) that list or show this page: its parent (an index lists its children) with the
    parent's fixed routes (feeds, calendars), the home page (it shows the latest of everything) and whatever
    the page class adds with ``cache_dependents()`` (an address ending in "*" is a whole folder). ``parent`` may
    be given when the caller has loaded it already (None: the page has none)."""
    if not page_paths(page):  # not under any site: nothing public shows it
        return set(), set()
    paths, trees = {"/"}, set()
    if parent is _UNKNOWN:
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


# Above this many live pages showing one changed object (an image on every article), the whole site is purged
# rather than each page worked out: the work stays bounded whatever the object's use.
MAX_REFERRING_PAGES = 50


def referring_pages(obj) -> list | None:
    """The live pages that show ``obj`` (an image, a document, a snippet, another page), found in Wagtail's
    reference index in one query: a page's fields, inline children, StreamField choosers and rich-text links.
    None when there are more than ``MAX_REFERRING_PAGES``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import IntegerField
    from django.db.models.functions import Cast
    from wagtail.models import Page, ReferenceIndex

    page_ids = (ReferenceIndex.get_references_to(obj)
                .filter(base_content_type=ContentType.objects.get_for_model(Page))
                .values(page_id=Cast("object_id", IntegerField())))
    pages = Page.objects.live().filter(pk__in=page_ids)
    if isinstance(obj, Page):
        pages = pages.exclude(pk=obj.pk)  # a link to itself: the page's own purge covers it
    pages = list(pages.order_by("path")[:MAX_REFERRING_PAGES + 1])
    return None if len(pages) > MAX_REFERRING_PAGES else pages


def purge_referring_pages(obj) -> None:
    """``obj`` changed in a way the pages showing it show (an image's alt text, a document's title, a page's title
    or address): purge each of those pages as ``purge_page`` does, with what lists them (an index shows its
    articles' images too). Nothing is purged when no live page shows ``obj``."""
    from wagtail.models import Page

    pages = referring_pages(obj)
    if pages is None:
        purge_all()
        return
    if not pages:
        return
    parent_paths = {page.path[:-Page.steplen] for page in pages if page.depth > 1}
    parents = {parent.path: parent for parent in Page.objects.filter(path__in=parent_paths)}
    paths, trees = set(), set()
    for page in pages:
        page_paths_, page_trees = page_dependents(page, parent=parents.get(page.path[:-Page.steplen]))
        paths |= page_paths_
        trees |= page_trees
        trees.update(page_paths(page))
    _purge(sorted(paths), sorted(trees))


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers from the cache and stores what may be shared; see the module docstring.

    Placed right after ``SecurityMiddleware`` so a cached answer costs no session, locale or CSRF work. In
    production ``PageCacheApplication`` (cms.wsgi) answers the hits before Django; this middleware stores the
    pages and answers hits wherever the WSGI front is not used (the test client, ``runserver``)."""

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
        if entry is not None and entry["generations"] == generations and _fresh(entry):
            return self._replay(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and self._shareable(request, response):
            entry = self._store(key, response, generations, _lifetime(request, _settings()[1]), outer_headers(request))
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
        if _csrf_token_used(request):
            return False  # the page carries a CSRF token: it belongs to this visitor
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        control = response.get("Cache-Control", "").lower()
        return not any(word in control for word in ("private", "no-store", "no-cache", "max-age=0"))

    @staticmethod
    def _store(key, response, generations, timeout: int, outer=()) -> dict:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True, s_maxage=timeout)
        modified = int(time.time())
        etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        if "Content-Length" not in response:
            response["Content-Length"] = str(len(response.content))
        headers = [(name, value) for name, value in response.items() if name.lower() not in _PERSONAL_HEADERS]
        present = {name.lower() for name, _value in headers}
        entry = {
            "generations": generations,
            "status": response.status_code,
            "content": response.content,
            "headers": headers,
            # What the middleware outside this one adds (SecurityMiddleware's headers): replayed by the WSGI front.
            "outer_headers": [(name, value) for name, value in outer if name.lower() not in present],
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


_outer_chain = None


def _fresh(entry) -> bool:
    # The backend's own expiry is the first guard; the stored deadline is checked too, against the same clock the
    # pages use to decide a status, so the turnover is exact to the second whatever the backend's rounding.
    return entry.get("expires", math.inf) > timezone.now().timestamp()


def outer_headers(request) -> list[tuple[str, str]]:
    """The headers the middleware listed before the page cache (SecurityMiddleware: HSTS, nosniff,
    Referrer-Policy, Cross-Origin-Opener-Policy) adds to an answer to this request, found by running that
    middleware around an empty answer. Stored with the page so the WSGI front, which answers before any
    middleware, sends the same headers."""
    global _outer_chain
    if _outer_chain is None:
        names = list(settings.MIDDLEWARE)
        own = f"{__name__}.{AnonymousPageCacheMiddleware.__name__}"
        outer = names[:names.index(own)] if own in names else []

        def empty(request):
            probe = HttpResponse()
            del probe["Content-Type"]
            return probe

        chain = empty
        for name in reversed(outer):
            chain = import_string(name)(chain)
        _outer_chain = chain
    return list(_outer_chain(request).items())


# Headers of a 304 (RFC 9110 15.4.5; Django's get_conditional_response keeps the same ones).
_NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary",
                         "content-security-policy", "strict-transport-security", "x-page-cache"}


# The WSGI front's copies of pages it answered lately, in this worker: {key: (valid until, entry)}. Under a spike
# the same few pages are read thousands of times a second; each worker then asks the shared cache about a page at
# most once per PAGE_CACHE_LOCAL_SECONDS (default 1 s, 0 turns it off), so a purge reaches every worker within
# that time (at once in the worker that purged).
_local: dict[str, tuple[float, dict]] = {}
_LOCAL_MAX_ENTRIES = 500


def _local_seconds() -> float:
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        # An HTTP cache in front takes the spikes; a copy that missed a purge must not be stored there again.
        return 0.0
    return float(getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 1.0))


def cached_answer(environ) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """(status line, headers, body) for a request the cache can answer as it is, or None: the request goes to
    Django (a miss, a stale entry, a person, a conditional request this function does not decide)."""
    found_key = environ_key(environ)
    if found_key is None or "HTTP_IF_MATCH" in environ or "HTTP_IF_UNMODIFIED_SINCE" in environ:
        return None
    key, path = found_key
    now = time.monotonic()
    local = _local.get(key)
    if local is not None and local[0] > now and _fresh(local[1]):
        entry = local[1]
    else:
        generation_keys_ = generation_keys(path)
        found = _cache().get_many([key, *generation_keys_])
        entry = found.get(key)
        if entry is None or entry["generations"] != [found.get(k) for k in generation_keys_] or not _fresh(entry):
            _local.pop(key, None)
            return None
        seconds = _local_seconds()
        if seconds > 0:
            if len(_local) >= _LOCAL_MAX_ENTRIES:
                _local.clear()
            _local[key] = (now + seconds, entry)
    headers = [*entry["headers"], *entry.get("outer_headers", ()), ("X-Page-Cache", "HIT")]
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        not_modified = "*" in tags or entry["etag"].removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}
    else:
        since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
        not_modified = since is not None and entry["modified"] <= since
    if not_modified:
        return "304 Not Modified", [(n, v) for n, v in headers if n.lower() in _NOT_MODIFIED_HEADERS], b""
    body = b"" if environ["REQUEST_METHOD"] == "HEAD" else entry["content"]
    return f"{entry['status']} OK", headers, body


class PageCacheApplication:
    """WSGI front of the page cache (``cms.wsgi``): a hit is answered from one cache read before Django builds
    a request or runs any middleware; everything else goes to Django unchanged. What is stored, and for whom,
    stays the middleware's decision."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            answer = cached_answer(environ)
        except Exception:  # the cache is unreachable: Django answers (and reports it)
            logger.warning("page cache lookup failed", exc_info=True)
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]


FRAGMENTS_KEY = f"{PREFIX}:gen:fragments"


def _csrf_token_used(request) -> bool:
    """Whether this request's answer carries a CSRF token (``get_token`` was called while answering it)."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"))


def _shares_fragments(request) -> bool:
    """Whether this request reads and writes the fragments every anonymous reader shares: fragments on, an anonymous
    reader (a person may see their own state in them), not a preview of a draft."""
    return (getattr(settings, "FRAGMENT_CACHE_ENABLED", True) and request is not None
            and not getattr(request, "is_preview", False) and is_anonymous_reader(request))


def cached_fragment(request, name: str, parts, render) -> str:
    """Part of a page rendered once and then taken from the cache (``{% fragment %}`` in templates): the key
    has the site, the language, ``name`` and ``parts`` (e.g. the page's id); every purge (a publish, a move,
    a module's event, a menu change) renews one generation that all fragments carry, and
    ``PAGE_CACHE_TIMEOUT`` bounds what changes with time alone; a fragment whose rendering declared a moment with
    ``changes_at`` (a session's home slot going live) is kept until then only and declares it again to the page
    around it on every use. Only anonymous readers share fragments (a
    person may see their own state in them); a fragment that used a CSRF token or the CSP nonce while
    rendering is not kept (both belong to one answer), nor is a preview of a draft."""
    if not _shares_fragments(request):
        return render()
    try:
        host = request.get_host()
    except Exception:  # a disallowed host: Django answers 400 before any template would reach here
        return render()
    language = getattr(request, "LANGUAGE_CODE", None) or _language(request.COOKIES)
    address = "|".join([current_release(), host, language, name, *(str(part) for part in parts)])
    key = f"{PREFIX}:fragment:{hashlib.sha256(address.encode()).hexdigest()[:40]}"
    cache = _cache()
    found = cache.get_many([key, FRAGMENTS_KEY])
    generation = found.get(FRAGMENTS_KEY)
    entry = found.get(key)
    if entry is not None and generation is not None and entry[0] == generation:
        # A fragment that changes with the clock (a session's slot going live) is kept until that moment only, and
        # tells the page around it so, as its rendering did.
        until = entry[2] if len(entry) > 2 else None
        if until is None or until > timezone.now():
            changes_at(request, until)
            return entry[1]
    nonce_before = getattr(request, "_csp_nonce", None)
    # What the fragment itself declares with changes_at() while rendering (the page may have declared earlier).
    declared_before = getattr(request, _CHANGES_AT, None)
    if declared_before is not None:
        delattr(request, _CHANGES_AT)
    html = render()
    until = getattr(request, _CHANGES_AT, None)
    changes_at(request, declared_before)
    if _csrf_token_used(request) or getattr(request, "_csp_nonce", None) != nonce_before:
        return html
    if generation is None:  # first use: start a generation, store from the next render on (read before it)
        cache.add(FRAGMENTS_KEY, uuid.uuid4().hex, timeout=None)
    else:
        cache.set(key, (generation, html, until), _seconds_until(until, _settings()[1]))
    return html


def shared_values(request, builders: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Values (anything the cache can keep) built once for every anonymous reader by the rules of
    ``cached_fragment``: each under the fragments' generation that every purge renews, at most
    ``PAGE_CACHE_TIMEOUT`` (what changes with time alone), read in one round trip; ``builders`` maps a name (all that
    the value depends on) to what builds it. Anyone else (a person, a preview, fragments off) gets them built."""
    if not _shares_fragments(request):
        return {name: build() for name, build in builders.items()}
    release = current_release()
    keys = {name: f"{PREFIX}:shared:{hashlib.sha256(f'{release}|{name}'.encode()).hexdigest()[:40]}"
            for name in builders}
    cache = _cache()
    found = cache.get_many([*keys.values(), FRAGMENTS_KEY])
    generation = found.get(FRAGMENTS_KEY)
    values, built = {}, {}
    for name, build in builders.items():
        entry = found.get(keys[name])
        if entry is not None and generation is not None and entry[0] == generation:
            values[name] = entry[1]
        else:
            # The generation was read before building: a purge meanwhile makes this copy stale at once.
            values[name] = build()
            built[keys[name]] = (generation, values[name])
    if generation is None:  # first use: start a generation, store from the next build on
        cache.add(FRAGMENTS_KEY, uuid.uuid4().hex, timeout=None)
    elif built:
        cache.set_many(built, _settings()[1])
    return values


def lazy_values(build: Callable[[], dict], names: Iterable[str]) -> dict[str, SimpleLazyObject]:
    """Context values that only a cached fragment's rendering reads: ``build()`` (a dict with at least ``names``)
    runs once, when the first of them is used, and not at all when the fragment comes from the cache."""
    values = SimpleLazyObject(build)
    # Not values.__getitem__: reading a lazy object's method builds what it wraps.
    return {name: SimpleLazyObject(lambda name=name: values[name]) for name in names}


def module_purge(*, paths: Iterable[str] = (), trees: Iterable[str] = ()) -> None:
    """One call for modules: purge exact addresses and folders together (both may be empty)."""
    paths, trees = list(paths), list(trees)
    _purge(sorted({_normalise(p) for p in paths if p}), sorted({_normalise(t) for t in trees if t}))
