"""sitemap.xml that stays servable however large the archive: up to ``SITEMAP_PAGES_PER_FILE`` pages in one
document; beyond that ``/sitemap.xml`` is a sitemap index of parts (``/sitemap-pages.xml?p=N``), each built in
seconds and cached. One document of 100,000 pages took 77 s (past the workers' timeout, so it was never served)."""
from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import Http404
from wagtail.contrib.sitemaps import Sitemap

SECTION = "pages"


class PortalSitemap(Sitemap):
    """Wagtail's sitemap of the request's site (live, public pages and the routes they declare), in parts."""

    @property
    def limit(self):
        return settings.SITEMAP_PAGES_PER_FILE

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
