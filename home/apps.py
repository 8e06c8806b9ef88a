"""The city site: home page, standard pages, news, events, navigation and site settings."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import EDIT_PAGES, Api, Grant, Manifest, Urls

NEWS_CATEGORIES = ("home.add_newscategory", "home.change_newscategory", "home.delete_newscategory")


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("City site")
    manifest = Manifest(
        search_types="home.search_types.SEARCH_TYPES",
        api=(Api("/home/", "home.api.router"),),
        urls=(Urls("", "home.urls"),),
        roles={
            "press_office": Grant(models=NEWS_CATEGORIES,
                                  pages={"home.NewsIndexPage": EDIT_PAGES, "home.EventIndexPage": EDIT_PAGES}),
            "site_editors": Grant(models=("home.change_portalsettings", *NEWS_CATEGORIES),
                                  pages={"home.HomePage": EDIT_PAGES}),
        },
    )

    def ready(self):
        from . import signals  # noqa: F401  (registers receivers)
