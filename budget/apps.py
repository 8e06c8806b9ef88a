"""Participatory budget: campaigns, project submission and review, secret exactly-once voting, results by greedy
selection and the Method of Equal Shares, implementation tracking.

Everything the kernel needs from this module is declared here (MANIFEST), so moving to the kernel's module
contract is a matter of handing it over."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

MANIFEST = {
    "api_prefix": "/budget/",
    "api_router": "budget.api.router",
    "home_slot": ("budget_voting", _("Participatory budget: voting"), "budget.home_slot.render_voting"),
    "personal_data_exporter": "budget.exporters.export_budget",
    "open_data": "budget.opendata.DATASETS",
    "demo": "budget.demo.seed",
    "roles": {
        "budget_commission": [
            "budget.view_budgetproject", "budget.change_budgetproject", "budget.review_budgetproject",
            "budget.track_implementation", "budget.enter_paper_ballot", "budget.view_budgetparticipation",
            "budget.add_district", "budget.change_district", "budget.view_district",
            "budget.view_budgetreview", "budget.change_budgetreview", "budget.add_implementationupdate",
            "budget.change_implementationupdate", "budget.view_implementationupdate",
        ],
    },
    "page_permissions": {"budget_commission": {"budget.BudgetIndexPage": ["add_page", "change_page",
                                                                          "publish_page", "lock_page"]}},
}


def _load(dotted: str):
    from django.utils.module_loading import import_string

    return import_string(dotted)


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Participatory budget")
    default_auto_field = "django.db.models.BigAutoField"
    manifest = MANIFEST

    def ready(self):
        from cms.services import register_personal_data_exporter
        from cms.slots import register_home_slot

        name, label, render = MANIFEST["home_slot"]
        register_home_slot(name, label, _load(render))
        register_personal_data_exporter(_load(MANIFEST["personal_data_exporter"]))
