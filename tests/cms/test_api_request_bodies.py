"""Bodies of API writes (cms.api_input.check_request_body, cms.api): a body in a media type the operation does not
read is a 415 problem, a body that is not JSON is a 400 ``malformed_body`` problem, a method an address does not have
is a 405 problem, all in Ukrainian, and none of them changes anything. Residents' writes of several modules are sent
the way a form or a careless client sends them, with a session and with a token."""
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image as PillowImage
from wagtail.models import APIToken

from appeals.models import Appeal, Category
from budget.models import BudgetBallot, VoterProfile
from participation.models import Comment
from petitions.models import PetitionCategory, PetitionIndexPage, Signature
from tests.budget.conftest import make_campaign, make_project
from tests.factories import NewsPageFactory, UserFactory
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
ONLY_JSON = "Ця адреса приймає тіло запиту лише у форматі application/json."
APPEAL_TEXT = ("Просимо відремонтувати водогін на вулиці Соборній: третій день немає води у будинках № 12–18, "
               "мешканці носять воду з колонки.")


def token_client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {APIToken.create_token(user=user, name='test')[1]}"})


def session_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["code"] == code
    return body


# Each way a body that is not JSON arrives: (Content-Type, body).
NOT_JSON = {
    "multipart form": ("multipart/form-data; boundary=xYzZY",
                       b'--xYzZY\r\nContent-Disposition: form-data; name="body"\r\n\r\n'
                       b"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd1\x96\xd1\x82\r\n--xYzZY--\r\n"),
    "multipart without a boundary": ("multipart/form-data", b"body=1"),
    "urlencoded form": ("application/x-www-form-urlencoded", b"body=%D0%9F%D1%80%D0%B8%D0%B2%D1%96%D1%82&target_id=1"),
    "plain text": ("text/plain;charset=UTF-8", b'{"body": "text/plain is what fetch() sends for a string"}'),
    "no type at all": ("", b'{"body": "no Content-Type"}'),
}


def send(client, method: str, url: str, kind: str):
    content_type, body = NOT_JSON[kind]
    return client.generic(method, url, body, content_type=content_type)


@pytest.fixture
def article(news_index):
    return NewsPageFactory(parent=news_index, allow_comments=True)


@pytest.fixture
def petition(home_page):
    index = PetitionIndexPage(title="Електронні петиції", slug="petytsii", intro="Петиції.", rules="Правила.")
    home_page.add_child(instance=index)
    category = PetitionCategory.objects.create(name="Транспорт", slug="transport")
    return make_petition(author=UserFactory(), category=category, threshold=100)


@pytest.fixture
def water(home_page):
    from appeals.models import AppealIndexPage

    home_page.add_child(instance=AppealIndexPage(title="Звернення", slug="zvernennia", intro="Звернення."))
    return Category.objects.create(name="Водопостачання", slug="water")


@pytest.fixture
def voting(home_page):
    from budget.models import BudgetIndexPage

    index = BudgetIndexPage(title="Громадський бюджет", slug="hromadskyi-biudzhet", intro="Бюджет участі.")
    home_page.add_child(instance=index)
    campaign = make_campaign(index)
    return campaign, make_project(campaign, campaign.categories.get(slug="mali"), cost=50_000)


@pytest.mark.parametrize("kind", list(NOT_JSON))
def test_a_comment_sent_as_a_form_or_text_is_a_415_and_not_posted(article, kind):
    for client in (session_client(UserFactory()), token_client(UserFactory())):
        body = assert_problem(send(client, "POST", "/api/v3/participation/comments/", kind), 415,
                              "unsupported_media_type")
        assert body["detail"] == ONLY_JSON
        assert body["errors"][0]["loc"] == ["header", "Content-Type"]
    assert not Comment.objects.exists()
    # The same comment as JSON is posted: the refusal was about the body's type only.
    response = session_client(UserFactory()).post(
        "/api/v3/participation/comments/", {"target_type": "home.newspage", "target_id": article.pk, "body": "Привіт"},
        content_type="application/json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("kind", ["multipart form", "urlencoded form", "plain text"])
def test_an_appeal_a_ballot_and_a_voter_profile_sent_as_forms_change_nothing(water, voting, kind):
    campaign, project = voting
    resident = UserFactory()
    client = token_client(resident)
    for method, url in (("POST", "/api/v3/appeals/"), ("POST", f"/api/v3/budget/campaigns/{campaign.pk}/ballot/"),
                        ("PUT", "/api/v3/budget/voter-profile/")):
        assert assert_problem(send(client, method, url, kind), 415, "unsupported_media_type")["detail"] == ONLY_JSON
    assert not Appeal.objects.exists() and not BudgetBallot.objects.exists()
    assert not VoterProfile.objects.filter(user=resident).exists()
    appeal = client.post("/api/v3/appeals/", {"category": "water", "text": APPEAL_TEXT},
                         content_type="application/json")
    assert appeal.status_code == 201, appeal.content


def test_signing_takes_no_body_so_an_empty_one_of_any_type_signs_and_a_form_with_fields_does_not(petition):
    url = f"/api/v3/petitions/{petition.pk}/signatures/"
    refused = token_client(UserFactory())
    for kind in ("multipart form", "urlencoded form", "plain text"):
        assert_problem(send(refused, "POST", url, kind), 415, "unsupported_media_type")
    assert not Signature.objects.exists()
    # What clients send for a POST without data: no body at all (fetch), an empty form (curl -d ''), a multipart form
    # without a field (Django's test client), an empty JSON object.
    assert token_client(UserFactory()).generic("POST", url).status_code == 201
    assert token_client(UserFactory()).generic("POST", url, b"", content_type="application/x-www-form-urlencoded"
                                               ).status_code == 201
    assert token_client(UserFactory()).post(url).status_code == 201
    assert token_client(UserFactory()).post(url, {}, content_type="application/json").status_code == 201
    assert Signature.objects.count() == 4


def test_a_refusal_of_the_body_comes_before_authentication(petition):
    """The answer depends on the request, not on who sends it (as the paging check): no token, no session."""
    assert_problem(send(Client(), "POST", f"/api/v3/petitions/{petition.pk}/signatures/", "urlencoded form"), 415,
                   "unsupported_media_type")
    assert not Signature.objects.exists()


def test_reads_with_a_form_content_type_still_work(client, article):
    for content_type in ("multipart/form-data; boundary=xYzZY", "multipart/form-data",
                         "application/x-www-form-urlencoded", "text/plain"):
        response = client.get("/api/v3/participation/comments/",
                              {"target_type": "home.newspage", "target_id": article.pk}, CONTENT_TYPE=content_type)
        assert response.status_code == 200, (content_type, response.content[:300])
        assert response.json()["count"] == 0


@pytest.mark.parametrize("body, message", [
    (b'{"target_type": "home.newspage", "body": ', "Expecting value"),
    (b"\xff\xfe\xfd", "can't decode"),
])
def test_a_body_that_is_not_json_is_a_malformed_body_problem(article, body, message):
    for client in (session_client(UserFactory()), token_client(UserFactory())):
        response = client.post("/api/v3/participation/comments/", body, content_type="application/json")
        problem = assert_problem(response, 400, "malformed_body")
        assert problem["detail"] == "Тіло запиту не є коректним JSON."
        assert problem["errors"][0]["loc"] == ["body"] and message in problem["errors"][0]["msg"]
    assert not Comment.objects.exists()
    # Query parameters keep their own code.
    assert_problem(Client().get("/api/v3/home/news/", {"limit": "abc"}), 400, "invalid_query")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
def test_a_body_past_the_upload_limit_is_a_413_problem(article):
    response = session_client(UserFactory()).post(
        "/api/v3/participation/comments/",
        {"target_type": "home.newspage", "target_id": article.pk, "body": "Дуже довгий коментар. " * 100},
        content_type="application/json")
    assert assert_problem(response, 413, "body_too_large")["detail"] == "Тіло запиту завелике."
    assert not Comment.objects.exists()


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (20, 10)).save(buffer, "PNG")
    return SimpleUploadedFile("ploshcha.png", buffer.getvalue(), content_type="image/png")


def test_an_upload_is_read_as_a_multipart_form_and_refused_in_any_other_type(home_page):
    from wagtail.images import get_image_model

    Image = get_image_model()
    editor = token_client(UserFactory(is_superuser=True, is_staff=True))
    refused = editor.post("/api/v3/images/", json.dumps({"title": "Площа"}), content_type="application/json")
    assert assert_problem(refused, 415, "unsupported_media_type")["detail"] == (
        "Ця адреса приймає тіло запиту лише у форматі multipart/form-data.")
    unreadable = editor.generic("POST", "/api/v3/images/", b"title=x", content_type="multipart/form-data")
    assert assert_problem(unreadable, 400, "malformed_body")["detail"] == "Тіло запиту неможливо прочитати."
    with_nul = editor.post("/api/v3/images/", {"title": "Пло\x00ща", "file": _png()})
    assert assert_problem(with_nul, 422, "validation_failed")["errors"][0]["type"] == "nul_character"
    assert not Image.objects.exists()
    created = editor.post("/api/v3/images/", {"title": "Площа", "file": _png()})
    assert created.status_code == 201, created.content[:400]
    assert Image.objects.get().title == "Площа"


# Multipart forms Django cannot parse (its own answer is the HTML 400 page): (Content-Type, body).
BROKEN_FORMS = {
    "an empty boundary": ("multipart/form-data; boundary=", b"----\r\n"),
    "a boundary past 200 characters": ("multipart/form-data; boundary=" + "x" * 300, b"--" + b"x" * 300 + b"--\r\n"),
    "a file that is not base64 as it claims": (
        "multipart/form-data; boundary=xYzZY",
        b'--xYzZY\r\nContent-Disposition: form-data; name="file"; filename="ploshcha.png"\r\n'
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\nabcde\r\n--xYzZY--\r\n"),
}


@pytest.mark.parametrize("kind", BROKEN_FORMS)
def test_a_broken_multipart_form_is_a_malformed_body_problem_wherever_it_is_sent(home_page, petition, kind):
    """Where forms are read (an upload) and where only JSON is (a resident's write): a problem document, never
    Django's HTML page, and nothing stored."""
    from wagtail.images import get_image_model

    content_type, body = BROKEN_FORMS[kind]
    editor = token_client(UserFactory(is_superuser=True, is_staff=True))
    upload = editor.generic("POST", "/api/v3/images/", body, content_type=content_type)
    problem = assert_problem(upload, 400, "malformed_body")
    assert problem["detail"] == "Тіло запиту неможливо прочитати." and problem["errors"][0]["loc"] == ["body"]
    signing = token_client(UserFactory()).generic("POST", f"/api/v3/petitions/{petition.pk}/signatures/", body,
                                                  content_type=content_type)
    assert assert_problem(signing, 415, "unsupported_media_type")["detail"] == ONLY_JSON
    assert not get_image_model().objects.exists() and not Signature.objects.exists()


@pytest.mark.parametrize("method, url, allowed", [
    ("PUT", "/api/v3/participation/comments/", "GET, HEAD, POST"),
    ("DELETE", "/api/v3/home/news/", "GET, HEAD"),
    ("POST", "/api/v3/pages/1/", "DELETE, GET, HEAD, PATCH"),
])
def test_a_method_an_address_does_not_have_is_a_405_problem_in_ukrainian(home_page, method, url, allowed):
    for client in (Client(), token_client(UserFactory())):  # the browser's chain and the token's short one
        response = client.generic(method, url, b"{}", content_type="application/json")
        problem = assert_problem(response, 405, "method_not_allowed")
        assert response["Allow"] == allowed
        assert problem["detail"] == f"Ця адреса не приймає метод {method}; дозволені: {allowed}."


@pytest.mark.parametrize("url", ["/api/v3/home/news/?limit=2", "/api/v3/pages/",
                                 "/api/v3/home/news/{article}/", "/api/v3/openapi.json"])
def test_head_answers_wherever_get_does_with_the_gets_headers_and_no_body(article, url):
    """Monitors, link checkers and caches ask HEAD (RFC 9110, 9.3.2); django-ninja knows only GET."""
    url = url.format(article=article.pk)
    for client in (Client(), token_client(UserFactory())):  # the browser's chain and the token's short one
        got = client.get(url)
        assert got.status_code == 200, got.content[:300]
        head = client.head(url)
        assert head.status_code == 200
        assert head.content == b""
        assert head["Content-Type"] == got["Content-Type"]
        assert int(head["Content-Length"]) == len(got.content)


def test_head_of_an_address_without_get_is_a_405_without_body(petition):
    response = Client().head(f"/api/v3/petitions/{petition.pk}/signatures/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.content == b""
    assert not Signature.objects.exists()


def test_head_of_a_missing_object_is_a_404_without_body(home_page):
    response = Client().head("/api/v3/home/news/987654/")
    assert response.status_code == 404
    assert response.content == b""
