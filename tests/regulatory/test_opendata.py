"""Open data of regulatory acts and plans: exactly the columns of the national structures, lawful values."""
import csv
import datetime
import io

import pytest

from regulatory.models import PlanItem, TrackingReport
from tests.factories.regulatory import (
    AdoptedActFactory,
    DepartmentFactory,
    RegulatoryActPageFactory,
    RegulatoryPlanPageFactory,
)

pytestmark = pytest.mark.django_db

# The standard's own column names (open-data-standard/10-regulatory-acts.csv, 11-regulatory-plan.csv), copied
# character by character: "legalActІd" and "isVersionOfІd" are spelt with a Cyrillic "І" there.
STANDARD_ACT_COLUMNS = (
    "uid,authorityName,authorityId,title,validFrom,url,text,bibliographicCitation,legalActTitle,legalAct\u0406d,"
    "legalActIssued,basicEvalDate,basicEvalUrl,basicEvalText,basicEvalBibliographicCitation,repeatEvalDate,"
    "repeatEvalUrl,repeatEvalText,repeatEvalBibliographicCitation,periodEvalDate,periodEvalURL,periodEvalText,"
    "periodEvalBibliographicCitation"
).split(",")
STANDARD_PLAN_COLUMNS = (
    "uId,title,legalActTitle,type,objective,isVersionOf\u0406d,isVersionOfTitle,creatorName,creatorId,"
    "creationEndDate,url,text,bibliographicCitation,submissionDate,authorityName,authorityId"
).split(",")


def read_csv(response) -> tuple[list[str], list[dict]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs read it as UTF-8
    reader = csv.DictReader(io.StringIO(text[1:]))
    return reader.fieldnames, list(reader)


@pytest.fixture
def adopted(register):
    act = AdoptedActFactory(parent=register, title="Про розміщення тимчасових споруд", decision_number="719",
                            decision_date=datetime.date(2024, 5, 20), effective_date=datetime.date(2024, 6, 1),
                            bibliographic_citation="Вісник міста. 2024. № 7. С. 3.",
                            decision_url="https://example.com/rishennia/719")
    act.tracking_reports = [TrackingReport(kind="baseline", approved_on=datetime.date(2024, 5, 28),
                                           url="https://example.com/zvit-bazove", summary="Базові показники.")]
    act.save()
    RegulatoryActPageFactory(parent=register, title="Проєкт на обговоренні")  # not an act in force yet
    return act


def test_acts_csv_has_exactly_the_standard_columns(client, register, adopted):
    response = client.get(f"{register.url}opendata/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    columns, rows = read_csv(response)
    assert columns == STANDARD_ACT_COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert row["uid"] == "719-2024-05-20"
    assert row["authorityName"] == "Світлогірська міська рада" and row["authorityId"] == "04055555"
    assert row["validFrom"] == "2024-06-01" and row["legalActIssued"] == "2024-05-20"
    assert row["legalAct\u0406d"] == "719"
    assert row["url"] == "https://example.com/rishennia/719"
    assert row["bibliographicCitation"] == "Вісник міста. 2024. № 7. С. 3."
    # Done: the report's date and link; not yet done: the law's last day and "не застосовується".
    assert row["basicEvalDate"] == "2024-05-28" and row["basicEvalUrl"] == "https://example.com/zvit-bazove"
    assert row["basicEvalBibliographicCitation"] == "null"  # done, but not printed
    assert row["repeatEvalDate"] == "2026-06-01" and row["repeatEvalUrl"] == "не застосовується"
    assert row["periodEvalDate"] == "2029-06-01" and row["periodEvalURL"] == "не застосовується"


def test_acts_json_has_the_same_columns(client, register, adopted):
    response = client.get(f"{register.url}opendata/json/")
    assert response.status_code == 200
    data = response.json()
    assert [list(row) for row in data] == [STANDARD_ACT_COLUMNS]
    assert data[0]["uid"] == "719-2024-05-20"


def test_plan_csv_and_json_have_exactly_the_standard_columns(client, register, adopted):
    plan = RegulatoryPlanPageFactory(parent=register, year=2026)
    department = DepartmentFactory(name="Управління економіки", edrpou="12345678")
    PlanItem.objects.create(plan=plan, sort_order=0, title="Зміни до порядку розміщення тимчасових споруд",
                            legal_act_title="Проєкт рішення міської ради «Про внесення змін…»", kind="council",
                            project_type="amendment", objective="Онлайн-заяви; коротші строки",
                            amends_uid=adopted.uid, amends_title=adopted.title, department=department,
                            deadline=datetime.date(2026, 9, 30))
    columns, rows = read_csv(client.get(f"{plan.url}opendata/csv/"))
    assert columns == STANDARD_PLAN_COLUMNS
    row = rows[0]
    assert row["uId"] == "2026-01"
    assert row["type"] == "внесення змін до регуляторного акта"
    assert row["isVersionOf\u0406d"] == "719-2024-05-20" and row["isVersionOfTitle"] == adopted.title
    assert row["creatorName"] == "Управління економіки" and row["creatorId"] == "12345678"
    assert row["creationEndDate"] == "2026-09-30"
    assert row["authorityName"] == "Світлогірська міська рада"
    assert row["url"].endswith(plan.url)
    data = client.get(f"{plan.url}opendata/json/").json()
    assert [list(item) for item in data] == [STANDARD_PLAN_COLUMNS]


def test_open_data_queries_are_bounded(client, register, django_assert_max_num_queries):
    for number in range(10):
        AdoptedActFactory(parent=register, title=f"Акт {number}")
    client.get(f"{register.url}opendata/csv/")
    with django_assert_max_num_queries(20):
        assert client.get(f"{register.url}opendata/csv/").status_code == 200
