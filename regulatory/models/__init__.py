"""Regulatory acts: the register and act pages, the annual plan (departments are the council's city departments)."""
from .acts import Proposal, RegulatoryActDocument, RegulatoryActIndexPage, RegulatoryActPage, TrackingReport
from .plan import PlanItem, RegulatoryPlanPage

__all__ = [
    "PlanItem", "Proposal", "RegulatoryActDocument", "RegulatoryActIndexPage", "RegulatoryActPage",
    "RegulatoryPlanPage", "TrackingReport",
]
