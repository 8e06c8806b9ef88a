"""Open data: every published consultation of the index as CSV and JSON with the documented columns."""
import csv
import io

import pytest
from django.utils import timezone

from consultations.opendata import OPEN_DATA_COLUMNS
from consultations.services import consultation_answer
from tests.consultations.conftest import DAY, QUESTIONS, make_consultation, valid_choices
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
COLUMNS = ["id", "title", "question", "organiser", "url", "start", "end", "status", "comments_count",
           "has_questionnaire", "respondents_count", "report_published", "report_document_url", "proposals_count",
           "last_published_at"]


@pytest.fixture
def register(consultation_index, open_consultation):
    now = timezone.now()
    closed = make_consultation(consultation_index, title="Велодоріжки, етап 1", start=now - 9 * DAY, end=now - DAY,
                               questions=QUESTIONS, report="<p>Звіт.</p>", proposals=[("Ліхтарі", "accepted")])
    consultation_answer(consultation=closed, user=UserFactory(), choices=valid_choices(closed), now=now - 5 * DAY)
    draft = make_consultation(consultation_index, title="Чернетка", publish=False)
    draft.unpublish()
    return consultation_index, open_consultation, closed


def test_csv_has_the_documented_columns_and_one_row_per_published_consultation(client, register):
    index, open_page, closed = register
    response = client.get(index.url + "dani/csv/")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0].keys()) == COLUMNS == [name for name, _meaning in OPEN_DATA_COLUMNS]
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == {open_page.title, closed.title}  # the draft is not published
    assert by_title[closed.title]["status"] == "report_published"
    assert by_title[closed.title]["report_published"] == "true"
    assert by_title[closed.title]["respondents_count"] == "1"
    assert by_title[closed.title]["proposals_count"] == "1"
    assert by_title[closed.title]["title"] == "Велодоріжки, етап 1"  # the comma is quoted, not a new column
    assert by_title[open_page.title]["status"] == "open" and by_title[open_page.title]["has_questionnaire"] == "true"


def test_json_has_the_same_rows(client, register):
    index, open_page, closed = register
    rows = client.get(index.url + "dani/json/").json()
    assert [list(row) for row in rows] == [COLUMNS, COLUMNS]
    closed_row = next(row for row in rows if row["id"] == closed.pk)
    assert closed_row["report_published"] is True and closed_row["comments_count"] == 0
    assert closed_row["url"].startswith("http://") and closed_row["start"].endswith("+02:00") or \
        closed_row["start"].endswith("+03:00")


def test_other_formats_are_not_served(client, consultation_index):
    assert client.get(consultation_index.url + "dani/xml/").status_code == 404
