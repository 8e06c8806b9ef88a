"""Regulatory acts: consultations on drafts, the register, the annual plan and effectiveness tracking."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import EDIT_PAGES, Api, Grant, Manifest, OpenDataSet


class RegulatoryConfig(AppConfig):
    name = "regulatory"
    verbose_name = _("Regulatory acts")
    manifest = Manifest(
        search_types="regulatory.search_types.SEARCH_TYPES",
        api=(Api("/participation/regulatory-acts/", "regulatory.api.router"),),
        roles={"regulatory_officer": Grant(
            # Acts name their developer from the council's one list of city departments; the service may add a
            # missing department there, while deleting one stays with the secretariat.
            models=("council.add_department", "council.change_department", "council.view_department"),
            pages={"regulatory.RegulatoryActIndexPage": EDIT_PAGES})},
        open_data=(OpenDataSet("regulatory-acts", _("Register of regulatory acts"),
                               "regulatory.opendata.dataset_urls"),),
        demo="regulatory.demo.seed",
    )
