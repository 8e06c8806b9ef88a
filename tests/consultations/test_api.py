"""API /api/v3/participation/consultations/: list with filters, detail, answering with stable error codes."""
import pytest
from django.utils import timezone

from consultations.models import ConsultationResponse
from consultations.services import consultation_answer
from tests.consultations.conftest import DAY, QUESTIONS, make_consultation, options_of, question_ids, valid_choices
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v3/participation/consultations/"


def answers_payload(page, choices=None):
    choices = choices or valid_choices(page)
    return {"answers": [{"question_id": question, "option_ids": options} for question, options in choices.items()]}


def test_list_filters_and_paginates(client, open_consultation, upcoming_consultation, closed_consultation):
    data = client.get(API).json()
    assert data["count"] == 3
    item = next(item for item in data["items"] if item["id"] == open_consultation.pk)
    assert item["status"] == "open" and item["has_questionnaire"] is True and item["respondents_count"] == 0
    assert item["url"].startswith("http://")
    assert [item["id"] for item in client.get(API, {"status": "upcoming"}).json()["items"]] == \
        [upcoming_consultation.pk]
    assert [item["id"] for item in client.get(API, {"q": "Велодоріжки"}).json()["items"]] == [closed_consultation.pk]
    assert client.get(API, {"limit": 1}).json()["count"] == 3
    assert len(client.get(API, {"limit": 1}).json()["items"]) == 1


@pytest.mark.parametrize("params", [{"status": "all"}, {"year": "abc"}, {"year": "1"}, {"offset": "-1"},
                                    {"offset": str(2**70)}, {"q": "x" * 201}])
def test_bad_list_parameters_are_a_400_problem(client, consultation_index, params):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_query"


def test_detail_hides_results_until_closing(client, open_consultation, resident):
    consultation_answer(consultation=open_consultation, user=resident, choices=valid_choices(open_consultation))
    data = client.get(f"{API}{open_consultation.pk}/").json()
    assert data["results"] is None and data["report"] is None
    assert [question["kind"] for question in data["questions"]] == ["single", "multiple", "single"]
    assert len(data["questions"][0]["options"]) == 3
    assert data["comments_open"] is True and data["answered"] is False
    client.force_login(resident)
    assert client.get(f"{API}{open_consultation.pk}/").json()["answered"] is True


def test_detail_shows_results_and_report_after_closing(client, consultation_index):
    now = timezone.now()
    page = make_consultation(consultation_index, start=now - 5 * DAY, end=now - DAY, questions=QUESTIONS,
                             report="<p>Враховано.</p>", proposals=[("Ліхтарі", "partly")])
    consultation_answer(consultation=page, user=UserFactory(), choices=valid_choices(page), now=now - 2 * DAY)
    data = client.get(f"{API}{page.pk}/").json()
    assert data["status"] == "report_published" and data["report_published"] is True
    assert data["results"]["respondents"] == 1
    assert data["results"]["questions"][0]["options"][0] == {
        "id": options_of(page)[0][0], "text": "Дитячий майданчик", "count": 1, "percent": 100.0}
    assert data["report"]["proposals"] == [{"proposal": "Ліхтарі", "source": "", "decision": "partly",
                                            "reason": "Тому що."}]


@pytest.mark.parametrize("consultation_id", ["999999", "0", str(2**64), "abc"])
def test_unknown_consultation_is_a_404_problem(client, consultation_index, consultation_id):
    response = client.get(f"{API}{consultation_id}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_draft_consultation_is_not_served(client, consultation_index):
    page = make_consultation(consultation_index, publish=False)
    page.unpublish()
    assert client.get(f"{API}{page.pk}/").status_code == 404


def test_a_verified_resident_answers_once(client, open_consultation, resident):
    client.force_login(resident)
    url = f"{API}{open_consultation.pk}/responses/"
    response = client.post(url, answers_payload(open_consultation), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["consultation_id"] == open_consultation.pk
    again = client.post(url, answers_payload(open_consultation), content_type="application/json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_answered"
    assert "Ви вже відповіли" in again.json()["detail"]
    assert ConsultationResponse.objects.count() == 1


def test_answering_needs_authentication(client, open_consultation):
    response = client.post(f"{API}{open_consultation.pk}/responses/", answers_payload(open_consultation),
                           content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_unverified_resident_gets_not_verified(client, open_consultation, unverified_resident):
    client.force_login(unverified_resident)
    response = client.post(f"{API}{open_consultation.pk}/responses/", answers_payload(open_consultation),
                           content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "not_verified"
    assert ConsultationResponse.objects.count() == 0


def test_closed_consultation_gets_consultation_not_open(client, closed_consultation, resident):
    client.force_login(resident)
    response = client.post(f"{API}{closed_consultation.pk}/responses/", answers_payload(closed_consultation),
                           content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "consultation_not_open"


def _bad_payload(page, case):
    ids, options = question_ids(page), options_of(page)
    return {
        "two_for_single": answers_payload(page, {ids[0]: options[0][:2], ids[1]: [options[1][0]]}),
        "required_missing": answers_payload(page, {ids[0]: [options[0][0]]}),
        "foreign_option": answers_payload(page, {ids[0]: [options[1][0]], ids[1]: [options[1][0]]}),
        "same_question_twice": {"answers": [{"question_id": ids[0], "option_ids": [options[0][0]]},
                                            {"question_id": ids[0], "option_ids": [options[0][1]]},
                                            {"question_id": ids[1], "option_ids": [options[1][0]]}]},
    }[case]


@pytest.mark.parametrize("case", ["two_for_single", "required_missing", "foreign_option", "same_question_twice"])
def test_invalid_answers_get_invalid_answer(client, open_consultation, resident, case):
    client.force_login(resident)
    response = client.post(f"{API}{open_consultation.pk}/responses/", _bad_payload(open_consultation, case),
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_answer"
    assert not response.json()["detail"].isascii()
    assert ConsultationResponse.objects.count() == 0


@pytest.mark.parametrize("body", ['{"answers": "all"}', "not json", '{"answers": [{"question_id": "x"}]}',
                                  '{"answers": [{"question_id": 1, "option_ids": [99999999999999999999999]}]}',
                                  "{}"])
def test_malformed_bodies_are_422_problems_never_500(client, open_consultation, resident, body):
    client.force_login(resident)
    response = client.post(f"{API}{open_consultation.pk}/responses/", body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert ConsultationResponse.objects.count() == 0


def test_token_clients_can_answer(client, open_consultation, resident):
    from wagtail.models import APIToken

    _, secret = APIToken.create_token(user=resident, name="mobile")
    response = client.post(f"{API}{open_consultation.pk}/responses/", answers_payload(open_consultation),
                           content_type="application/json", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 201


def test_routes_are_in_the_openapi_schema(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert "/api/v3/participation/consultations/" in paths
    assert "/api/v3/participation/consultations/{consultation_id}/responses/" in paths
