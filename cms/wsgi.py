"""WSGI entry point (gunicorn cms.wsgi): the page cache's front answers anonymous hits, Django the rest."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

from cms.pagecache import PageCacheApplication  # noqa: E402  (needs the settings module chosen above)


def warm_up() -> None:
    """Loads what Django otherwise loads on a process's first request: the URLconf (every module's API router and
    its schemas, about half a second of CPU), the reverse look-up tables and the translation catalogues. gunicorn
    imports this module in the master (``preload_app``) and forks its workers from it, so they share all of it
    instead of paying it again in every worker, and in every worker that replaces one after ``max_requests``.
    Opens no database or cache connection (a forked worker must not share the master's)."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (imports the URLconf)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018  (built per language)


application = PageCacheApplication(get_wsgi_application())
warm_up()
