"""Wagtail's ``update_index``, then site search's kept counts and rows dropped: a bulk rebuild writes the index
without the per-page signals that otherwise tell search its kept results are stale."""
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from cms.search_types import bump_page_search_version


class Command(WagtailUpdateIndex):
    def handle(self, **options):
        super().handle(**options)
        bump_page_search_version()
