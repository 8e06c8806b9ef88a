"""Models of public consultations: pages (index, consultation and its inline parts) and responses."""
from .pages import (
    MAX_OPTIONS,
    MAX_QUESTIONS,
    ConsultationDocument,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationProposal,
    ConsultationQuestion,
    ConsultationStatus,
    QuestionOption,
)
from .responses import ConsultationAnswer, ConsultationResponse, ConsultationStatusNotice

__all__ = [
    "MAX_OPTIONS", "MAX_QUESTIONS", "ConsultationAnswer", "ConsultationDocument", "ConsultationIndexPage",
    "ConsultationPage", "ConsultationProposal", "ConsultationQuestion", "ConsultationResponse",
    "ConsultationStatus", "ConsultationStatusNotice", "QuestionOption",
]
