"""Open data of regulatory acts and plans, with exactly the columns of the national structures
(open-data-standard 10-regulatory-acts.csv and 11-regulatory-plan.csv)."""
import json

from django.http import HttpResponse

from cms.csv_export import csv_text

from . import services
from .models import RegulatoryActIndexPage

NOT_APPLICABLE = "не застосовується"
NULL = "null"
# Two names of the standard carry a Cyrillic "І" ("legalActІd", "isVersionOfІd"): kept exactly as published.
ACT_COLUMNS = [
    "uid", "authorityName", "authorityId", "title", "validFrom", "url", "text", "bibliographicCitation",
    "legalActTitle", "legalActІd", "legalActIssued",
    "basicEvalDate", "basicEvalUrl", "basicEvalText", "basicEvalBibliographicCitation",
    "repeatEvalDate", "repeatEvalUrl", "repeatEvalText", "repeatEvalBibliographicCitation",
    "periodEvalDate", "periodEvalURL", "periodEvalText", "periodEvalBibliographicCitation",
]
PLAN_COLUMNS = [
    "uId", "title", "legalActTitle", "type", "objective", "isVersionOfІd", "isVersionOfTitle", "creatorName",
    "creatorId", "creationEndDate", "url", "text", "bibliographicCitation", "submissionDate", "authorityName",
    "authorityId",
]
PROJECT_TYPES = {"new": "прийняття нового регуляторного акта", "amendment": "внесення змін до регуляторного акта",
                 "repeal": "скасування діючого регуляторного акта"}


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url else ""


def _tracking_columns(prefix: str, url_column: str, items, request) -> dict:
    done = [item for item in items if item.done]
    if not done:
        pending = [item for item in items if not item.done]
        return {f"{prefix}Date": pending[0].due.isoformat() if pending else "", url_column: NOT_APPLICABLE,
                f"{prefix}Text": "", f"{prefix}BibliographicCitation": NOT_APPLICABLE}
    return {
        f"{prefix}Date": ",".join(item.report.approved_on.isoformat() for item in done),
        url_column: ",".join(_absolute(request, item.report.link) or NULL for item in done),
        f"{prefix}Text": " ".join(item.report.summary or (item.report.document.title if item.report.document
                                                          else "") for item in done).strip(),
        f"{prefix}BibliographicCitation": ",".join(item.report.citation or NULL for item in done),
    }


def act_row(act, *, index, request) -> dict:
    schedule = services.tracking_schedule(effective_date=act.effective_date, reports=act.tracking_reports.all()) \
        if act.status in services.ADOPTED_STATES else []
    by_kind = {kind: [item for item in schedule if item.kind == kind]
               for kind in (services.BASELINE, services.REPEATED, services.PERIODIC)}
    text = act.summary
    row = {
        "uid": act.uid,
        "authorityName": index.authority_name(act.kind),
        "authorityId": index.authority_edrpou or NULL,
        "title": act.title,
        "validFrom": act.effective_date.isoformat() if act.effective_date else "",
        "url": _absolute(request, act.adopted_decision_url) or _absolute(request, act.url),
        "text": text,
        "bibliographicCitation": act.bibliographic_citation or NULL,
        "legalActTitle": act.decision_title,
        "legalActІd": act.decision_number,
        "legalActIssued": act.decision_date.isoformat() if act.decision_date else "",
    }
    if schedule:
        row.update(_tracking_columns("basicEval", "basicEvalUrl", by_kind[services.BASELINE], request))
        row.update(_tracking_columns("repeatEval", "repeatEvalUrl", by_kind[services.REPEATED], request))
        row.update(_tracking_columns("periodEval", "periodEvalURL", by_kind[services.PERIODIC], request))
    return {column: row.get(column, "") for column in ACT_COLUMNS}


def plan_row(uid: str, item, *, index, request) -> dict:
    act = item.act if item.act_id and item.act and item.act.live else None
    row = {
        "uId": uid,
        "title": item.title,
        "legalActTitle": item.legal_act_title,
        "type": PROJECT_TYPES[item.project_type],
        "objective": item.objective,
        "isVersionOfІd": item.amends_uid or NULL,
        "isVersionOfTitle": item.amends_title or NULL,
        "creatorName": item.department.name if item.department else "",
        "creatorId": (item.department.edrpou or NULL) if item.department else NULL,
        "creationEndDate": item.deadline.isoformat(),
        "url": _absolute(request, act.url) if act else _absolute(request, item.plan.url),
        "text": act.summary if act else item.objective,
        "bibliographicCitation": (act.bibliographic_citation if act and act.bibliographic_citation else NULL),
        "submissionDate": item.submission_date.isoformat() if item.submission_date else "",
        "authorityName": index.authority_name(item.kind) if index else "",
        "authorityId": (index.authority_edrpou or NULL) if index else NULL,
    }
    return {column: row[column] for column in PLAN_COLUMNS}


def csv_response(rows: list[dict], columns: list[str], filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows, columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(rows, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


def dataset_urls(request, key: str) -> dict[str, str]:
    """Where the register of regulatory acts is downloaded: the first public register page ({} without one)."""
    index = RegulatoryActIndexPage.objects.live().public().order_by("path").first()
    url = index.get_url(request) if index else None
    return {fmt: request.build_absolute_uri(f"{url}opendata/{fmt}/") for fmt in ("csv", "json")} if url else {}
