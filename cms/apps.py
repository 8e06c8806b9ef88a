"""The project app: users, accounts glue, site-wide search, API mounting and roles."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, page_api, signals  # noqa: F401  (registers system checks and receivers)

        page_api.install()  # before the pages API builds its schemas (when the URLconf is first loaded)
