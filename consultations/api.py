"""JSON API of public consultations (/api/v3/participation/consultations/): list, detail, answering."""
import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cms.api_helpers import (
    MAX_DB_INT,
    Pagination,
    absolute_page_url,
    get_or_404,
    public,
    public_or_session,
    resident_auth,
)
from cms.errors import ApiProblem

from . import selectors, services

router = Router(tags=["consultations"])


class ConsultationFilters(Schema):
    status: Literal["upcoming", "open", "closed", "report_published"] | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    q: str | None = Field(None, max_length=200, description="Words in the title, question or summary")


class ConsultationFields(Schema):
    id: int
    title: str
    url: str | None
    question: str
    summary: str
    organiser: str
    start: datetime.datetime
    end: datetime.datetime
    status: str = Field(..., description="upcoming, open, closed or report_published")
    comments_count: int
    respondents_count: int
    has_questionnaire: bool
    report_published: bool


class ConsultationItem(ConsultationFields):
    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_comments_count(obj):
        return obj.comment_count

    @staticmethod
    def resolve_respondents_count(obj):
        return obj.respondent_count

    @staticmethod
    def resolve_has_questionnaire(obj):
        return obj.question_count > 0

    @staticmethod
    def resolve_report_published(obj):
        return obj.status == "report_published"


class OptionOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    text: str
    kind: str = Field(..., description='"single" (exactly one option) or "multiple"')
    required: bool
    options: list[OptionOut]


class OptionResultOut(Schema):
    id: int
    text: str
    count: int
    percent: float


class QuestionResultOut(Schema):
    id: int
    text: str
    kind: str
    respondents: int
    options: list[OptionResultOut]


class ResultsOut(Schema):
    respondents: int
    questions: list[QuestionResultOut]


class ConsultationDocumentOut(Schema):
    title: str
    url: str
    file_extension: str


class ConsultationReportProposalOut(Schema):
    proposal: str
    source: str
    decision: str = Field(..., description="accepted, partly or rejected")
    reason: str


class ConsultationReportOut(Schema):
    summary_html: str
    document: ConsultationDocumentOut | None
    proposals: list[ConsultationReportProposalOut]


class ConsultationDetail(ConsultationFields):
    description_html: str
    documents: list[ConsultationDocumentOut]
    questions: list[QuestionOut]
    results: ResultsOut | None = Field(None, description="Only after the consultation has closed")
    report: ConsultationReportOut | None = Field(None, description="Only once the final report is published")
    comments_open: bool
    answered: bool = Field(..., description="Whether you (when logged in) have answered the questionnaire")


class AnswerIn(Schema):
    question_id: int = Field(..., ge=1, le=MAX_DB_INT)
    option_ids: list[int] = Field(..., max_length=50)


class ResponseIn(Schema):
    answers: list[AnswerIn] = Field(..., max_length=50)


class ResponseOut(Schema):
    id: int
    consultation_id: int
    created_at: datetime.datetime


def _consultation_or_404(consultation_id: int):
    return get_or_404(selectors.consultations_queryset(), consultation_id,
                      detail=_("This consultation was not found."))


def _document(document, request) -> dict:
    return {"title": document.title, "url": request.build_absolute_uri(document.url),
            "file_extension": document.file_extension}


@router.get("/", response=list[ConsultationItem], auth=public, url_name="consultations_list",
            summary="List public consultations")
@paginate(Pagination)
def list_consultations(request: HttpRequest, filters: ConsultationFilters = Query(...)):  # noqa: B008
    query = " ".join((filters.q or "").replace("\x00", " ").split())
    return selectors.filter_consultations(selectors.consultations_queryset(), status=filters.status or "",
                                          year=filters.year, query=query)


@router.get("/{consultation_id}/", response=ConsultationDetail, auth=public_or_session, url_name="consultations_detail",
            summary="A consultation with its questionnaire; results after closing, the report once published")
def consultation_detail(request: HttpRequest, consultation_id: int):
    page = _consultation_or_404(consultation_id)
    questions = selectors.questionnaire(page)
    status = page.status
    report = None
    if status == "report_published":
        report = {
            "summary_html": page.report_summary,
            "document": _document(page.report_document, request) if page.report_document_id else None,
            "proposals": list(page.proposals.order_by("sort_order", "pk")),
        }
    return {
        "id": page.pk, "title": page.title, "url": absolute_page_url(page, request), "question": page.question,
        "summary": page.summary, "organiser": page.organiser, "start": page.start, "end": page.end,
        "status": status, "comments_count": page.comment_count, "respondents_count": page.respondent_count,
        "has_questionnaire": bool(questions), "report_published": report is not None,
        "description_html": str(page.description),
        "documents": [{**_document(item.document, request), "title": item.display_title}
                      for item in selectors.documents(page)],
        "questions": [{"id": question.pk, "text": question.text, "kind": question.kind,
                       "required": question.required,
                       "options": [{"id": option.pk, "text": option.text} for option in question.options.all()]}
                      for question in questions],
        "results": selectors.results(page, questions) if questions and page.results_visible else None,
        "report": report,
        "comments_open": status == "open",
        "answered": selectors.has_answered(page, request.user),
    }


@router.post("/{consultation_id}/responses/", response={201: ResponseOut}, auth=resident_auth,
             summary="Answer the questionnaire (once, while the consultation is open)")
def answer_questionnaire(request: HttpRequest, consultation_id: int, data: ResponseIn):
    page = _consultation_or_404(consultation_id)
    choices: dict[int, list[int]] = {}
    for answer in data.answers:
        if answer.question_id in choices:
            raise ApiProblem(422, "invalid_answer", _("Each question can be answered only once in a response."))
        choices[answer.question_id] = answer.option_ids
    # The detail tells a logged-in resident whether they have answered (public_or_session above).
    response = services.consultation_answer(consultation=page, user=request.user, choices=choices)
    return Status(201, response)
