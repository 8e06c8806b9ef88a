"""Read queries of the city site, shared by pages, feeds and the API, each with a bounded query count."""
import datetime
import hashlib
import uuid

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from cms.search import backend_search_text
from cms.search_types import RecentMatches
from cms.visibility import forget, once_per_request, public

from .models import EventPage, NewsCategory, NewsPage, NewsPageTag, PortalSettings, SocialLink


def news_queryset() -> QuerySet:
    """Published, public articles with what every list shows, in a fixed number of queries."""
    return (
        public(NewsPage.objects.live())
        .select_related("main_image")
        .prefetch_related(
            Prefetch("categories", queryset=NewsCategory.objects.order_by("name")),
            "tags",
        )
        # The date index gives the order (an incremental sort settles ties): a page reads a dozen rows.
        .order_by("-date", "-pk")
    )


# The columns an item of the API's news list shows (not the body): the page's address comes from url_path.
NEWS_LIST_FIELDS = ("title", "url_path", "date", "lead", "is_official", "main_image_alt", "main_image")


def _with_categories_and_tags(queryset: QuerySet) -> QuerySet:
    """Each article's categories (by name) and tag names (alphabetical) as arrays read with its row: no query or
    related object per article."""
    return queryset.annotate(
        category_values=ArraySubquery(
            NewsCategory.objects.filter(news=OuterRef("pk")).order_by("name", "pk")
            .values(json=JSONObject(id="pk", name="name", slug="slug"))),
        tag_names=ArraySubquery(
            NewsPageTag.objects.filter(content_object=OuterRef("pk")).order_by("tag__name", "tag_id")
            .values("tag__name")),
    )


def news_list_queryset() -> QuerySet:
    """Published, public articles with what an item of the API's list shows, in one query (images' renditions come
    from home.api's image_renditions)."""
    return _with_categories_and_tags(
        public(NewsPage.objects.live()).select_related("main_image").only(*NEWS_LIST_FIELDS)
    ).order_by("-date", "-pk")


def news_detail_queryset() -> QuerySet:
    """Published, public articles whole, with the categories and tags of ``news_list_queryset``."""
    return _with_categories_and_tags(public(NewsPage.objects.live()).select_related("main_image"))


def filter_news(queryset: QuerySet, *, index=None, category: NewsCategory | None = None, tag: str = "",
                month: datetime.date | None = None, year: int | None = None,
                official: bool | None = None) -> QuerySet:
    if index is not None:
        queryset = queryset.child_of(index)
    # EXISTS rather than a join + DISTINCT: no duplicates to remove, so the date index still gives the order.
    if category is not None:
        queryset = queryset.filter(Exists(NewsPage.categories.through.objects.filter(
            newspage_id=OuterRef("pk"), newscategory_id=category.pk)))
    if tag:
        queryset = queryset.filter(Exists(NewsPageTag.objects.filter(content_object_id=OuterRef("pk"), tag__slug=tag)))
    if month is not None:  # a range, so the index on date serves it
        start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
        end = timezone.make_aware(datetime.datetime(month.year + month.month // 12, month.month % 12 + 1, 1))
        queryset = queryset.filter(date__gte=start, date__lt=end)
    elif year is not None:
        queryset = queryset.filter(date__gte=timezone.make_aware(datetime.datetime(year, 1, 1)),
                                   date__lt=timezone.make_aware(datetime.datetime(year + 1, 1, 1)))
    if official is not None:
        queryset = queryset.filter(is_official=official)
    return queryset


def latest_news(*, count: int, category: NewsCategory | None = None, official: bool | None = None,
                pk: int | None = None):
    queryset = filter_news(news_queryset(), category=category, official=official)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    return list(queryset[:count])


NEWS_FACETS_VERSION_KEY = "home:news-facets-version"


def bump_news_facets_version() -> None:
    """Called whenever pages or categories change: the cached filter options are rebuilt on next use."""
    cache.set(NEWS_FACETS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    forget(NEWS_FACETS_VERSION_KEY)


def _version(version_key: str) -> str:
    """The version's current value, read from the cache once per request (the menu, the footer and the site
    settings of one page all carry the site links' version)."""
    def read() -> str:
        version = cache.get(version_key)
        if version is None:
            version = uuid.uuid4().hex
            cache.add(version_key, version, timeout=None)
            version = cache.get(version_key, version)
        return version

    return once_per_request(version_key, read)


def _versioned_cache(version_key: str, key: str, build):
    """``build()`` cached under ``key`` until ``version_key`` gets a new value (a bump drops all such keys)."""
    key = f"{key}:{_version(version_key)}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=24 * 3600)
    return value


def news_count_key(**filters) -> str:
    """Cache key of the number of articles (or search results) matching these filters, valid until any page or
    category changes (the count of 100,000 articles costs more than the page itself)."""
    parts = "&".join(f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items()))
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return f"home:news-count:{_version(NEWS_FACETS_VERSION_KEY)}:{digest}"


def _cached_facet(name: str, build):
    return _versioned_cache(NEWS_FACETS_VERSION_KEY, f"home:news-facet:{name}", build)


SITE_LINKS_VERSION_KEY = "home:site-links-version"


def bump_site_links_version() -> None:
    """Called when menu, footer or social links or a page change: the cached links are rebuilt on next use.
    Bumped again after the commit, so a request that read the old rows meanwhile cannot keep them cached."""
    cache.set(SITE_LINKS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    forget(SITE_LINKS_VERSION_KEY)
    transaction.on_commit(_bump_site_links_version_again)


def _bump_site_links_version_again() -> None:
    cache.set(SITE_LINKS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    forget(SITE_LINKS_VERSION_KEY)


def portal_settings(request) -> PortalSettings:
    """The site settings of the request's site: kept on the request, and in the cache between requests (with
    the coat of arms) until they or the links change."""
    cached = getattr(request, "_portal_settings", None)
    if cached is None:
        site = Site.find_for_request(request)
        if site is None:  # an unknown host without a default site: the built-in defaults
            return PortalSettings()
        cached = _versioned_cache(SITE_LINKS_VERSION_KEY, f"home:portal-settings:{site.pk}",
                                  lambda: PortalSettings.for_site(site))
        request._portal_settings = cached
    return cached


def _page_links(items, request) -> list[dict]:
    """Menu or footer links as label and address, leaving out pages that are gone or unpublished."""
    links = []
    for item in items.select_related("link_page"):
        href = item.href(request)
        if href:
            links.append({"label": item.label, "href": href})
    return links


def site_links(portal_settings, request) -> dict[str, list[dict]]:
    """The main menu, footer links and social links of the request's site, from the cache: no query while
    nothing changed (home.signals bumps the version on every change of the links or of pages)."""
    if not portal_settings.pk:
        return {"menu": [], "footer": [], "social": []}
    key = f"home:site-links:{portal_settings.site_id}"
    # The menu and the footer of one page both ask: one cache read per request, under the version read then.
    return once_per_request(f"{key}:{_version(SITE_LINKS_VERSION_KEY)}", lambda: _versioned_cache(
        SITE_LINKS_VERSION_KEY, key, lambda: {
            "menu": _page_links(portal_settings.menu_items, request),
            "footer": _page_links(portal_settings.footer_links, request),
            "social": [{"network": link.network, "url": link.url} for link in portal_settings.social_links.all()],
        }))


def news_years(index) -> list[int]:
    """Years (Kyiv time) that have visible news under this index, newest first, for the archive filter. Built by
    skipping through the date index a year at a time (one short index read per year, however many articles a
    year holds) and cached until a page or category changes."""
    def build() -> list[int]:
        years, before = [], None
        visible = public(NewsPage.objects.live()).child_of(index)
        while True:
            newest = (visible.filter(date__lt=before) if before else visible).order_by("-date", "-pk").values_list(
                "date", flat=True).first()
            if newest is None:
                return years
            years.append(timezone.localtime(newest).year)
            before = timezone.make_aware(datetime.datetime(years[-1], 1, 1))

    return _cached_facet(f"years:{index.pk}", build)


def categories_in_use() -> list[NewsCategory]:
    return _cached_facet("categories", lambda: list(
        NewsCategory.objects.filter(news__live=True).distinct().order_by("name")
    ))


def related_pages(page) -> list:
    """An article's related pages that the public may see, in the editor's order (two queries)."""
    # Works for previews too, where related_pages is modelcluster's in-memory set.
    ordered_ids = [relation.page_id for relation in page.related_pages.all() if relation.page_id]
    visible = public(Page.objects.live()).filter(pk__in=ordered_ids).in_bulk()
    return [visible[pk] for pk in ordered_ids if pk in visible]


def events_queryset() -> QuerySet:
    return public(EventPage.objects.live()).select_related("image")


# The columns an item of the API's event list shows (not the body).
EVENT_LIST_FIELDS = ("title", "url_path", "start", "end", "location_name", "address", "organiser", "lead",
                     "registration_url", "image", "image_alt")


def upcoming_events(*, count: int | None = None, index=None):
    now = timezone.now()
    queryset = events_queryset().filter(_still_running(now)).order_by("start", "pk")
    if index is not None:
        queryset = queryset.child_of(index)
    return list(queryset[:count]) if count else queryset


def past_events(*, index=None):
    now = timezone.now()
    queryset = events_queryset().exclude(_still_running(now)).order_by("-start", "-pk")
    if index is not None:
        queryset = queryset.child_of(index)
    return queryset


# An event whose end is not known counts as running this long after its start.
RUNNING_WITHOUT_END = datetime.timedelta(hours=3)
# The first instant after a moment: an event is still running at its end (end >= now) and past right after it.
_INSTANT = datetime.timedelta(microseconds=1)


def _still_running(now):
    from django.db.models import Q

    return Q(end__gte=now) | Q(end__isnull=True, start__gte=now - RUNNING_WITHOUT_END)


def event_moves_to_past_at(event) -> datetime.datetime:
    """The first moment the event is no longer upcoming (the rule of _still_running): right after its end, or three
    hours after its start when its end is not known."""
    return (event.end if event.end is not None else event.start + RUNNING_WITHOUT_END) + _INSTANT


def first_move_to_past(events) -> datetime.datetime | None:
    """The first moment one of these (loaded, upcoming) events moves to the past: a list showing them is kept by the
    page caches until then (cms.pagecache.changes_at). No query."""
    return min((event_moves_to_past_at(event) for event in events), default=None)


def next_event_change(*, index=None, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment a live event (under ``index``) moves from the upcoming list to the past one: both lists (and
    their pages) change then, and the page caches keep them until that moment only. One query."""
    from django.db.models import Min, Q

    now = now or timezone.now()
    queryset = public(EventPage.objects.live())
    if index is not None:
        queryset = queryset.child_of(index)
    found = queryset.aggregate(
        first_end=Min("end", filter=Q(end__gte=now)),
        first_open_start=Min("start", filter=Q(end__isnull=True, start__gte=now - RUNNING_WITHOUT_END)))
    moments = [found["first_end"], found["first_open_start"] and found["first_open_start"] + RUNNING_WITHOUT_END]
    return min((moment + _INSTANT for moment in moments if moment is not None), default=None)


def events_for_feed(index):
    """All events of a calendar from a year ago on: what calendar apps subscribe to."""
    since = timezone.now() - datetime.timedelta(days=365)
    return list(events_queryset().child_of(index).filter(start__gte=since).order_by("start"))


def search_pages(query: str):
    """Live public pages matching the query, best first (shared by the search page and the API)."""
    query = backend_search_text(query)
    if not query:  # nothing to look for: no results rather than every page
        return Page.objects.none()
    # Every match counted, the newest (by id) ranked: ranking all matches of a common word grows with the archive.
    return RecentMatches(Page.objects.live().public().specific(), query, ("-pk",))


def site_frame(request, site) -> dict:
    """What every page of ``site`` shows around its content (identity, menu, footer, social links, languages),
    for a separate front end: built once per site, host and language, then from the cache until an editor changes
    the settings, the links or a linked page (the same version as ``site_links``)."""
    from django.conf import settings
    from django.utils.translation import get_language

    from cms.page_api import absolute, image_value, page_ref

    def build() -> dict:
        portal = PortalSettings.for_site(site)
        links = site_links(portal, request) if portal.pk else {"menu": [], "footer": [], "social": []}
        networks = dict(SocialLink.NETWORKS)
        language = get_language()
        return {
            "site": {"id": site.pk, "hostname": site.hostname, "port": site.port, "name": site.site_name,
                     "root_url": absolute("/"), "home_page": page_ref(site.root_page.specific)},
            "identity": {"city_name": portal.city_name, "council_name": portal.council_name,
                         "primary_colour": portal.primary_colour,
                         "coat_of_arms": image_value(portal.coat_of_arms, portal.council_name)},
            "contacts": {"address": portal.address, "phone": portal.phone, "email": portal.email,
                         "working_hours": portal.working_hours, "footer_text": portal.footer_text},
            "menu": [{"label": link["label"], "url": absolute(link["href"])} for link in links["menu"]],
            "footer": [{"label": link["label"], "url": absolute(link["href"])} for link in links["footer"]],
            "social": [{"network": link["network"], "name": networks.get(link["network"], link["network"]),
                        "url": link["url"]} for link in links["social"]],
            "language": language,
            "languages": [{"code": code, "name": LANGUAGE_NAMES.get(code, code), "default": code ==
                           settings.LANGUAGE_CODE} for code, _name in settings.LANGUAGES],
            "search_url": absolute(reverse("search")),
        }

    key = f"home:site-frame:{site.pk}:{get_language()}:{request.scheme}:{request.get_host()}"
    return _versioned_cache(SITE_LINKS_VERSION_KEY, key, build)


# Each language by its own name, as a language switcher shows it.
LANGUAGE_NAMES = {"uk": "Українська", "en": "English"}
