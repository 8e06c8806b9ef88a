"""Citizens' appeals to city services and deputies: routing, legal deadlines, confidentiality, answers, ratings."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = _("Citizens' appeals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import exporters  # noqa: F401  (registers the personal-data exporter)
