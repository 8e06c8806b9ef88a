"""What site search finds in e-petitions: public petitions (the visibility rule of petitions decides)."""
from django.utils.translation import gettext_lazy as _

from cms.search_types import SearchHit, SearchType

from . import selectors


def _search(query: str):
    # A hit shows the petition's own columns: no category is joined.
    return selectors.filter_petitions(selectors.visible_petitions(), query=query)


SEARCH_TYPES = [
    # The settings decide whether rejected petitions are listed (selectors.public_statuses).
    SearchType("petitions", _("Petitions"), _search, order=40,
               models=("petitions.Petition", "petitions.PetitionSettings"),
               hit=lambda petition: SearchHit(
        title=petition.title, url=petition.get_absolute_url(), kind=str(_("Petition")), number=f"{petition.pk}",
        date=petition.published_at, summary=petition.text[:300])),
]
