"""Public consultations ("громадські обговорення"): questions put to residents, with comments, a short
questionnaire and a final report."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import EDIT_PAGES, Api, Grant, HomeSlot, Manifest, OpenDataSet


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Public consultations")
    manifest = Manifest(
        search_types="consultations.search_types.SEARCH_TYPES",
        api=(Api("/participation/consultations/", "consultations.api.router"),),
        roles={"press_office": Grant(pages={
            "consultations.ConsultationIndexPage": EDIT_PAGES})},
        home_slots=(HomeSlot("consultations", _("Open public consultations"),
                             "consultations.home_slot.render_open_consultations"),),
        personal_data=("consultations.exporters.export_consultation_answers",),
        open_data=(OpenDataSet("consultations", _("Public consultations"), "consultations.opendata.dataset_urls"),),
        demo="consultations.demo.seed",
    )

    def ready(self):
        from . import signals  # noqa: F401  (report publication)
