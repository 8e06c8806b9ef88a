"""E-petitions: submission, moderation, signing with exact counts, thresholds, official answers."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import Api, CachedPages, Grant, HomeSlot, Manifest, OpenDataSet


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("E-petitions")
    manifest = Manifest(
        search_types="petitions.search_types.SEARCH_TYPES",
        api=(Api("/petitions/", "petitions.api.router"),),
        roles={
            # Answers, deadlines, and the signatures (with e-mails) the council processes.
            "council_secretariat": Grant(models=(
                "petitions.view_petition", "petitions.change_petition", "petitions.answer_petition",
                "petitions.process_signatures", "petitions.view_signature", "petitions.add_petitioncategory",
                "petitions.change_petitioncategory", "petitions.view_petitioncategory",
                "petitions.change_petitionsettings")),
            "moderators": Grant(models=("petitions.view_petition", "petitions.change_petition",
                                        "petitions.moderate_petition")),
        },
        home_slots=(HomeSlot("petitions_active", _("Active petitions"),
                             "petitions.home_slot.render_active_petitions"),),
        # A petition's own events purge precisely in services (purge_public_pages); a signature does not purge: the
        # petition's page loads its count live (count.js) and the lists' counts may lag by the cache's lifetime.
        # Categories and the settings show on the list and on every petition's page.
        cached_pages=(CachedPages(models=("petitions.PetitionCategory", "petitions.PetitionSettings"),
                                  addresses="petitions.selectors.cached_addresses"),),
        personal_data=("petitions.exporters.export_petitions", "petitions.exporters.export_signatures"),
        open_data=(OpenDataSet("petitions", _("E-petitions"), "petitions.opendata.dataset_urls"),
                   OpenDataSet("signatures", _("Signatures of e-petitions (names only)"),
                               "petitions.opendata.dataset_urls")),
        demo="petitions.demo.seed",
    )

    def ready(self):
        from . import webhooks  # noqa: F401  (registers the module's webhook events)
