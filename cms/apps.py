"""The project app and the kernel: users, accounts glue, site-wide search, the API mount, roles and the module
contract (cms.modules) through which the modules declare themselves."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks, page_api, signals  # noqa: F401  (registers system checks and receivers)

        page_api.install()  # before the pages API builds its schemas (when the URLconf is first loaded)
