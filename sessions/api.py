"""JSON API of the council (/api/v3/council/): sessions and agendas, drafts, decisions, votes, deputies,
factions, committees, districts as GeoJSON and find-my-deputy. Every list is paginated and filterable."""
import datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cms.api_helpers import MAX_DB_INT, Pagination, absolute_page_url, get_or_404, public
from cms.errors import ApiProblem

from . import selectors
from .models import (
    Committee,
    CommitteeMembership,
    DecisionStatus,
    DecisionTopic,
    DeputyPage,
    DraftStatus,
    ElectoralDistrict,
    Faction,
    InitiatorKind,
    SessionKind,
    SessionPage,
    SessionStatus,
    VoteEvent,
    VoteResult,
)

router = Router(tags=["council"])


# --- schemas -------------------------------------------------------------------------------------------
class PageRef(Schema):
    id: int
    title: str
    url: str | None

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])


class FactionRef(Schema):
    id: int
    name: str
    short_name: str


class PublicationCheckSchema(Schema):
    considered_on: datetime.date
    deadline: datetime.date
    published_on: datetime.date | None
    urgent: bool
    ok: bool


class SessionAgendaItemOut(Schema):
    number: int
    title: str
    rapporteur: str
    motion_uid: str
    draft_id: int | None
    draft_number: str | None
    publication: PublicationCheckSchema | None
    recording_start: str
    recording_url: str | None
    vote_ids: list[int]


class SessionItem(Schema):
    id: int
    title: str
    url: str | None
    kind: str
    number: int
    convocation: str
    start: datetime.datetime
    place: str
    status: str
    stream_url: str
    recording_url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_convocation(obj):
        return obj.convocation.label


class SessionDetail(SessionItem):
    agenda: list[SessionAgendaItemOut]
    decision_ids: list[int]


class SessionFilters(Schema):
    kind: SessionKind | None = None
    status: SessionStatus | None = None
    period: Literal["upcoming", "past"] | None = Field(None, description="Upcoming (incl. live) or past")


class DraftItem(Schema):
    id: int
    title: str
    url: str | None
    registration_number: str
    status: str
    initiator_kind: str
    initiator: str
    department: str | None
    publication_date: datetime.date | None
    summary: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_initiator(obj):
        return obj.initiator_display

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department else None


class ConsiderationSchema(Schema):
    session_id: int
    check: PublicationCheckSchema


class DraftDetail(DraftItem):
    text_html: str
    explanatory_note_html: str
    considerations: list[ConsiderationSchema]

    @staticmethod
    def resolve_text_html(obj):
        return obj.text

    @staticmethod
    def resolve_explanatory_note_html(obj):
        return obj.explanatory_note


class DraftFilters(Schema):
    status: DraftStatus | None = None
    initiator: InitiatorKind | None = None


class DecisionItem(Schema):
    id: int
    title: str
    url: str | None
    number: str
    date: datetime.date
    status: str
    session_id: int | None
    draft_id: int | None
    topic: str | None

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.name if obj.topic else None


class DecisionDetail(DecisionItem):
    text_html: str
    amends: list[int]
    repeals: list[int]

    @staticmethod
    def resolve_text_html(obj):
        return obj.text

    @staticmethod
    def resolve_amends(obj):
        return list(obj.amends.values_list("pk", flat=True))

    @staticmethod
    def resolve_repeals(obj):
        return list(obj.repeals.values_list("pk", flat=True))


class DecisionFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Words in the text (Ukrainian full-text search)")
    number: str | None = Field(None, max_length=50)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    session: int | None = Field(None, ge=1, le=MAX_DB_INT)
    topic: str | None = Field(None, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")
    status: DecisionStatus | None = None
    initiator: InitiatorKind | None = None


class Totals(Schema):
    votes_for: int
    votes_against: int
    votes_abstain: int
    not_voting: int
    absent: int


class VoteItem(Schema):
    id: int
    uid: str
    session_id: int
    agenda_item_title: str | None
    motion_uid: str
    title: str
    project_number: str
    kind: str
    start: datetime.datetime | None
    result: str
    totals: Totals

    @staticmethod
    def resolve_totals(obj):
        return obj

    @staticmethod
    def resolve_agenda_item_title(obj):
        return obj.agenda_item.title if obj.agenda_item_id else None


class RecordSchema(Schema):
    deputy_id: int
    deputy: str
    faction: str | None
    choice: str


class VoteDetail(VoteItem):
    records: list[RecordSchema]
    by_faction: dict[str, dict[str, int]]

    @staticmethod
    def resolve_records(obj):
        return obj.record_rows

    @staticmethod
    def resolve_by_faction(obj):
        return obj.faction_totals


class VoteFilters(Schema):
    session: int | None = Field(None, ge=1, le=MAX_DB_INT)
    result: str | None = Field(None, max_length=20)


class StatisticsSchema(Schema):
    plenary_votes: int
    present: int
    attendance: float | None
    totals: dict[str, int]


class MembershipSchema(Schema):
    committee_id: int
    committee: str
    post: str


class DeputyItem(Schema):
    id: int
    full_name: str
    url: str | None
    faction: FactionRef | None
    faction_post: str
    district: int | None
    committees: list[MembershipSchema]
    mandate_status: str
    statistics: StatisticsSchema

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_district(obj):
        return obj.district.number if obj.district else None

    @staticmethod
    def resolve_committees(obj):
        return [{"committee_id": m.committee_id, "committee": m.committee.name, "post": m.post}
                for m in obj.committee_memberships.all()]

    @staticmethod
    def resolve_statistics(obj):
        return obj.statistics


class DeputyFilters(Schema):
    faction: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="Faction slug")
    committee: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="Committee slug")
    district: int | None = Field(None, ge=1, le=32767, description="District number")


class FactionSchema(Schema):
    id: int
    name: str
    short_name: str
    slug: str
    convocation: str
    member_ids: list[int]

    @staticmethod
    def resolve_convocation(obj):
        return obj.convocation.label

    @staticmethod
    def resolve_member_ids(obj):
        return [member.pk for member in obj.members.all()]


class CommitteeSchema(Schema):
    id: int
    name: str
    slug: str
    convocation: str
    members: list[dict]

    @staticmethod
    def resolve_convocation(obj):
        return obj.convocation.label

    @staticmethod
    def resolve_members(obj):
        return [{"deputy_id": m.deputy_id, "deputy": m.deputy.full_name, "post": m.post}
                for m in obj.memberships.all()]


class DistrictRef(Schema):
    number: int
    name: str


class FindResult(Schema):
    district: DistrictRef
    deputies: list[DeputyItem]


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
        sessions = sessions.filter(status=filters.status)
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

