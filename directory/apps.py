"""City object directory: categories as map layers, objects, import/export, the public map and list."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("City directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The module's declarations to the kernel, in one place (manifest.py).
        from . import manifest

        manifest.register()
