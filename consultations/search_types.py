"""What site search finds in public consultations."""
from django.utils.translation import gettext_lazy as _

from cms.search_types import SearchHit, SearchType, page_search

from .models import ConsultationPage

SEARCH_TYPES = [
    SearchType("consultations", _("Consultations"),
               page_search(ConsultationPage, fields=("start", "search_description")), order=60,
               hit=lambda page: SearchHit(title=page.title, url=page.url, kind=str(_("Consultation")),
                                          date=page.start, summary=page.search_description)),
]
