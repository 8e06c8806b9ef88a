"""The community forum: residents' topics on local issues, pre-moderated, discussed with the shared comments."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import exporters, signals  # noqa: F401  (personal-data export; a comment moves its topic up)
