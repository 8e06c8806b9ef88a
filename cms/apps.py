"""The project app and the kernel: users, accounts glue, site-wide search, the API mount, roles and the module
contract (cms.modules) through which the modules declare themselves."""
from django.apps import AppConfig
from django.db.models.signals import pre_migrate
from django.utils.translation import gettext_lazy as _

from .api_schemas import defer_schema_builds
from .deferred_imports import defer_unused_imports

# Before any app's models (they define the pages API's value schemas) and Wagtail's API v3 (its page-type schemas):
# the API's schemas build their validators when first used, or before the fork in cms.wsgi (cms.api_schemas).
defer_schema_builds()
# Before allauth's MFA views and login stage import its WebAuthn implementation (cms.deferred_imports).
defer_unused_imports()


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks, page_api, signals  # noqa: F401  (registers system checks and receivers)

        page_api.install()  # before the pages API builds its schemas (when the URLconf is first loaded)
        pre_migrate.connect(search_configuration_first, sender=self)


def search_configuration_first(sender, using, **kwargs):
    """``portal_uk`` before any table: stored search columns (petitions, forum) are computed with it, and a database
    built from the models without migrations (the test replica) never runs cms 0002, which creates it."""
    from django.db import connections

    from .search import ensure_search_configuration

    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.schema_editor() as editor:
            ensure_search_configuration(editor)
