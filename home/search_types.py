"""What site search finds in the city site: news, events and pages."""
from django.utils.translation import gettext_lazy as _

from cms.search_types import SearchHit, SearchType, page_search

from .models import EventPage, NewsPage, StandardPage


def _summary(page) -> str:
    return getattr(page, "lead", "") or getattr(page, "intro", "") or page.search_description or ""


SEARCH_TYPES = [
    SearchType("news", _("News"),
               page_search(NewsPage, newest=("-date", "-pk"), fields=("date", "lead", "search_description")),
               order=10, hit=lambda page: SearchHit(title=page.title, url=page.url, kind=str(_("News")),
                                                    date=page.date, summary=_summary(page))),
    SearchType("events", _("Events"), page_search(EventPage, fields=("start", "lead", "search_description")),
               order=20, hit=lambda page: SearchHit(title=page.title, url=page.url, kind=str(_("Event")),
                                                    date=page.start, summary=_summary(page))),
    SearchType("pages", _("Pages"), page_search(StandardPage, fields=("intro", "search_description")),
               order=90, hit=lambda page: SearchHit(title=page.title, url=page.url, kind=str(_("Page")),
                                                    summary=_summary(page))),
]
