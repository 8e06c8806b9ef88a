"""WSGI entry point (gunicorn cms.wsgi): the page cache's front answers anonymous hits, Django the rest."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

from cms.pagecache import PageCacheApplication  # noqa: E402  (needs the settings module chosen above)


def build_what_the_first_request_would():
    """Builds now what Django otherwise builds on a process's first requests: the URL map (the API's routes, the
    admin's views, allauth's) and its reverse index in every language, the schemas of every API operation a visitor
    can call (cms.api_schemas; Wagtail's editor writes build theirs on first use), the translation catalogues,
    the template engine with every tag library, the cache backends' modules (django-redis and redis), the release the
page cache keys its entries with. A server
    that forks its workers after loading the application (gunicorn.conf.py's preload_app) then holds one copy of
    them, shared by every worker, instead of one per worker: 27 MiB of the URL map alone (benchmarks/README.md,
    "Worker memory")."""
    from django.conf import settings
    from django.core.cache import caches
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import translation

    from cms.api import api
    from cms.api_schemas import build_visitor_schemas
    from cms.release import current_release

    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # loads the language's merged catalogue
            get_resolver().reverse_dict  # noqa: B018  (built per active language on first use)
    build_visitor_schemas(api)
    current_release()  # reads the source files once, in the master
    for backend in engines.all():  # the Django engine imports every installed tag library when made
        engine = getattr(backend, "engine", None)
        if engine is not None:
            engine.template_loaders, engine.template_context_processors  # noqa: B018  (built on first use)
    for alias in settings.CACHES:
        # A backend object made and dropped: its modules are imported, no connection is opened.
        caches.create_connection(alias)


application = PageCacheApplication(get_wsgi_application())
build_what_the_first_request_would()
