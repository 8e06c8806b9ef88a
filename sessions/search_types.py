"""What site search finds in the council's work: sessions, draft decisions, decisions and deputies."""
from django.utils.translation import gettext_lazy as _

from cms.search_types import SearchHit, SearchType, page_search

from .models import DecisionPage, DeputyPage, DraftDecisionPage, SessionPage

SEARCH_TYPES = [
    SearchType("decisions", _("Decisions"), page_search(DecisionPage, fields=("number", "date", "summary")),
               order=30, hit=lambda page: SearchHit(
                   title=page.title, url=page.url, kind=str(_("Decision")), number=page.number, date=page.date,
                   summary=page.summary)),
    SearchType("drafts", _("Draft decisions"),
               page_search(DraftDecisionPage, fields=("registration_number", "publication_date", "summary")),
               order=31, hit=lambda page: SearchHit(
                   title=page.title, url=page.url, kind=str(_("Draft decision")), number=page.registration_number,
                   date=page.publication_date, summary=page.summary)),
    SearchType("sessions", _("Sessions"), page_search(SessionPage, fields=("number", "start")),
               order=32, hit=lambda page: SearchHit(
                   title=page.title, url=page.url, kind=str(_("Session")), number=str(page.number),
                   date=page.start)),
    SearchType("deputies", _("Deputies"), page_search(DeputyPage), order=33, hit=lambda page: SearchHit(
        title=page.title, url=page.url, kind=str(_("Deputy")))),
]
