"""Admin of the participatory budget: audit-log actions, viewsets, review, paper ballots, dashboard panel."""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_budget_actions(actions):
    actions.register_action("budget.review", _("Review of a budget project"), _("Review of a budget project"))
    actions.register_action("budget.paper_ballot", _("Paper ballot entered"), _("Paper ballot entered"))
    actions.register_action("budget.results", _("Budget results counted"), _("Budget results counted"))
