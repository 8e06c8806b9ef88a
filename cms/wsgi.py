"""WSGI entry point (gunicorn cms.wsgi): the page cache's front answers anonymous hits, Django the rest."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

from cms.pagecache import PageCacheApplication  # noqa: E402  (needs the settings module chosen above)

application = PageCacheApplication(get_wsgi_application())
