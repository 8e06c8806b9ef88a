"""Open data of the council in the national column layouts: 29-votes-* (roll-call votes) and 30-deputies."""
import json

import tablib
from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from cms.csv_export import export_dataset

from .models import Convocation, SessionKind, SessionPage, VoteEvent, VoteRecord

CONVOCATION_COLUMNS = ["uid", "label", "dateFrom", "dateUntil", "authorityName", "authorityId", "CATUTTC"]
SESSION_COLUMNS = ["uid", "label", "convocationUid", "dateFrom", "dateUntil"]
MOTION_COLUMNS = ["uid", "sessionUid", "votingIdentifier", "title", "number", "classification", "date", "sources"]
EVENT_COLUMNS = ["uid", "motionUid", "projectNumber", "projectTitle", "startDate", "endDate", "result", "votingFor",
                 "votingAgainst", "votingAbstain", "notVoting", "absent", "textUrl", "text"]
VOTING_COLUMNS = ["motionUid", "voterId", "voterName", "motionTitle", "result"]
NULL = "null"


def _date(value) -> str:
    return value.isoformat() if value else NULL


def _authority(request) -> str:
    from home.identity import council_name

    return council_name(request=request)


def convocations(request) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=CONVOCATION_COLUMNS)
    for convocation in Convocation.objects.order_by("number"):
        dataset.append([convocation.uid, convocation.label, _date(convocation.date_from),
                        _date(convocation.date_until), _authority(request), settings.COUNCIL_AUTHORITY_ID,
                        settings.COUNCIL_CATUTTC])
    return dataset


def _plenary_sessions():
    return SessionPage.objects.live().filter(kind=SessionKind.PLENARY).select_related("convocation").order_by("start")


def sessions(request) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=SESSION_COLUMNS)
    for session in _plenary_sessions():
        day = session.start.date()
        dataset.append([session.uid, f"{session.number} сесія", session.convocation.uid, _date(day), _date(day)])
    return dataset


def motions(request) -> tablib.Dataset:
    from .models import AgendaItem

    dataset = tablib.Dataset(headers=MOTION_COLUMNS)
    items = (AgendaItem.objects.filter(session__live=True, session__kind=SessionKind.PLENARY)
             .select_related("session__convocation", "draft__initiator_deputy")
             .order_by("session__start", "sort_order", "pk"))
    position, current = 0, None
    for item in items:
        position = position + 1 if item.session_id == current else 1
        current = item.session_id
        deputy = item.draft.initiator_deputy if item.draft_id else None
        source = request.build_absolute_uri(item.session.url) if item.session.url else NULL
        dataset.append([item.motion_uid, item.session.uid, (deputy.voting_identifier or NULL) if deputy else NULL,
                        item.title, position, NULL, _date(item.session.start.date()), source])
    return dataset


def vote_events(request) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=EVENT_COLUMNS)
    for event in VoteEvent.objects.filter(session__live=True).order_by("session__start", "position", "pk"):
        dataset.append([event.uid, event.motion_uid, event.project_number or NULL, event.title,
                        event.start.isoformat() if event.start else NULL, event.end.isoformat() if event.end else NULL,
                        event.result, event.votes_for, event.votes_against, event.votes_abstain, event.not_voting,
                        event.absent, event.text_url or NULL, event.text or NULL])
    return dataset


def votings(request) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=VOTING_COLUMNS)
    records = (VoteRecord.objects.filter(event__session__live=True)
               .select_related("event", "deputy").order_by("event__session__start", "event__position", "event_id",
                                                           "deputy__family_name", "deputy__given_name"))
    for record in records.iterator(chunk_size=2000):
        dataset.append([record.event.motion_uid, record.deputy.voting_identifier or NULL, record.deputy.full_name,
                        record.event.title, record.choice])
    return dataset


def deputies(request) -> tablib.Dataset:
    from .models import DeputyPage
    from .resources import DeputyResource

    return DeputyResource().export(queryset=DeputyPage.objects.live())


DATASETS = {
    "votes-convocations": convocations, "votes-sessions": sessions, "votes-motions": motions,
    "votes-voteEvents": vote_events, "votes-votings": votings, "deputies": deputies,
}


@require_GET
def dataset_view(request, name: str, extension: str):
    if name not in DATASETS or extension not in {"csv", "json"}:
        raise Http404
    dataset = DATASETS[name](request)
    if extension == "csv":
        response = HttpResponse(export_dataset(dataset, "csv", bom=False), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(json.dumps(dataset.dict, ensure_ascii=False, default=str),
                                content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def dataset_urls(request, key: str) -> dict[str, str]:
    """Where a council dataset is downloaded (the open-data catalogue, cms.modules.OpenDataSet)."""
    return {fmt: request.build_absolute_uri(reverse("council_opendata:dataset", args=[key, fmt]))
            for fmt in ("csv", "json")}
