"""Publish webhooks: the kernel tells registered endpoints (a separate front end, a CDN, an index) what changed."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "cms.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import page_events  # noqa: F401  (registers the page events and their signal receivers)
