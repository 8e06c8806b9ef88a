"""API /api/v3/participation/regulatory-acts/: the register with filters, an act in detail, the plans' rows."""
import datetime

import pytest

from regulatory.models import PlanItem, Proposal, TrackingReport
from regulatory.services import Status
from tests.factories.regulatory import (
    AdoptedActFactory,
    DepartmentFactory,
    RegulatoryActPageFactory,
    RegulatoryPlanPageFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v3/participation/regulatory-acts/"


@pytest.fixture
def acts(register):
    economy = DepartmentFactory(name="Управління економіки")
    return {
        "economy": economy,
        "open": RegulatoryActPageFactory(parent=register, title="Про режим роботи закладів торгівлі",
                                         department=economy, kind="executive"),
        "adopted": AdoptedActFactory(parent=register, title="Про розміщення тимчасових споруд",
                                     effective_date=datetime.date(2024, 6, 1), decision_number="1187",
                                     decision_date=datetime.date(2024, 5, 20)),
        "hidden": RegulatoryActPageFactory(parent=register, title="Чернетка", live=False),
    }


def test_the_register_lists_live_acts_with_pagination(client, acts):
    response = client.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    first = data["items"][0]
    assert first["title"] == "Про режим роботи закладів торгівлі"
    assert first["status"] == "consultation" and first["status_label"] == "Проєкт оприлюднено для обговорення"
    assert first["comments_open"] is True
    assert first["department"] == {"id": acts["economy"].pk, "name": "Управління економіки"}
    assert first["url"].startswith("http://") and first["url"].endswith(acts["open"].url)
    assert client.get(URL, {"limit": 1, "offset": 1}).json()["items"][0]["title"] == "Про розміщення тимчасових споруд"


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "tracking"}, ["Про розміщення тимчасових споруд"]),
    ({"kind": "executive"}, ["Про режим роботи закладів торгівлі"]),
    ({"year": 2020}, []),
])
def test_register_filters(client, acts, params, expected):
    assert [item["title"] for item in client.get(URL, params).json()["items"]] == expected


def test_register_filters_by_department(client, acts):
    items = client.get(URL, {"department": acts["economy"].pk}).json()["items"]
    assert [item["title"] for item in items] == ["Про режим роботи закладів торгівлі"]


def test_register_search(client, acts):
    items = client.get(URL, {"q": "споруди"}).json()["items"]
    assert [item["title"] for item in items] == ["Про розміщення тимчасових споруд"]


@pytest.mark.parametrize(("params", "code"), [
    ({"status": "secret"}, "invalid_status"),
    ({"kind": "law"}, "invalid_kind"),
    ({"department": 999999}, "unknown_department"),
    ({"department": "abc"}, "invalid_query"),
    ({"year": "1800"}, "invalid_query"),
    ({"year": "99999999999999999999999"}, "invalid_query"),
    ({"offset": "-1"}, "invalid_query"),
    ({"q": "я" * 201}, "invalid_query"),
])
def test_bad_filters_are_a_400_problem(client, acts, params, code):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code


def test_an_act_in_detail_with_proposals_and_tracking(client, acts):
    act = acts["adopted"]
    act.proposals = [Proposal(author="ГО «Підприємці»", text="Подавати заяви онлайн.", decision="partly",
                              reason="Онлайн — лише через ЦНАП.")]
    act.tracking_reports = [TrackingReport(kind="baseline", approved_on=datetime.date(2024, 5, 25),
                                           url="https://example.com/zvit", summary="Показники зібрано.")]
    act.save()
    response = client.get(f"{URL}{act.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["decision_number"] == "1187" and data["effective_date"] == "2024-06-01"
    assert data["proposals"] == [{"author": "ГО «Підприємці»", "text": "Подавати заяви онлайн.", "decision": "partly",
                                  "decision_label": "Враховано частково", "reason": "Онлайн — лише через ЦНАП."}]
    assert [(item["kind"], item["due"], item["state"]) for item in data["tracking"]] == [
        ("baseline", "2024-05-31", "done"), ("repeated", "2026-06-01", data["tracking"][1]["state"]),
        ("periodic", "2029-06-01", data["tracking"][2]["state"])]
    assert data["tracking"][0]["report_url"] == "https://example.com/zvit"
    assert data["tracking"][1]["earliest"] == "2025-06-01"


def test_act_detail_not_found(client, acts):
    for path in (f"{URL}{acts['hidden'].pk}/", f"{URL}99999999/", f"{URL}0/", f"{URL}abc/",
                 f"{URL}99999999999999999999999/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


def test_plan_rows(client, register, acts):
    plan = RegulatoryPlanPageFactory(parent=register, year=2026)
    RegulatoryPlanPageFactory(parent=register, year=2025)
    PlanItem.objects.create(plan=plan, sort_order=0, title="Режим роботи", legal_act_title="Проєкт рішення",
                            objective="Тиша", department=acts["economy"], deadline=datetime.date(2026, 6, 30),
                            act=acts["open"])
    PlanItem.objects.create(plan=plan, sort_order=1, title="Благоустрій", legal_act_title="Проєкт рішення",
                            objective="Чистота", deadline=datetime.date(2026, 12, 31))
    data = client.get(f"{URL}plans/", {"year": 2026}).json()
    assert data["count"] == 2
    first, second = data["items"]
    assert first["uid"] == "2026-01" and first["act_id"] == acts["open"].pk
    assert first["status_label"] == "Проєкт оприлюднено для обговорення"
    assert second["uid"] == "2026-02" and second["status_label"] == "Заплановано" and second["act_url"] is None
    assert client.get(f"{URL}plans/", {"year": 2025}).json()["count"] == 0
    assert client.get(f"{URL}plans/", {"year": "abc"}).status_code == 400


def test_the_router_is_in_the_openapi_schema(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert "/api/v3/participation/regulatory-acts/" in paths
    assert "/api/v3/participation/regulatory-acts/plans/" in paths


def test_list_queries_are_bounded(client, register, django_assert_max_num_queries):
    for number in range(12):
        AdoptedActFactory(parent=register, title=f"Акт {number}", department=DepartmentFactory())
    client.get(URL)
    with django_assert_max_num_queries(8):
        assert len(client.get(URL).json()["items"]) == 12
    act = AdoptedActFactory(parent=register)
    with django_assert_max_num_queries(12):
        assert client.get(f"{URL}{act.pk}/").status_code == 200


def test_status_values_are_the_life_cycle():
    from regulatory.api import STATUS_VALUES

    assert STATUS_VALUES == [Status.PLANNED, Status.CONSULTATION, Status.SUMMARISED, Status.ADOPTED, Status.TRACKING,
                             Status.WITHDRAWN, Status.REPEALED]
