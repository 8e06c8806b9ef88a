"""The council's public pages cost an anonymous reader a fixed handful of queries once warm, however long the agenda,
the voting record or the list of related decisions grows."""
import datetime
import itertools

import pytest
from django.utils import timezone

from cms import pagecache
from sessions.models import (
    AgendaItem,
    CommitteeMembership,
    DeputyReport,
    ReceptionSchedule,
    ReceptionSlot,
    SessionStatus,
    VoteEvent,
    VoteRecord,
)
from tests.warm_queries import assert_warm_queries, warm_queries

from .factories import (
    DecisionIndexPageFactory,
    DecisionPageFactory,
    DeputyPageFactory,
    DraftDecisionIndexPageFactory,
    DraftDecisionPageFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db

# Measured: the site with the pages on the way and the specific page (cms.routing, 2), then what each page shows
# outside its cached fragment. The session, the deputy (any filter: the fragment is kept per query string, the
# per-session summaries that decide the page's status are shared values) and the decision show nothing else; a
# draft's discussion is a cached fragment too (participation_tags.discussion). The past sessions also ask when the
# next session still «Scheduled» ends and joins them (selectors.next_session_end, one aggregate, so the page cache
# keeps the list until then).
WARM = {"sessions index": 3, "past sessions": 5, "session": 2, "vote": 4, "deputies index": 7, "factions": 5,
        "deputy": 2, "deputy, all sessions": 2, "drafts index": 4, "draft": 6, "decisions index": 6, "decision": 2}
# What rendering them costs (fragments off, so the layout's fragments are rendered too: one query more each). Session:
# agenda items with their drafts, its votes, the calendar of working days once for all its drafts, documents,
# decisions, convocation. Deputy: per-session summaries (the statistics and the list's count come from them),
# faction/district in one query, reception with its hours, committees, reports, drafts initiated, social links,
# the page of votes. Decision: documents, the four kinds of related decisions in one query, session, draft.
RENDERED = {**WARM, "sessions index": 4, "past sessions": 6, "session": 9, "vote": 5, "deputies index": 8,
            "factions": 6, "deputy": 11, "deputy, all sessions": 11, "drafts index": 5, "draft": 8,
            "decisions index": 7, "decision": 7}


@pytest.fixture
def council(settings, home_page, deputy_index, factions, districts, committee, convocation):
    settings.FRAGMENT_CACHE_ENABLED = True
    sessions = SessionIndexPageFactory(parent=home_page)
    drafts = DraftDecisionIndexPageFactory(parent=home_page)
    decisions = DecisionIndexPageFactory(parent=home_page)
    deputy = DeputyPageFactory(parent=deputy_index, faction=factions[0], district=districts[1])
    CommitteeMembership.objects.create(committee=committee, deputy=deputy)
    schedule = ReceptionSchedule.objects.create(deputy=deputy, post_name="Світлогірськ", thoroughfare="вул. Шевченка",
                                                locator_designator="3")
    ReceptionSlot.objects.create(schedule=schedule, day_from=1, time_from=datetime.time(10),
                                 time_to=datetime.time(12))
    DeputyReport.objects.create(deputy=deputy, year=2025, title="Звіт за 2025 рік")
    session = SessionPageFactory(parent=sessions, convocation=convocation, status=SessionStatus.HELD,
                                 start=timezone.now() - datetime.timedelta(days=20))
    draft = DraftDecisionPageFactory(parent=drafts, initiator_deputy=deputy)
    decision = DecisionPageFactory(parent=decisions, session=session, draft=draft)
    return {"sessions": sessions, "drafts": drafts, "decisions": decisions, "deputy": deputy,
            "deputy_index": deputy_index, "session": session, "draft": draft, "decision": decision,
            "convocation": convocation, "factions": factions, "numbers": itertools.count()}


def grow(council, size: int) -> None:
    """``size`` more of everything the pages list: agenda items (each with a draft and a vote the deputy took
    part in), held sessions with votes, decisions amending the decision, deputies."""
    session, deputy = council["session"], council["deputy"]
    for _ in range(size):
        number = next(council["numbers"])
        draft = DraftDecisionPageFactory(parent=council["drafts"], initiator_deputy=deputy)
        item = AgendaItem.objects.create(session=session, title=f"Питання {number}", draft=draft, sort_order=number)
        event = VoteEvent.objects.create(session=session, agenda_item=item, uid=f"e{number}", motion_uid=f"m{number}",
                                         title=f"Питання {number}", result="Прийнято", position=number)
        VoteRecord.objects.create(event=event, deputy=deputy, choice="За", faction=council["factions"][0])
        held = timezone.now() - datetime.timedelta(days=30 + number)
        other = SessionPageFactory(parent=council["sessions"], convocation=council["convocation"],
                                   status=SessionStatus.HELD, start=held)
        unassigned = VoteEvent.objects.create(session=other, uid=f"o{number}", motion_uid=f"n{number}",
                                              title=f"Процедурне {number}", result="Прийнято", position=0)
        VoteRecord.objects.create(event=unassigned, deputy=deputy, choice="Проти", faction=council["factions"][0])
        newer = DecisionPageFactory(parent=council["decisions"], session=session)
        newer.amends.add(council["decision"])
        newer.save()
        DeputyPageFactory(parent=council["deputy_index"], faction=council["factions"][number % 2])
    pagecache.purge_all()  # as the publishes and the vote imports these rows stand for do


def urls(council) -> dict[str, str]:
    event = VoteEvent.objects.filter(session=council["session"]).order_by("pk").first()
    return {"sessions index": council["sessions"].url, "past sessions": council["sessions"].url + "?period=past",
            "session": council["session"].url,
            "vote": f"{council['sessions'].url}holosuvannia/{event.pk}/",
            "deputies index": council["deputy_index"].url, "factions": council["deputy_index"].url + "fraktsii/",
            "deputy": council["deputy"].url, "deputy, all sessions": council["deputy"].url + "?session=",
            "drafts index": council["drafts"].url, "draft": council["draft"].url,
            "decisions index": council["decisions"].url, "decision": council["decision"].url}


def test_council_pages_cost_the_same_few_queries_with_2_and_12_of_everything(client, council, settings):
    grow(council, 2)
    few = assert_warm_queries(client, urls(council), WARM)
    settings.FRAGMENT_CACHE_ENABLED = False  # what rendering the pages costs
    few_rendered = assert_warm_queries(client, urls(council), RENDERED)
    grow(council, 10)
    many_rendered = assert_warm_queries(client, urls(council), RENDERED)
    settings.FRAGMENT_CACHE_ENABLED = True
    many = assert_warm_queries(client, urls(council), WARM)

    assert many == few and many_rendered == few_rendered
    html = client.get(council["session"].url).content.decode()
    assert html.count("holosuvannia/") == 12 and "Питання 11" in html  # every item with its vote, all shown


def test_an_agenda_of_drafts_reads_the_working_day_calendar_once(client, council, settings):
    settings.FRAGMENT_CACHE_ENABLED = False  # what rendering the agenda reads
    grow(council, 6)

    queries = warm_queries(client, council["session"].url)

    assert len([sql for sql in queries if "council_calendarday" in sql]) == 1


def test_a_vote_with_many_deputies_asks_the_cache_as_often_as_one_with_few(client, council, cache_calls):
    """Each deputy's link is made with the request's site roots, not with a cache read per deputy."""
    def calls_for(event) -> int:
        url = f"{council['sessions'].url}holosuvannia/{event.pk}/"
        for _ in range(2):
            assert client.get(url).status_code == 200
        cache_calls.clear()
        html = client.get(url).content.decode()
        assert html.count(f'href="{council["deputy_index"].url}') == event.records.count()
        return len(cache_calls)

    events = []
    for number, voters in enumerate((1, 12)):
        event = VoteEvent.objects.create(session=council["session"], uid=f"v{number}", motion_uid=f"v{number}",
                                         title="Про бюджет", result="Прийнято", position=100 + number)
        for _ in range(voters):
            VoteRecord.objects.create(event=event, deputy=DeputyPageFactory(parent=council["deputy_index"]),
                                      choice="За")
        events.append(event)

    calls_for(events[0])  # the test's first page also fills what each worker keeps for later requests
    few = calls_for(events[0])
    assert calls_for(events[1]) == few
