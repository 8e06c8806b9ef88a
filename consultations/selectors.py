"""Read queries of consultations shared by the pages, the API, open data and the admin, in bounded queries."""
import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cms.search import normalise_apostrophes
from cms.visibility import public
from participation.models import Comment

from .models import (
    ConsultationDocument,
    ConsultationPage,
    ConsultationProposal,
    ConsultationQuestion,
    ConsultationResponse,
    ConsultationStatus,
    QuestionOption,
)

# Empty rich text as Draftail stores it; anything else counts as a written report.
EMPTY_REPORT = Q(report_summary="") | Q(report_summary="<p></p>")


def status_filter(status: str, now: datetime.datetime) -> Q:
    """The database form of ConsultationPage.status_at, so that lists filter without loading every page."""
    if status == ConsultationStatus.UPCOMING:
        return Q(start__gt=now)
    if status == ConsultationStatus.OPEN:
        return Q(start__lte=now, end__gt=now)
    if status == ConsultationStatus.CLOSED:
        return Q(end__lte=now) & EMPTY_REPORT
    return Q(end__lte=now) & ~EMPTY_REPORT


def next_status_change(*, index=None, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment a live consultation (under ``index``) opens or closes: a list showing statuses, or filtered by
    them, is kept by the page caches until then only (cms.pagecache.changes_at). One query."""
    now = now or timezone.now()
    queryset = public(ConsultationPage.objects.live())
    if index is not None:
        queryset = queryset.child_of(index)
    found = queryset.aggregate(start=Min("start", filter=Q(start__gt=now)), end=Min("end", filter=Q(end__gt=now)))
    return min((moment for moment in found.values() if moment is not None), default=None)


def _count_subquery(queryset, field_name: str):
    return Coalesce(Subquery(queryset.order_by().values(field_name).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


def consultations_queryset() -> QuerySet:
    """Live public consultations with their comment and respondent counts (one query for any number)."""
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    comments = Comment.objects.filter(content_type=content_type, object_id=OuterRef("pk"),
                                      status=Comment.Status.PUBLISHED, is_deleted=False)
    responses = ConsultationResponse.objects.filter(consultation=OuterRef("pk"))
    return (public(ConsultationPage.objects.live())
            .annotate(comment_count=_count_subquery(comments, "object_id"),
                      respondent_count=_count_subquery(responses, "consultation"),
                      question_count=_count_subquery(ConsultationQuestion.objects.filter(page=OuterRef("pk")),
                                                     "page"),
                      proposal_count=_count_subquery(ConsultationProposal.objects.filter(page=OuterRef("pk")),
                                                     "page")))


def filter_consultations(queryset: QuerySet, *, index=None, status: str = "", year: int | None = None,
                         query: str = "", now: datetime.datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    if index is not None:
        queryset = queryset.child_of(index)
    if status:
        queryset = queryset.filter(status_filter(status, now))
    if year:
        queryset = queryset.filter(start__year=year)
    if query:
        queryset = queryset.filter(Q(pk__in=_full_text_matches(query)) | Q(title__icontains=query)
                                   | Q(question__icontains=query) | Q(summary__icontains=query))
    # Newest first; a list of ended ones by the most recent end.
    return queryset.order_by("-end", "-pk") if status in ("closed", "report_published") \
        else queryset.order_by("-start", "-pk")


# A council runs dozens of consultations a year; the cap only guards against a pathological query.
FULL_TEXT_LIMIT = 1000


def _full_text_matches(query: str) -> list[int]:
    """Ids found by the site's Ukrainian full-text search (word forms, the description's text too)."""
    words = normalise_apostrophes(query.replace('"', " ")).strip()
    if not words:
        return []
    results = public(ConsultationPage.objects.live()).search(words)
    return [page.pk for page in results[:FULL_TEXT_LIMIT]]


def consultation_years(index) -> list[int]:
    return [day.year for day in public(ConsultationPage.objects.live()).child_of(index)
            .dates("start", "year", order="DESC")]


def questionnaire(consultation: ConsultationPage) -> list[ConsultationQuestion]:
    """Questions in the editor's order with their options (two queries)."""
    return list(consultation.questions.order_by("sort_order", "pk").prefetch_related(
        Prefetch("options", queryset=QuestionOption.objects.order_by("sort_order", "pk"))))


def documents(consultation: ConsultationPage) -> list[ConsultationDocument]:
    return list(consultation.documents.select_related("document").order_by("sort_order", "pk"))


def has_answered(consultation: ConsultationPage, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return ConsultationResponse.objects.filter(consultation=consultation, user=user).exists()


@dataclass
class OptionResult:
    id: int
    text: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    id: int
    text: str
    kind: str
    respondents: int
    options: list[OptionResult] = field(default_factory=list)


@dataclass
class Results:
    respondents: int
    questions: list[QuestionResult]


def results(consultation: ConsultationPage, questions: list[ConsultationQuestion] | None = None) -> Results:
    """Counts and percentages per option (of those who answered the question), in a fixed number of queries.

    For a question with several answers the percentages add up to more than 100."""
    questions = questionnaire(consultation) if questions is None else questions
    # The respondents, those who answered each question and the answers given each option, in one pass over the
    # responses and their answers (a questionnaire has a handful of questions and options).
    counts = ConsultationResponse.objects.filter(consultation=consultation).aggregate(
        respondents=Count("pk", distinct=True),
        **{f"q{question.pk}": Count("answers__response", distinct=True, filter=Q(answers__question=question.pk))
           for question in questions},
        **{f"o{option.pk}": Count("answers", filter=Q(answers__option=option.pk))
           for question in questions for option in question.options.all()})
    per_option = {int(name[1:]): count for name, count in counts.items() if name.startswith("o")}
    result = Results(respondents=counts["respondents"], questions=[])
    for question in questions:
        answered = counts[f"q{question.pk}"]
        result.questions.append(QuestionResult(
            id=question.pk, text=question.text, kind=question.kind, respondents=answered,
            options=[OptionResult(id=option.pk, text=option.text, count=per_option.get(option.pk, 0),
                                  percent=round(100 * per_option.get(option.pk, 0) / answered, 1) if answered else 0.0)
                     for option in question.options.all()],
        ))
    return result


def open_for_staff(*, now: datetime.datetime | None = None) -> list[ConsultationPage]:
    """Live open consultations, the ones ending first on top, with respondent counts: the staff dashboard."""
    now = now or timezone.now()
    return list(ConsultationPage.objects.live().filter(start__lte=now, end__gt=now)
                .annotate(respondent_count=Count("responses", distinct=True)).order_by("end", "pk"))
