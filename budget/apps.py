"""Participatory budget: campaigns, project submission and review, secret exactly-once voting, results by greedy
selection and the Method of Equal Shares, implementation tracking. Declared to the kernel once, in the manifest."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import Api, CachedPages, Grant, HomeSlot, Manifest, OpenDataSet, SearchType

# The commission reviews projects, enters paper ballots, counts results and tracks the winners' implementation;
# it sees who voted, never what a named person chose (there is no permission for that: no such view exists).
COMMISSION = (
    "budget.view_budgetproject", "budget.change_budgetproject", "budget.review_budgetproject",
    "budget.track_implementation", "budget.enter_paper_ballot", "budget.view_budgetparticipation",
    "budget.add_district", "budget.change_district", "budget.view_district",
    "budget.view_budgetreview", "budget.change_budgetreview",
    "budget.add_implementationupdate", "budget.change_implementationupdate", "budget.view_implementationupdate",
)


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Participatory budget")
    default_auto_field = "django.db.models.BigAutoField"
    manifest = Manifest(
        api=(Api("/budget/", "budget.api.router"),),
        roles={"budget_commission": Grant(models=COMMISSION, pages={
            "budget.BudgetIndexPage": ("add_page", "change_page", "publish_page", "lock_page")})},
        home_slots=(HomeSlot("budget_voting", _("Participatory budget: voting"), "budget.home_slot.render_voting"),),
        # A project's own events purge its campaign in services (purge_campaign_pages); a ballot does not purge (the
        # vote is secret until the results, and the statistics' totals may lag by the cache's lifetime). Districts
        # show in every campaign.
        cached_pages=(CachedPages(models=("budget.District",), addresses="budget.selectors.cached_addresses"),),
        personal_data=("budget.exporters.export_budget",),
        open_data=(OpenDataSet("budget-projects", _("Participatory budget projects"), "budget.opendata.dataset_urls"),
                   OpenDataSet("budget-votes", _("Participatory budget votes (anonymised)"),
                               "budget.opendata.dataset_urls")),
        search=(SearchType(_("Budget project"), "budget.selectors.search_public_projects", number="pk",
                           date="submitted_at", models=("budget.BudgetProject",),
                           plural=_("Budget projects")),),
        demo="budget.demo.seed",
    )

    def ready(self):
        from .ballot_config import connect

        connect()  # the cached ballot configuration is dropped when a campaign, category or project changes
