"""Citizens' appeals to city services and deputies: routing, legal deadlines, confidentiality, answers, ratings."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = _("Citizens' appeals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.slots import register_home_slot

        from . import exporters, webhooks  # noqa: F401  (register the personal-data exporter, webhook events)
        from .home_slot import SLOT_NAME, render_recent_answers

        register_home_slot(SLOT_NAME, _("Appeals: recent answers"), render_recent_answers)
