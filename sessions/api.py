"""JSON API of the council (/api/v3/council/): sessions and agendas, drafts, decisions, votes, deputies,
factions, committees, districts as GeoJSON and find-my-deputy. Every list is paginated and filterable.
The endpoints; the shapes they answer with are in schemas.py."""

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from cms.api_helpers import MAX_DB_INT, Pagination, get_or_404, public
from cms.errors import ApiProblem

from . import selectors
from .models import (
    Committee,
    CommitteeMembership,
    DecisionTopic,
    DeputyPage,
    ElectoralDistrict,
    Faction,
    SessionPage,
    VoteEvent,
    VoteResult,
)
from .schemas import (
    CommitteeSchema,
    DecisionDetail,
    DecisionFilters,
    DecisionItem,
    DeputyFilters,
    DeputyItem,
    DraftDetail,
    DraftFilters,
    DraftItem,
    FactionSchema,
    FindResult,
    SessionDetail,
    SessionFilters,
    SessionItem,
    VoteDetail,
    VoteFilters,
    VoteItem,
)

router = Router(tags=["council"])


# --- sessions ------------------------------------------------------------------------------------------
def _agenda(session, request) -> list[dict]:
    rows = selectors.agenda_rows(session)
    return [{
        "number": row.number, "title": row.item.title, "rapporteur": row.item.rapporteur,
        "motion_uid": row.item.motion_uid, "draft_id": row.item.draft_id,
        "draft_number": row.item.draft.registration_number if row.item.draft_id else None,
        "publication": _check(row.check), "recording_start": row.item.recording_start,
        "recording_url": row.jump_url, "vote_ids": [event.pk for event in row.events],
    } for row in rows]


def _check(check):
    if check is None:
        return None
    return {"considered_on": check.considered_on, "deadline": check.deadline, "published_on": check.published_on,
            "urgent": check.urgent, "ok": check.ok}


@router.get("/sessions/", response=list[SessionItem], auth=public, url_name="council_sessions",
            summary="Sessions (plenary, executive committee, standing committees)")
@paginate(Pagination)
def list_sessions(request: HttpRequest, filters: SessionFilters = Query(...)):  # noqa: B008
    sessions = selectors.sessions_queryset()
    if filters.status:
        sessions = sessions.filter(selectors.status_q(filters.status, timezone.now()))
    if filters.period or filters.kind:
        return selectors.filter_sessions(sessions, period=filters.period, kind=filters.kind)
    return sessions.order_by("-start")


@router.get("/sessions/{session_id}/", response=SessionDetail, auth=public, summary="Session with its agenda")
def session_detail(request: HttpRequest, session_id: int):
    session = get_or_404(selectors.sessions_queryset(), session_id)
    session.agenda = _agenda(session, request)
    session.decision_ids = list(session.decisions.live().values_list("pk", flat=True))
    return session


# --- drafts and decisions ---------------------------------------------------------------------------------
@router.get("/drafts/", response=list[DraftItem], auth=public, url_name="council_drafts", summary="Draft decisions")
@paginate(Pagination)
def list_drafts(request: HttpRequest, filters: DraftFilters = Query(...)):  # noqa: B008
    return selectors.filter_drafts(selectors.drafts_queryset(), status=filters.status, initiator=filters.initiator)


@router.get("/drafts/{draft_id}/", response=DraftDetail, auth=public, summary="Draft decision")
def draft_detail(request: HttpRequest, draft_id: int):
    draft = get_or_404(selectors.drafts_queryset(), draft_id)
    context = selectors.draft_context(draft)
    draft.considerations = [{"session_id": row["item"].session_id, "check": _check(row["check"])}
                            for row in context["considerations"]]
    return draft


@router.get("/decisions/", response=list[DecisionItem], auth=public, url_name="council_decisions",
            summary="Decisions registry (search and filters)")
@paginate(Pagination)
def list_decisions(request: HttpRequest, filters: DecisionFilters = Query(...)):  # noqa: B008
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ApiProblem(400, "invalid_period", _("The start of the period cannot be later than its end."))
    topic = session = None
    if filters.topic:
        topic = DecisionTopic.objects.filter(slug=filters.topic).first()
        if topic is None:
            raise ApiProblem(400, "unknown_topic", _("There is no such topic."))
    if filters.session:
        session = SessionPage.objects.filter(pk=filters.session).first()
        if session is None:
            raise ApiProblem(400, "unknown_session", _("There is no such session."))
    results = selectors.filter_decisions(
        selectors.decisions_queryset(), q=filters.q or "", number=filters.number or "", date_from=filters.date_from,
        date_to=filters.date_to, session=session, topic=topic, status=filters.status, initiator=filters.initiator)
    return results


@router.get("/decisions/{decision_id}/", response=DecisionDetail, auth=public, summary="Decision")
def decision_detail(request: HttpRequest, decision_id: int):
    return get_or_404(selectors.decisions_queryset(), decision_id)


# --- votes -----------------------------------------------------------------------------------------------
def _votes_queryset():
    return VoteEvent.objects.filter(session__live=True).select_related("agenda_item")


@router.get("/votes/", response=list[VoteItem], auth=public, url_name="council_votes",
            summary="Roll-call votes with totals")
@paginate(Pagination)
def list_votes(request: HttpRequest, filters: VoteFilters = Query(...)):  # noqa: B008
    votes = _votes_queryset()
    if filters.session:
        votes = votes.filter(session_id=filters.session)
    if filters.result:
        if filters.result not in VoteResult.values:
            raise ApiProblem(400, "unknown_result", _("There is no such vote result."))
        votes = votes.filter(result=filters.result)
    return votes.order_by("-session__start", "position", "pk")


@router.get("/votes/{vote_id}/", response=VoteDetail, auth=public, summary="Roll-call vote with every record")
def vote_detail(request: HttpRequest, vote_id: int):
    vote = get_or_404(_votes_queryset(), vote_id)
    table = selectors.vote_event_table(vote)
    vote.record_rows = [{"deputy_id": record.deputy_id, "deputy": record.deputy.full_name,
                     "faction": record.faction.name if record.faction else None, "choice": record.choice}
                    for record in table["records"]]
    vote.faction_totals = table["by_faction"]
    return vote


# --- deputies, factions, committees -----------------------------------------------------------------------
def _with_statistics(deputies):
    deputies = list(deputies)
    statistics = selectors.statistics_for_deputies(deputies)
    for deputy in deputies:
        stats = statistics[deputy.pk]
        deputy.statistics = {"plenary_votes": stats.plenary_votes, "present": stats.present,
                             "attendance": stats.attendance, "totals": stats.totals}
    return deputies


class _DeputyWindow:
    """Statistics are added to the page of deputies being returned only (one query per page)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def all(self):
        return self

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window):
        return _with_statistics(self.queryset[window])


@router.get("/deputies/", response=list[DeputyItem], auth=public, url_name="council_deputies",
            summary="Deputies with their vote statistics")
@paginate(Pagination)
def list_deputies(request: HttpRequest, filters: DeputyFilters = Query(...)):  # noqa: B008
    faction = committee = district = None
    if filters.faction:
        faction = Faction.objects.filter(slug=filters.faction).first()
        if faction is None:
            raise ApiProblem(400, "unknown_faction", _("There is no such faction."))
    if filters.committee:
        committee = Committee.objects.filter(slug=filters.committee).first()
        if committee is None:
            raise ApiProblem(400, "unknown_committee", _("There is no such committee."))
    if filters.district:
        district = ElectoralDistrict.objects.filter(number=filters.district).first()
        if district is None:
            raise ApiProblem(400, "unknown_district", _("There is no such electoral district."))
    return _DeputyWindow(selectors.filter_deputies(selectors.deputies_queryset(), faction=faction,
                                                   committee=committee, district=district))


@router.get("/deputies/{deputy_id}/", response=DeputyItem, auth=public, summary="Deputy with vote statistics")
def deputy_detail(request: HttpRequest, deputy_id: int):
    return _with_statistics([get_or_404(selectors.deputies_queryset(), deputy_id)])[0]


@router.get("/factions/", response=list[FactionSchema], auth=public, summary="Factions and their members")
@paginate(Pagination)
def list_factions(request: HttpRequest, convocation: int | None = Query(None, ge=1, le=32767)):  # noqa: B008
    factions = Faction.objects.select_related("convocation").prefetch_related(
        Prefetch("members", queryset=DeputyPage.objects.live().only("pk", "faction_id")))
    if convocation:
        factions = factions.filter(convocation__number=convocation)
    return factions.order_by("name")


@router.get("/committees/", response=list[CommitteeSchema], auth=public, summary="Standing committees")
@paginate(Pagination)
def list_committees(request: HttpRequest, convocation: int | None = Query(None, ge=1, le=32767)):  # noqa: B008
    committees = Committee.objects.select_related("convocation").prefetch_related(
        Prefetch("memberships", queryset=CommitteeMembership.objects.select_related("deputy")))
    if convocation:
        committees = committees.filter(convocation__number=convocation)
    return committees.order_by("name")


# --- districts and find-my-deputy -----------------------------------------------------------------------------
@router.get("/districts/", auth=public, summary="Electoral districts as a GeoJSON FeatureCollection",
            description="Paginated with limit and offset like every list; `count` is the total.")
def districts_geojson(request: HttpRequest, limit: int = Query(100, ge=1, le=100),  # noqa: B008
                      offset: int = Query(0, ge=0, le=MAX_DB_INT)):  # noqa: B008
    districts = ElectoralDistrict.objects.order_by("number")
    features = [{
        "type": "Feature", "id": district.number, "geometry": district.boundary,
        "properties": {"number": district.number, "name": district.name, "description": district.description},
    } for district in districts[offset:offset + limit]]
    return {"type": "FeatureCollection", "count": districts.count(), "features": features}


@router.get("/find-my-deputy/", response=FindResult, auth=public, summary="Find the district and its deputies",
            description="Either `lat` and `lon` (WGS 84) or `street` and `house` (address register).")
def find_my_deputy(request: HttpRequest, lat: float | None = Query(None, ge=-90, le=90),  # noqa: B008
                   lon: float | None = Query(None, ge=-180, le=180),  # noqa: B008
                   street: str | None = Query(None, max_length=200),  # noqa: B008
                   house: str | None = Query(None, max_length=20)):  # noqa: B008
    if street or house:
        if not (street and house):
            raise ApiProblem(400, "address_incomplete", _("Give both the street and the house number."))
        answer = selectors.district_by_address(street=street, house=house)
        code = "address_not_found"
    elif lat is not None and lon is not None:
        answer = selectors.district_by_point(longitude=lon, latitude=lat)
        code = "outside_districts"
    else:
        raise ApiProblem(400, "query_required", _("Give a street and house number, or coordinates."))
    if answer.district is None:
        raise ApiProblem(404, code, answer.error)
    deputies = _with_statistics(selectors.deputies_of_district(answer.district))
    return {"district": answer.district, "deputies": deputies}

