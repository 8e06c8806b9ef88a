"""E-petitions: submission, moderation, signing with exact counts, thresholds, official answers."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("E-petitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import exporters  # noqa: F401  (registers the personal-data exporter)
