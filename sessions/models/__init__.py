"""Models of the council (app label "council")."""
from .acts import (
    DecisionDocument,
    DecisionIndexPage,
    DecisionPage,
    DecisionStatus,
    DecisionTopic,
    DraftAttachment,
    DraftDecisionIndexPage,
    DraftDecisionPage,
    DraftStatus,
    InitiatorKind,
)
from .deputies import (
    DeputyIndexPage,
    DeputyPage,
    DeputyReport,
    DeputySocialLink,
    FactionPost,
    Gender,
    MandateStatus,
    ReceptionSchedule,
    ReceptionSlot,
    Weekday,
)
from .meetings import AgendaItem, SessionDocument, SessionIndexPage, SessionKind, SessionPage, SessionStatus
from .reference import (
    CalendarDay,
    Committee,
    CommitteeMembership,
    CommitteePost,
    Convocation,
    Department,
    ElectoralDistrict,
    Faction,
)
from .votes import AddressRecord, Choice, VoteEvent, VoteKind, VoteRecord, VoteResult

__all__ = [
    "AddressRecord", "AgendaItem", "CalendarDay", "Choice", "Committee", "CommitteeMembership", "CommitteePost",
    "Convocation", "DecisionDocument", "DecisionIndexPage", "DecisionPage", "DecisionStatus", "DecisionTopic",
    "Department", "DeputyIndexPage", "DeputyPage", "DeputyReport", "DeputySocialLink", "DraftAttachment",
    "DraftDecisionIndexPage", "DraftDecisionPage", "DraftStatus", "ElectoralDistrict", "Faction", "FactionPost",
    "Gender", "InitiatorKind", "MandateStatus", "ReceptionSchedule", "ReceptionSlot", "SessionDocument",
    "SessionIndexPage", "SessionKind", "SessionPage", "SessionStatus", "VoteEvent", "VoteKind", "VoteRecord",
    "VoteResult", "Weekday",
]
