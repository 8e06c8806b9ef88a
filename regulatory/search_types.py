"""What site search finds in regulatory acts."""
from django.utils.translation import gettext_lazy as _

from cms.search_types import SearchHit, SearchType, page_search

from .models import RegulatoryActPage

SEARCH_TYPES = [
    SearchType("regulatory", _("Regulatory acts"),
               page_search(RegulatoryActPage, fields=("decision_number", "notice_date", "search_description")),
               order=70, hit=lambda page: SearchHit(title=page.title, url=page.url, kind=str(_("Regulatory act")),
                                                    number=page.decision_number, date=page.notice_date,
                                                    summary=page.search_description)),
]
