"""City object directory: categories as map layers, objects, import/export, the public map and list."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import Api, Grant, Manifest, OpenDataSet, SearchType

# The city directory (objects on the map) is kept current by the city's services and the site editors.
EDIT_DIRECTORY = ("directory.import_cityobject", "directory.change_correction", "directory.view_correction",
                  *[f"directory.{action}_{model}" for model in ("cityobject", "category")
                    for action in ("add", "change", "delete", "view")])


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("City directory")
    default_auto_field = "django.db.models.BigAutoField"
    manifest = Manifest(
        api=(Api("/directory/", "directory.api.router"),),
        roles={"site_editors": Grant(models=EDIT_DIRECTORY), "executors": Grant(models=EDIT_DIRECTORY)},
        personal_data=("directory.exporters.export_corrections",),
        open_data=(OpenDataSet("directory", _("City objects"), "directory.opendata.open_data_urls"),),
        search=(SearchType(_("Place on the city map"), "directory.selectors.search_public_objects",
                           summary="address", models=("directory.CityObject",),
                           plural=_("Places on the city map")),),
        demo="directory.demo.seed",
    )

    def ready(self):
        from . import manifest

        manifest.register()
