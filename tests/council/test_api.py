"""The council API (/api/v3/council/): lists are paginated and filterable, errors are problem documents."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sessions.models import AgendaItem, DraftStatus, VoteEvent, VoteRecord

from .factories import (
    DecisionIndexPageFactory,
    DecisionPageFactory,
    DeputyPageFactory,
    DraftDecisionIndexPageFactory,
    DraftDecisionPageFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
)

API = "/api/v3/council"


@pytest.fixture
def council_data(home_page, deputy, deputy_index, factions, districts, committee, convocation):
    sessions = SessionIndexPageFactory(parent=home_page)
    drafts = DraftDecisionIndexPageFactory(parent=home_page)
    draft = DraftDecisionPageFactory(parent=drafts, registration_number="5/1",
                                     publication_date=datetime.date(2026, 3, 13))
    session = SessionPageFactory.build(convocation=convocation,
                                       start=timezone.make_aware(datetime.datetime(2026, 3, 26, 10)))
    session.agenda_items = [AgendaItem(title="Про бюджет", draft=draft, motion_uid="m-1")]
    sessions.add_child(instance=session)
    vote = VoteEvent.objects.create(session=session, uid="v-1", motion_uid="m-1", title="Про бюджет",
                                    result="Прийнято", votes_for=1,
                                    agenda_item=session.agenda_items.first())
    VoteRecord.objects.create(event=vote, deputy=deputy, choice="За", faction=deputy.faction)
    decisions = DecisionIndexPageFactory(parent=home_page)
    decision = DecisionPageFactory(parent=decisions, number="7-1/VIII", title="Про бюджет громади",
                                   session=session, draft=draft)
    from sessions.models import CommitteeMembership

    CommitteeMembership.objects.create(committee=committee, deputy=deputy, post="chair")
    return {"session": session, "draft": draft, "vote": vote, "decision": decision}


def test_sessions_and_agenda_with_the_publication_rule(client, council_data):
    body = client.get(f"{API}/sessions/").json()
    assert body["count"] == 1 and body["items"][0]["kind"] == "plenary"
    detail = client.get(f"{API}/sessions/{council_data['session'].pk}/").json()
    [item] = detail["agenda"]
    assert item["draft_number"] == "5/1" and item["publication"]["ok"] is False
    assert item["publication"]["deadline"] == "2026-03-12" and item["vote_ids"] == [council_data["vote"].pk]
    assert client.get(f"{API}/sessions/", {"kind": "nonsense"}).status_code == 400
    assert client.get(f"{API}/sessions/99999999999999999999/").status_code == 404


def test_drafts_and_decisions(client, council_data):
    assert client.get(f"{API}/drafts/", {"status": "published"}).json()["count"] == 1
    assert client.get(f"{API}/drafts/", {"status": "adopted"}).json()["count"] == 0
    detail = client.get(f"{API}/drafts/{council_data['draft'].pk}/").json()
    assert detail["considerations"][0]["check"]["ok"] is False
    assert client.get(f"{API}/decisions/", {"q": "бюджету"}).json()["count"] == 1
    assert client.get(f"{API}/decisions/", {"number": "8-1/VIII"}).json()["count"] == 0
    problem = client.get(f"{API}/decisions/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}).json()
    assert problem["code"] == "invalid_period"
    assert client.get(f"{API}/decisions/", {"topic": "none"}).json()["code"] == "unknown_topic"
    # A NUL character in the text fields is no 500 (PostgreSQL text cannot hold it).
    for nul in ({"q": "бюджету\x00"}, {"number": "7-1/VIII\x00"}):  # the API's input layer refuses NUL bytes
        assert client.get(f"{API}/decisions/", nul).json()["code"] == "invalid_query"
    assert client.get(f"{API}/decisions/{council_data['decision'].pk}/").json()["draft_id"] == council_data["draft"].pk


def test_votes_with_records_and_factions(client, council_data, deputy):
    body = client.get(f"{API}/votes/", {"session": council_data["session"].pk}).json()
    assert body["items"][0]["totals"]["votes_for"] == 1
    assert client.get(f"{API}/votes/", {"result": "Прийнято"}).json()["count"] == 1
    assert client.get(f"{API}/votes/", {"result": "Не прийнято"}).json()["count"] == 0
    problem = client.get(f"{API}/votes/", {"result": "nonsense"})
    assert problem.status_code == 400 and problem.json()["code"] == "unknown_result"
    assert problem.json()["detail"] == "Такого результату голосування немає."
    problem = client.get(f"{API}/votes/", {"result": "Прийнято\x00"})  # the NUL once reached PostgreSQL: a 500
    assert problem.status_code == 400 and problem.json()["code"] == "invalid_query"
    detail = client.get(f"{API}/votes/{council_data['vote'].pk}/").json()
    assert detail["records"] == [{"deputy_id": deputy.pk, "deputy": deputy.full_name,
                                  "faction": deputy.faction.name, "choice": "За"}]
    assert detail["by_faction"][deputy.faction.display_name]["За"] == 1


def test_deputies_with_statistics_factions_committees(client, council_data, deputy):
    body = client.get(f"{API}/deputies/", {"faction": "hromada"}).json()
    [item] = body["items"]
    assert item["statistics"] == {"plenary_votes": 1, "present": 1, "attendance": 100.0,
                                  "totals": {"За": 1, "Проти": 0, "Утримався": 0, "Не голосував": 0, "Відсутній": 0}}
    assert item["committees"][0]["post"] == "chair"
    assert client.get(f"{API}/deputies/", {"faction": "nemaie"}).json()["code"] == "unknown_faction"
    assert client.get(f"{API}/deputies/", {"district": 2}).json()["count"] == 0
    factions = client.get(f"{API}/factions/").json()
    assert any(deputy.pk in faction["member_ids"] for faction in factions["items"])
    assert client.get(f"{API}/committees/").json()["items"][0]["members"][0]["post"] == "chair"


def test_districts_geojson_and_find_my_deputy(client, council_data, deputy):
    collection = client.get(f"{API}/districts/", {"limit": 1}).json()
    assert collection["type"] == "FeatureCollection" and collection["count"] == 2
    assert len(collection["features"]) == 1 and collection["features"][0]["geometry"]["type"] == "Polygon"
    found = client.get(f"{API}/find-my-deputy/", {"lat": 49.505, "lon": 34.505}).json()
    assert found["district"]["number"] == 1 and found["deputies"][0]["id"] == deputy.pk
    outside = client.get(f"{API}/find-my-deputy/", {"lat": 50.45, "lon": 30.52})
    assert outside.status_code == 404 and outside.json()["code"] == "outside_districts"
    missing = client.get(f"{API}/find-my-deputy/", {"street": "Нема", "house": "1"})
    assert missing.status_code == 404 and missing.json()["code"] == "address_not_found"
    assert client.get(f"{API}/find-my-deputy/").json()["code"] == "query_required"
    assert client.get(f"{API}/find-my-deputy/", {"lat": 100, "lon": 1}).status_code == 400


def test_deputies_list_query_count_does_not_grow(client, council_data, deputy_index, factions):
    client.get(f"{API}/deputies/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}/deputies/")
    for number in range(15):
        DeputyPageFactory(parent=deputy_index, faction=factions[number % 2])
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{API}/deputies/").json()["count"] == 16
    assert len(few) == len(many)


def test_drafts_status_values_are_the_life_cycle():
    assert set(DraftStatus.values) == {"registered", "published", "on_agenda", "adopted", "rejected", "withdrawn"}
