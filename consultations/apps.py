"""Public consultations ("громадські обговорення"): questions put to residents, with comments, a short
questionnaire and a final report."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Public consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import exporters, signals  # noqa: F401  (personal-data export, report publication)
        from .slots import register

        register()
