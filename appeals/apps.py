"""Citizens' appeals to city services and deputies: routing, legal deadlines, confidentiality, answers, ratings."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import Api, CachedPages, Grant, HomeSlot, Manifest, OpenDataSet, SearchType, Urls

# Working on appeals in one's own scope; the scope itself is appeals.visibility's one rule.
HANDLE = ("appeals.view_appeal", "appeals.handle_appeal")


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = _("Citizens' appeals")
    default_auto_field = "django.db.models.BigAutoField"
    manifest = Manifest(
        api=(Api("/appeals/", "appeals.api.router"),),
        urls=(Urls("", "appeals.urls"),),  # Open311 GeoReport v2 at /open311/v2/
        roles={
            # Every appeal: (re)assignment, reopening, closing; the service catalogue, the routing, the settings.
            "appeals_dispatchers": Grant(models=(
                *HANDLE, "appeals.dispatch_appeal", "appeals.change_appealsettings",
                *[f"appeals.{action}_{model}" for model in ("category", "service")
                  for action in ("add", "change", "delete", "view")])),
            # An executor: the appeals of the service whose group they are in; a deputy: those addressed to them.
            "executors": Grant(models=HANDLE),
            "deputies": Grant(models=HANDLE),
        },
        home_slots=(HomeSlot("appeals_answers", _("Appeals: recent answers"),
                             "appeals.home_slot.render_recent_answers"),),
        # The list, each appeal, the statistics and the home page's «recent answers» show these.
        cached_pages=(CachedPages(models=("appeals.Appeal", "appeals.AppealEvent", "appeals.AppealPhoto",
                                          "appeals.Category", "appeals.Service"),
                                  addresses="appeals.selectors.cached_addresses"),),
        personal_data=("appeals.exporters.export_appeals",),
        open_data=(OpenDataSet("appeals", _("Citizens' appeals (public, anonymised)"),
                               "appeals.opendata.dataset_urls"),),
        search=(SearchType(_("Appeal"), "appeals.selectors.search_public_appeals", number="number",
                           date="registered_at", summary="summary",
                           models=("appeals.Appeal",), plural=_("Appeals")),),
        demo="appeals.demo.seed",
    )

    def ready(self):
        from . import webhooks  # noqa: F401  (registers the module's webhook events)
