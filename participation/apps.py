"""What residents' participation shares: discussions (comments), moderation and suspensions."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import Api, Grant, Manifest, Urls


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")
    manifest = Manifest(
        api=(Api("/participation/", "participation.api.router"),),
        urls=(Urls("", "participation.urls"),),
        roles={"moderators": Grant(models=("participation.view_comment", "participation.change_comment",
                                           "participation.moderate_comment", "participation.view_usersuspension"))},
        personal_data=("participation.exporters.export_comments", "participation.exporters.export_reports",
                       "participation.exporters.export_follows", "participation.exporters.export_notifications"),
    )

    def ready(self):
        from . import signals  # noqa: F401  (the page-cache purges on comment changes)
