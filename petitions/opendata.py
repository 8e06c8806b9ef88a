"""Open data on petitions and their signers in the columns of the national standard (34-petitions*.csv).
Signers' e-mails and addresses are never part of it."""
import json

from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from cms.csv_export import csv_lines
from home.identity import council_name

from . import selectors
from .models import Petition, Signature

PETITION_COLUMNS = ["uid", "kind", "title", "url", "text", "authorityName", "authorityId", "authorityCattutc",
                    "startDate", "count", "creator", "status", "answerDate", "answerUrl", "answerText"]
SIGNATURE_COLUMNS = ["motionUid", "voterName", "motionTitle", "date"]
# The standard's own words for statuses ("триває збір підписів, на розгляді, з відповіддю").
STATUS_WORDS = {
    Petition.Status.COLLECTING: "триває збір підписів",
    Petition.Status.CONSIDERATION: "на розгляді",
    Petition.Status.ANSWERED: "з відповіддю",
    Petition.Status.NOT_SUPPORTED: "не набрала необхідної кількості підписів",
    Petition.Status.REJECTED: "відхилено",
}
BATCH = 2000


def _uid(pk: int, submitted_at, created_at) -> str:
    return f"{timezone.localtime(submitted_at or created_at):%Y-%m-%d}-{pk}"


def _date(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def petition_rows(base_url: str):
    authority = council_name()
    config = selectors.petition_settings()
    for petition in selectors.public_petitions().order_by("pk").iterator(chunk_size=BATCH):
        url = f"{base_url}{petition.pk}/"
        answered = petition.status == Petition.Status.ANSWERED
        yield {
            "uid": petition.uid, "kind": petition.category.name, "title": petition.title, "url": url,
            "text": petition.text, "authorityName": authority, "authorityId": config.authority_code,
            "authorityCattutc": config.authority_katottg, "startDate": _date(petition.published_at),
            "count": str(petition.signature_count), "creator": petition.author_name,
            "status": STATUS_WORDS.get(petition.status, petition.status),
            "answerDate": _date(petition.answered_at) if answered else "",
            "answerUrl": f"{url}#answer-title" if answered else "",
            "answerText": petition.answer_text if answered else "",
        }


def signature_rows():
    signatures = (Signature.objects.filter(is_valid=True, petition__status__in=selectors.public_statuses())
                  .order_by("petition_id", "created_at", "pk")
                  .values_list("petition_id", "petition__submitted_at", "petition__created_at", "petition__title",
                               "name", "created_at"))
    for pk, submitted_at, created_at, title, name, signed_at in signatures.iterator(chunk_size=BATCH):
        yield {"motionUid": _uid(pk, submitted_at, created_at), "voterName": name, "motionTitle": title,
               "date": _date(signed_at)}


def _json(rows):
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]"


def open_data_response(request, dataset: str, fmt: str) -> StreamingHttpResponse:
    if dataset == "petitions":
        rows, columns = petition_rows(request.build_absolute_uri(selectors.index_url())), PETITION_COLUMNS
    elif dataset == "signatures":
        rows, columns = signature_rows(), SIGNATURE_COLUMNS
    else:
        raise Http404
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(rows, columns), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json(rows), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{dataset}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def dataset_urls(request, key: str) -> dict[str, str]:
    """Where a petitions dataset ("petitions", "signatures") is downloaded: the API's open-data routes."""
    return {fmt: request.build_absolute_uri(reverse(f"wagtailapi_v3:petitions_open_data_{key}_{fmt}"))
            for fmt in ("csv", "json")}
