"""Regulatory acts: the register and act pages, the annual plan, developer departments."""
from .acts import Proposal, RegulatoryActDocument, RegulatoryActIndexPage, RegulatoryActPage, TrackingReport
from .department import Department
from .plan import PlanItem, RegulatoryPlanPage

__all__ = [
    "Department", "PlanItem", "Proposal", "RegulatoryActDocument", "RegulatoryActIndexPage", "RegulatoryActPage",
    "RegulatoryPlanPage", "TrackingReport",
]
