"""sitemap.xml that stays servable however large the archive: up to ``SITEMAP_PAGES_PER_FILE`` pages in one
document; beyond that ``/sitemap.xml`` is a sitemap index of parts (``/sitemap-pages.xml?p=N``), each built in
seconds and cached. One document of 100,000 pages took 77 s (past the workers' timeout, so it was never served).

A part is read from its first page's path on (keyset), not with OFFSET: the deep parts of 100,000 pages no longer
walk past every page before them. Where each part starts is read in one query and kept until the pages the public
can see change (``cms.search_types.page_search_version``)."""
import hashlib

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import F, Max, Window
from django.db.models.functions import Mod, RowNumber
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps import Sitemap

from .search_types import page_search_version

SECTION = "pages"


class PathPaginator(Paginator):
    """Django's Paginator over pages ordered by path, each page of the list read from the path it starts at.

    The starts (the path of every ``per_page``-th page) are kept under ``key``, which must change whenever the
    listed pages do; a list that changed meanwhile shifts its parts as OFFSET did, no page is left out of one."""

    def __init__(self, object_list, per_page, *, key: str):
        super().__init__(object_list, per_page)
        self.key = key

    @cached_property
    def starts(self) -> list[str]:
        starts = cache.get(self.key)
        if starts is None:
            numbered = (self.object_list.order_by()
                        .annotate(_position=Window(RowNumber(), order_by=F("path").asc()))
                        .annotate(_in_part=Mod(F("_position") - 1, self.per_page)))
            starts = list(numbered.filter(_in_part=0).order_by("path").values_list("path", flat=True))
            cache.set(self.key, starts, timeout=24 * 3600)
        return starts

    @cached_property
    def num_pages(self) -> int:
        return max(1, len(self.starts))  # an empty site still has its one (empty) document, as Django's

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.starts:
            return self._get_page(self.object_list.none(), number, self)
        objects = self.object_list.filter(path__gte=self.starts[number - 1])[:self.per_page]
        return self._get_page(objects, number, self)


class PortalSitemap(Sitemap):
    """Wagtail's sitemap of the request's site (live, public pages and the routes they declare), in parts."""

    @property
    def limit(self):
        return settings.SITEMAP_PAGES_PER_FILE

    @cached_property
    def paginator(self) -> PathPaginator:
        root = self.get_wagtail_site().root_page.path
        digest = hashlib.sha256(f"{root}\0{self.limit}".encode()).hexdigest()[:16]
        return PathPaginator(self._items(), self.limit, key=f"sitemap:starts:{page_search_version()}:{digest}")

    def get_latest_lastmod(self):
        # Django's default builds every page (the index's lastmod took 68 s at 100,000 pages): one aggregate instead.
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().public()
        return pages.aggregate(latest=Max("last_published_at"))["latest"]


def sitemap_xml(request):
    """All pages when they fit in one part, otherwise the index of the parts."""
    pages = PortalSitemap(request)
    if pages.paginator.num_pages > 1:
        return sitemap_views.index(request, {SECTION: pages}, sitemap_url_name="sitemap-part")
    return sitemap_views.sitemap(request, {SECTION: pages})


def sitemap_part(request, section: str):
    if section != SECTION:
        raise Http404
    return sitemap_views.sitemap(request, {SECTION: PortalSitemap(request)}, section=SECTION)
