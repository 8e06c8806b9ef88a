"""Read queries of the council shared by pages, the API and exports (each with its related objects loaded)."""
import datetime
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from cms.visibility import current_request

from .draft_publication import publication_check, publication_deadline
from .models import (
    AgendaItem,
    CalendarDay,
    Choice,
    CommitteeMembership,
    DecisionPage,
    DeputyIndexPage,
    DeputyPage,
    DraftDecisionPage,
    Faction,
    ReceptionSchedule,
    ReceptionSlot,
    SessionKind,
    SessionPage,
    SessionStatus,
    VoteEvent,
    VoteRecord,
)
from .models.meetings import SESSION_DEFAULT_HOURS


# --- deputies --------------------------------------------------------------------------------------
def deputies_queryset() -> QuerySet[DeputyPage]:
    return (DeputyPage.objects.live().select_related("faction", "district", "photo")
            .prefetch_related("photo__renditions",
                              Prefetch("committee_memberships",
                                       queryset=CommitteeMembership.objects.select_related("committee"))))


def filter_deputies(queryset, *, faction=None, committee=None, district=None, outside_factions=False):
    if faction is not None:
        queryset = queryset.filter(faction=faction)
    if outside_factions:
        queryset = queryset.filter(faction__isnull=True)
    if committee is not None:
        queryset = queryset.filter(committee_memberships__committee=committee)
    if district is not None:
        queryset = queryset.filter(district=district)
    return queryset.order_by("family_name", "given_name")


def factions_with_members(convocation=None):
    factions = Faction.objects.select_related("convocation").prefetch_related(
        Prefetch("members", queryset=DeputyPage.objects.live().order_by("family_name", "given_name"))
    )
    if convocation is not None:
        factions = factions.filter(convocation=convocation)
    return factions


@dataclass(frozen=True)
class VoteStatistics:
    totals: dict[str, int]  # choice -> count over plenary votes
    plenary_votes: int
    present: int

    @property
    def attendance(self) -> float | None:
        """Share of the plenary votes in which the deputy was present (any choice but «Відсутній»), in %."""
        if not self.plenary_votes:
            return None
        return round(100 * self.present / self.plenary_votes, 1)


def deputy_vote_statistics(deputy) -> VoteStatistics:
    counts = VoteRecord.objects.filter(deputy=deputy, event__session__kind=SessionKind.PLENARY).aggregate(
        total=Count("pk"), **{f"c{index}": Count("pk", filter=Q(choice=choice))
                              for index, choice in enumerate(Choice.values)})
    totals = {choice: counts[f"c{index}"] for index, choice in enumerate(Choice.values)}
    return VoteStatistics(totals=totals, plenary_votes=counts["total"],
                          present=counts["total"] - totals[Choice.ABSENT])


def statistics_for_deputies(deputies) -> dict[int, VoteStatistics]:
    """The statistics of many deputies in one query (API lists)."""
    rows = (VoteRecord.objects.filter(deputy__in=deputies, event__session__kind=SessionKind.PLENARY)
            .values("deputy_id", "choice").annotate(count=Count("pk")))
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["deputy_id"], dict.fromkeys(Choice.values, 0))[row["choice"]] = row["count"]
    result = {}
    for deputy in deputies:
        totals = found.get(deputy.pk, dict.fromkeys(Choice.values, 0))
        total = sum(totals.values())
        result[deputy.pk] = VoteStatistics(totals=totals, plenary_votes=total, present=total - totals[Choice.ABSENT])
    return result


def deputy_vote_records(deputy, *, choice: str | None = None, session_id: int | None = None):
    records = (VoteRecord.objects.filter(deputy=deputy)
               .select_related("event", "event__session")
               .order_by("-event__session__start", "-event__position", "-event__pk"))
    if choice:
        records = records.filter(choice=choice)
    if session_id:
        records = records.filter(event__session_id=session_id)
    return records


@dataclass
class SessionVoteSummary:
    session_id: int
    title: str
    start: object
    total: int
    counts: list[tuple[str, int]]  # (choice, count) in the order of Choice.values
    plenary: bool = False


def deputy_session_summaries(deputy) -> list[SessionVoteSummary]:
    """How the deputy voted, counted per session (newest first), in one query: the short overview a phone shows
    before the vote-by-vote list."""
    rows = (VoteRecord.objects.filter(deputy=deputy)
            .values("event__session_id", "event__session__title", "event__session__start", "event__session__kind")
            .annotate(total=Count("pk"), **{f"c{index}": Count("pk", filter=Q(choice=choice))
                                            for index, choice in enumerate(Choice.values)})
            .order_by("-event__session__start", "-event__session_id"))
    return [SessionVoteSummary(session_id=row["event__session_id"], title=row["event__session__title"],
                               start=row["event__session__start"], total=row["total"],
                               counts=[(choice, row[f"c{index}"]) for index, choice in enumerate(Choice.values)],
                               plenary=row["event__session__kind"] == SessionKind.PLENARY)
            for row in rows]


def statistics_of_summaries(summaries: list[SessionVoteSummary]) -> VoteStatistics:
    """``deputy_vote_statistics`` added up from the per-session summaries the page has read already (no query)."""
    totals = dict.fromkeys(Choice.values, 0)
    total = 0
    for summary in summaries:
        if summary.plenary:
            total += summary.total
            for choice, count in summary.counts:
                totals[choice] += count
    return VoteStatistics(totals=totals, plenary_votes=total, present=total - totals[Choice.ABSENT])


def records_count_of_summaries(summaries: list[SessionVoteSummary], *, choice: str | None = None,
                               session_id: int | None = None) -> int:
    """How many records ``deputy_vote_records`` finds with these filters, from the summaries (no COUNT query)."""
    return sum(dict(summary.counts).get(choice, 0) if choice else summary.total
               for summary in summaries if not session_id or summary.session_id == session_id)


def deputy_profile_relations(deputy) -> None:
    """The deputy's faction, electoral district and photo read in one query rather than one each, and set on the
    page that the router read without them."""
    names = [name for name in ("faction", "district", "photo") if getattr(deputy, f"{name}_id")]
    if len(names) < 2:  # one relation is one query either way, read when the template asks
        return
    loaded = type(deputy).objects.select_related(*names).only("pk", *names).get(pk=deputy.pk)
    for name in names:
        setattr(deputy, name, getattr(loaded, name))


@dataclass
class DeputyProfile:
    """What the deputy's page shows besides the votes, its relations read (one query each at most)."""

    faction: object | None
    district: object | None
    photo: object | None
    memberships: list
    reports: list
    initiated: list  # the 20 latest drafts the deputy initiated
    social_links: list
    reception: ReceptionSchedule | None
    reception_slots: list[ReceptionSlot]


def deputy_profile(deputy) -> DeputyProfile:
    deputy_profile_relations(deputy)
    reception, reception_slots = deputy_reception(deputy)
    return DeputyProfile(
        faction=deputy.faction, district=deputy.district, photo=deputy.photo,
        memberships=list(deputy.committee_memberships.select_related("committee")),
        reports=list(deputy.reports.select_related("document")),
        initiated=list(drafts_queryset().filter(initiator_deputy=deputy).order_by("-publication_date")[:20]),
        social_links=list(deputy.social_links.all()), reception=reception, reception_slots=reception_slots)


def deputy_reception(deputy) -> tuple[ReceptionSchedule | None, list[ReceptionSlot]]:
    """The deputy's reception schedule and its hours in one query; the page shows the schedule only with hours."""
    slots = list(ReceptionSlot.objects.filter(schedule__deputy=deputy).select_related("schedule"))
    return (slots[0].schedule if slots else None), slots


# --- sessions ---------------------------------------------------------------------------------------
def sessions_queryset() -> QuerySet[SessionPage]:
    return SessionPage.objects.live().select_related("convocation", "committee")


def live_q(now) -> Q:
    """Sessions shown live now (the same rule as SessionPage.current_status): set live by hand, or still
    «Scheduled» between the start and the planned end (six hours after the start when none is set)."""
    default_end = now - datetime.timedelta(hours=SESSION_DEFAULT_HOURS)
    scheduled = Q(status=SessionStatus.SCHEDULED, start__lte=now) & (
        Q(end__gt=now) | Q(end__isnull=True, start__gt=default_end))
    return Q(status=SessionStatus.LIVE) | scheduled


def status_q(status: str, now) -> Q:
    """Sessions whose shown status is ``status`` (what the API's and the list's status filter mean)."""
    live = live_q(now)
    if status == SessionStatus.LIVE:
        return live
    if status == SessionStatus.SCHEDULED:
        return Q(status=SessionStatus.SCHEDULED, start__gt=now)
    if status == SessionStatus.HELD:
        return Q(status=SessionStatus.HELD) | (Q(status=SessionStatus.SCHEDULED, start__lte=now) & ~live)
    return Q(status=status)


def filter_sessions(queryset, *, period=None, kind=None, page=None):
    now = timezone.now()
    if kind:
        queryset = queryset.filter(kind=kind)
    if period == "past":
        return queryset.filter(start__lt=now).exclude(live_q(now)).order_by("-start")
    # Upcoming: what is live or still to come, nearest first.
    return queryset.filter(Q(start__gte=now) | live_q(now)).order_by("start")


def next_session_end(*, index=None, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment a session still «Scheduled» stops being live by the clock (its planned end; six hours after the
    start when none is set) and moves from the upcoming list to the past one: a list page it does not show yet (the
    past sessions, a later page of the upcoming ones) changes then too. One query."""
    from django.db.models import Min

    now = now or timezone.now()
    queryset = SessionPage.objects.live().filter(status=SessionStatus.SCHEDULED)
    if index is not None:
        queryset = queryset.child_of(index)
    hours = datetime.timedelta(hours=SESSION_DEFAULT_HOURS)
    found = queryset.aggregate(first_end=Min("end", filter=Q(end__gt=now)),
                               first_open_start=Min("start", filter=Q(end__isnull=True, start__gt=now - hours)))
    moments = [found["first_end"], found["first_open_start"] and found["first_open_start"] + hours]
    return min(filter(None, moments), default=None)


def live_or_next_session() -> SessionPage | None:
    now = timezone.now()
    live = sessions_queryset().filter(live_q(now)).order_by("start").first()
    if live:
        return live
    return (sessions_queryset().filter(status=SessionStatus.SCHEDULED, start__gte=now)
            .order_by("start").first())


@dataclass
class AgendaRow:
    number: int
    item: AgendaItem
    check: object | None  # PublicationCheck of the linked draft, None without a draft
    jump_url: str | None
    events: list


def agenda_rows(session: SessionPage) -> list[AgendaRow]:
    return _agenda(session)[0]


def _agenda(session: SessionPage) -> tuple[list[AgendaRow], list[VoteEvent]]:
    """The agenda's rows with their votes, and the votes on no agenda item: two queries however long the agenda
    (every draft on it shares the session's day, so the calendar of working days is read once)."""
    from .models.meetings import jump_url

    items = list(session.agenda_items.select_related("draft").order_by("sort_order", "pk"))
    events_by_item: dict[int | None, list] = {}
    for event in session.vote_events.order_by("position", "pk"):
        events_by_item.setdefault(event.agenda_item_id, []).append(event)
    considered_on = timezone.localtime(session.start).date()
    deadline = publication_deadline(considered_on) if any(item.draft_id for item in items) else None
    rows = []
    for number, item in enumerate(items, start=1):
        check = None
        if item.draft_id:
            check = publication_check(published_on=item.draft.publication_date, considered_on=considered_on,
                                      urgent=item.draft.urgent, deadline=deadline)
        seconds = item.recording_seconds
        rows.append(AgendaRow(number=number, item=item, check=check, events=events_by_item.get(item.pk, []),
                              jump_url=jump_url(session.recording_url, seconds)
                              if seconds is not None and session.recording_url else None))
    return rows, events_by_item.get(None, [])


def vote_base_url(session: SessionPage | None = None) -> str:
    """Where vote tables live: under the sessions index (``holosuvannia/<id>/``). A session's index is its parent,
    whose address follows from the session's own tree path without a query."""
    from .models import SessionIndexPage

    if session is not None:
        parent_path = session.url_path.rstrip("/").rsplit("/", 1)[0] + "/"
        index_url = Page(url_path=parent_path).get_url(request=current_request())
    else:
        index = SessionIndexPage.objects.live().first()
        index_url = index.url if index is not None else None
    return f"{index_url}holosuvannia/" if index_url else ""


# What session_context gives the page.
SESSION_CONTEXT = ("vote_base_url", "agenda", "unassigned_events", "documents", "decisions")


def session_context(session: SessionPage) -> dict:
    agenda, unassigned_events = _agenda(session)
    return {
        "vote_base_url": vote_base_url(session),
        "agenda": agenda,
        "unassigned_events": unassigned_events,
        "documents": list(session.documents.select_related("document").all()),
        "decisions": list(DecisionPage.objects.live().filter(session=session).order_by("number")),
    }


# --- votes ------------------------------------------------------------------------------------------
def vote_event_table(event: VoteEvent) -> dict:
    """The records of one vote (deputy, faction at the time, choice) and the totals per faction."""
    records = list(event.records.select_related("deputy", "faction").order_by("deputy__family_name",
                                                                              "deputy__given_name"))
    by_faction: OrderedDict[str, dict[str, int]] = OrderedDict()
    for record in sorted(records, key=lambda r: (r.faction.name if r.faction else "\uffff")):
        name = record.faction.display_name if record.faction else "Позафракційні"
        by_faction.setdefault(name, dict.fromkeys(Choice.values, 0))[record.choice] += 1
    return {"records": records, "by_faction": by_faction}


# --- drafts and decisions ---------------------------------------------------------------------------
def drafts_queryset() -> QuerySet[DraftDecisionPage]:
    return DraftDecisionPage.objects.live().select_related("department", "initiator_deputy", "initiator_committee")


def draft_context(draft: DraftDecisionPage) -> dict:
    items = (AgendaItem.objects.filter(draft=draft, session__live=True).select_related("session")
             .order_by("session__start"))
    considerations = [
        {"item": item, "check": publication_check(published_on=draft.publication_date, urgent=draft.urgent,
                                                  considered_on=timezone.localtime(item.session.start).date())}
        for item in items
    ]
    from .draft_publication import publication_term

    return {"considerations": considerations, "publication_term": publication_term(),
            "attachments": list(draft.attachments.select_related("document").all()),
            "decisions": list(draft.decisions.live().order_by("date"))}


def filter_drafts(queryset, *, status=None, initiator=None, page=None):
    if status:
        queryset = queryset.filter(status=status)
    if initiator:
        queryset = queryset.filter(initiator_kind=initiator)
    return queryset.order_by("-publication_date", "-pk")


def decisions_queryset() -> QuerySet[DecisionPage]:
    return DecisionPage.objects.live().select_related("session", "topic", "draft")


def filter_decisions(queryset, *, q="", number="", date_from=None, date_to=None, session=None, topic=None,
                     status=None, initiator=None, page=None):
    """Filters first (indexed filter fields), then Ukrainian full-text search, best match first."""
    from cms.search import backend_search_text

    # PostgreSQL text cannot hold NUL: the API takes any text, so it goes here, not only in the page's form.
    q, number = backend_search_text(q or ""), (number or "").replace("\x00", "").strip()
    if number:
        queryset = queryset.filter(number=number)
    if date_from:
        queryset = queryset.filter(date__gte=date_from)
    if date_to:
        queryset = queryset.filter(date__lte=date_to)
    if session is not None:
        queryset = queryset.filter(session_id=session.pk)
    if topic is not None:
        queryset = queryset.filter(topic_id=topic.pk)
    if status:
        queryset = queryset.filter(status=status)
    if initiator:
        draft_ids = list(DraftDecisionPage.objects.filter(initiator_kind=initiator).values_list("pk", flat=True))
        queryset = queryset.filter(draft_id__in=draft_ids)
    if q:
        return queryset.order_by().search(q, operator="and")
    return queryset.order_by("-date", "-pk")


# What decision_context gives the page.
DECISION_CONTEXT = ("documents", "amends", "repeals", "amended_by", "repealed_by")


def decision_context(decision: DecisionPage) -> dict:
    return {"documents": list(decision.documents.select_related("document").all()), **related_decisions(decision)}


_RELATIONS = ("amends", "repeals", "amended_by", "repealed_by")


def related_decisions(decision: DecisionPage) -> dict[str, list[DecisionPage]]:
    """The live decisions this one amends or repeals and those that amend or repeal it, by date: one query for
    the four. A preview keeps what the editor chose in memory (modelcluster), so it reads each relation as it is."""
    if {"amends", "repeals"} & set(getattr(decision, "_cluster_related_objects", {})):
        found = {name: sorted((other for other in getattr(decision, name).all() if other.live),
                              key=lambda other: (other.date, other.pk)) for name in ("amends", "repeals")}
        return {**found, **{name: list(getattr(decision, name).live().order_by("date", "pk"))
                            for name in ("amended_by", "repealed_by")}}
    amends, repeals = DecisionPage.amends.through.objects, DecisionPage.repeals.through.objects
    marks = {
        "amends": Exists(amends.filter(from_decisionpage=decision.pk, to_decisionpage=OuterRef("pk"))),
        "repeals": Exists(repeals.filter(from_decisionpage=decision.pk, to_decisionpage=OuterRef("pk"))),
        "amended_by": Exists(amends.filter(from_decisionpage=OuterRef("pk"), to_decisionpage=decision.pk)),
        "repealed_by": Exists(repeals.filter(from_decisionpage=OuterRef("pk"), to_decisionpage=decision.pk)),
    }
    # The ids come from the two link tables' indexes (whatever the number of decisions), then each row is marked.
    linked = amends.filter(from_decisionpage=decision.pk).values("to_decisionpage").union(
        amends.filter(to_decisionpage=decision.pk).values("from_decisionpage"),
        repeals.filter(from_decisionpage=decision.pk).values("to_decisionpage"),
        repeals.filter(to_decisionpage=decision.pk).values("from_decisionpage"), all=True)
    found = {name: [] for name in _RELATIONS}
    rows = (DecisionPage.objects.live().filter(pk__in=linked)
            .annotate(**{f"as_{name}": mark for name, mark in marks.items()}).order_by("date", "pk"))
    for other in rows:
        for name in _RELATIONS:
            if getattr(other, f"as_{name}"):
                found[name].append(other)
    return found


# --- find my deputy ---------------------------------------------------------------------------------
@dataclass
class DistrictAnswer:
    district: object | None
    error: str = ""
    address: object | None = None


def district_by_point(*, longitude: float, latitude: float) -> DistrictAnswer:
    from django.utils.translation import gettext as _

    from .geo import district_containing
    from .models import ElectoralDistrict

    district = district_containing(ElectoralDistrict.objects.all(), longitude=longitude, latitude=latitude)
    if district is None:
        return DistrictAnswer(None, _("This point is outside every electoral district of the city. Check the "
                                      "coordinates (latitude first, then longitude) or search by address."))
    return DistrictAnswer(district)


def district_by_address(*, street: str, house: str) -> DistrictAnswer:
    from django.utils.translation import gettext as _

    from .addresses import house_key, street_key
    from .models import AddressRecord

    on_street = AddressRecord.objects.filter(street_key=street_key(street)).select_related("district")
    if not on_street.exists():
        return DistrictAnswer(None, _("There is no street «%(street)s» in the address register. Check the "
                                      "spelling, e.g. «Шевченка».") % {"street": street})
    found = [record for record in on_street.filter(house_key=house_key(house))]
    districts = {record.district_id for record in found}
    if not found:
        return DistrictAnswer(None, _("There is no house № %(house)s on «%(street)s» in the address register.")
                              % {"house": house, "street": street})
    if len(districts) > 1:
        return DistrictAnswer(None, _("Several streets match «%(street)s»: write the street type too, e.g. "
                                      "«вул.» or «пров.».") % {"street": street})
    return DistrictAnswer(found[0].district, address=found[0])


def deputies_of_district(district):
    return deputies_queryset().filter(district=district).order_by("family_name", "given_name")


def calendar_corrections(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """{day: is a working day} as the secretariat corrected the calendar between ``start`` and ``end`` (one query):
    the council's part of the portal's one calendar of working days (cms.workdays)."""
    return {day.date: day.kind == CalendarDay.Kind.WORKING_DAY
            for day in CalendarDay.objects.filter(date__range=(min(start, end), max(start, end)))}


def every_page() -> tuple[list[str], list[str]]:
    """The council's records' cached pages (cms.modules.CachedPages): the whole site."""
    return [], ["/"]


def find_my_deputy_paths() -> list[str]:
    """«Find my deputy» under each deputies' index: its cached answers (one per address asked) show the address
    register."""
    return [f"{page.url}znaity-deputata/" for page in DeputyIndexPage.objects.live() if page.url]
