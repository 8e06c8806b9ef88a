"""The shapes of the council's API (sessions.api): what each endpoint answers and the filters each list takes."""
import datetime
from typing import Literal

from ninja import Field, Schema

from cms.api_helpers import MAX_DB_INT, absolute_page_url

from .models import (
    DecisionStatus,
    DraftStatus,
    InitiatorKind,
    SessionKind,
    SessionStatus,
)


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
    end: datetime.datetime = Field(..., description="Planned end (six hours after the start when none is set)")
    place: str
    status: str = Field(..., description="As residents see it: «scheduled» becomes «live» at the start and «held» at "
                                         "the planned end, unless staff set the status by hand")
    stream_url: str
    recording_url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_end(obj):
        return obj.scheduled_end

    @staticmethod
    def resolve_status(obj):
        return obj.shown_status

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
