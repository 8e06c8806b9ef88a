"""E-petitions: submission, moderation, signing with exact counts, thresholds, official answers."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("E-petitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.slots import register_home_slot

        from . import exporters, webhooks  # noqa: F401  (register the personal-data exporter, webhook events)
        from .home_slot import SLOT_NAME, render_active_petitions

        register_home_slot(SLOT_NAME, _("Active petitions"), render_active_petitions)
