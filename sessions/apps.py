"""App config: label "council" because Django's own sessions app owns the label "sessions"."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "sessions"
    label = "council"
    verbose_name = _("Council")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals, webhooks  # noqa: F401  (register receivers and webhook events)
        from .home_slot import register

        register()
