"""Open data: exactly the columns of the national sets, CSV and JSON, bounded queries."""
import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sessions.models import AgendaItem, VoteEvent, VoteRecord
from tests.open_data_standard import standard_file

from .factories import DeputyPageFactory, SessionIndexPageFactory, SessionPageFactory

SETS = {"votes-convocations": "29-votes-convocations.csv", "votes-sessions": "29-votes-sessions.csv",
        "votes-motions": "29-votes-motions.csv", "votes-voteEvents": "29-votes-voteEvents.csv",
        "votes-votings": "29-votes-votings.csv", "deputies": "30-deputies.csv"}


def standard_columns(filename):
    with open(standard_file(filename), encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


@pytest.fixture
def voted(home_page, deputy, convocation):
    index = SessionIndexPageFactory(parent=home_page)
    session = SessionPageFactory.build(convocation=convocation, number=45,
                                       start=timezone.make_aware(datetime.datetime(2026, 3, 26, 10)))
    session.agenda_items = [AgendaItem(title="Про бюджет", motion_uid="2026-03-26-1")]
    index.add_child(instance=session)
    vote = VoteEvent.objects.create(session=session, uid="v-1", motion_uid="2026-03-26-1", title="Про бюджет",
                                    result="Прийнято", votes_for=1)
    VoteRecord.objects.create(event=vote, deputy=deputy, choice="За")
    return session


@pytest.mark.parametrize("name", list(SETS))
def test_csv_and_json_have_exactly_the_standard_columns(client, voted, name):
    columns = standard_columns(SETS[name])
    response = client.get(f"/vidkryti-dani/rada/{name}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == columns and len(rows) >= 2
    data = json.loads(client.get(f"/vidkryti-dani/rada/{name}.json").content)
    assert list(data[0]) == columns


def test_votings_rows(client, voted, deputy):
    rows = list(csv.DictReader(io.StringIO(client.get("/vidkryti-dani/rada/votes-votings.csv").content.decode())))
    assert rows == [{"motionUid": "2026-03-26-1", "voterId": "dep-1", "voterName": "Коваленко Олена Петрівна",
                     "motionTitle": "Про бюджет", "result": "За"}]


def test_unknown_dataset_is_404(client, db):
    assert client.get("/vidkryti-dani/rada/secrets.csv").status_code == 404
    assert client.get("/vidkryti-dani/rada/deputies.xml").status_code == 404


def test_votings_export_query_count_does_not_grow(client, voted, deputy_index, factions):
    vote = VoteEvent.objects.get()
    with CaptureQueriesContext(connection) as few:
        client.get("/vidkryti-dani/rada/votes-votings.csv")
    VoteRecord.objects.bulk_create([VoteRecord(event=vote, deputy=DeputyPageFactory(parent=deputy_index),
                                               choice="Проти") for _ in range(20)])
    with CaptureQueriesContext(connection) as many:
        client.get("/vidkryti-dani/rada/votes-votings.csv")
    assert len(few) == len(many)
