"""What residents' participation shares: discussions (comments), moderation and suspensions."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import exporters, signals  # noqa: F401  (registers the personal-data exporter, the cache purges)
