"""Open data: every published consultation of an index as CSV and JSON with stable column names.

There is no national layout for consultations, so the columns are ours; OPEN_DATA_COLUMNS documents them
(shown on the index page and in the README) and is the single list both formats follow."""
import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms import pagecache
from cms.csv_export import csv_text

from . import selectors
from .models import ConsultationIndexPage

OPEN_DATA_COLUMNS = [
    ("id", _("identifier of the consultation on the portal")),
    ("title", _("title")),
    ("question", _("the question put to residents")),
    ("organiser", _("department or body running the consultation")),
    ("url", _("address of the consultation's page")),
    ("start", _("start, ISO 8601 with time zone")),
    ("end", _("end, ISO 8601 with time zone")),
    ("status", _("upcoming, open, closed or report_published")),
    ("comments_count", _("published comments")),
    ("has_questionnaire", _("true if there is a questionnaire")),
    ("respondents_count", _("residents who answered the questionnaire")),
    ("report_published", _("true once the final report is published")),
    ("report_document_url", _("address of the report's file, if any")),
    ("proposals_count", _("proposals in the final report's table")),
    ("last_published_at", _("when the page was last changed, ISO 8601")),
]


def open_data_rows(request, index) -> list[dict]:
    now = timezone.now()
    pages = (selectors.consultations_queryset().child_of(index).select_related("report_document")
             .order_by("start", "pk"))
    rows = []
    for page in pages:
        status = page.status_at(now)
        rows.append({
            "id": page.pk,
            "title": page.title,
            "question": page.question,
            "organiser": page.organiser,
            "url": request.build_absolute_uri(page.get_url(request)),
            "start": timezone.localtime(page.start).isoformat(),
            "end": timezone.localtime(page.end).isoformat(),
            "status": status,
            "comments_count": page.comment_count,
            "has_questionnaire": page.question_count > 0,
            "respondents_count": page.respondent_count,
            "report_published": status == "report_published",
            "report_document_url": request.build_absolute_uri(page.report_document.url)
            if page.report_document_id and status == "report_published" else "",
            "proposals_count": page.proposal_count if status == "report_published" else 0,
            "last_published_at": timezone.localtime(page.last_published_at).isoformat()
            if page.last_published_at else "",
        })
    return rows


def open_data_response(request, index, fmt: str) -> HttpResponse:
    pagecache.changes_at(request, selectors.next_status_change(index=index))  # each row's status follows the clock
    rows = open_data_rows(request, index)
    if fmt == "json":
        response = HttpResponse(json.dumps(rows, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
    else:
        rows = [{key: str(value).lower() if isinstance(value, bool) else value for key, value in row.items()}
                for row in rows]
        text = csv_text(rows, [name for name, _meaning in OPEN_DATA_COLUMNS], bom=False)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="consultations.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def dataset_urls(request, key: str) -> dict[str, str]:
    """Where the consultations table is downloaded: the first public consultations index ({} without one)."""
    index = ConsultationIndexPage.objects.live().public().order_by("path").first()
    url = index.get_url(request) if index else None
    return {fmt: request.build_absolute_uri(f"{url}dani/{fmt}/") for fmt in ("csv", "json")} if url else {}
