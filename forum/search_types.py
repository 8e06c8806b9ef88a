"""What site search finds in the forum: published and closed topics."""
from django.utils.translation import gettext_lazy as _

from cms.search_types import SearchHit, SearchType

from . import selectors

SEARCH_TYPES = [
    SearchType("forum", _("Forum topics"), selectors.search_public_topics, order=50, models=("forum.ForumTopic",),
               hit=lambda topic: SearchHit(title=topic.title, url=topic.get_url(), kind=str(_("Forum topic")),
                                           date=topic.published_at, summary=topic.body[:300])),
]
