"""Participatory budget (громадський бюджет): campaigns, projects and their review, voting, results."""
from .campaign import (
    BallotRule,
    BindingRule,
    BudgetCampaignPage,
    BudgetCategory,
    BudgetIndexPage,
    District,
    Phase,
    Residency,
)
from .projects import (
    ON_BALLOT_STATUSES,
    PUBLIC_STATUSES,
    WINNER_STATUSES,
    BudgetCoAuthor,
    BudgetCostItem,
    BudgetProject,
    BudgetProjectFile,
    BudgetReview,
    ImplementationUpdate,
    ProjectStatus,
    ReviewDecision,
)
from .voting import BudgetBallot, BudgetParticipation, BudgetResult, Channel, VoterProfile

__all__ = [
    "BallotRule", "BindingRule", "BudgetCampaignPage", "BudgetCategory", "BudgetIndexPage", "District", "Phase",
    "Residency", "ON_BALLOT_STATUSES", "PUBLIC_STATUSES", "WINNER_STATUSES", "BudgetCoAuthor", "BudgetCostItem",
    "BudgetProject", "BudgetProjectFile", "BudgetReview", "ImplementationUpdate", "ProjectStatus",
    "ReviewDecision", "BudgetBallot", "BudgetParticipation", "BudgetResult", "Channel", "VoterProfile",
]
