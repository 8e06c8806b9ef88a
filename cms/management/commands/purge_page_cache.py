"""Drop every cached page: the application's cache (Redis) and the HTTP cache in front (Varnish, a CDN) through
Wagtail's frontend-cache backends. The last step of a deploy that changes how pages look: the application's cache
keeps its entries per release already (cms.release), the HTTP cache in front keys by address only."""
from django.core.management import BaseCommand

from cms import pagecache


class Command(BaseCommand):
    help = "Drop every cached page, in the application's cache and in the HTTP cache in front (FRONTEND_CACHE_URL)."

    def handle(self, *args, **options):
        pagecache.purge_all()
        self.stdout.write(self.style.SUCCESS("Every cached page is dropped."))
