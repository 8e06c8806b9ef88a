"""Draft preview in a separate front end: the admin hands the front end a short-lived signed token, the API shows
that page's draft (unsaved form, revision or latest draft) to the token only."""
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import signing
from django.test import Client, override_settings
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.factories import StandardPageFactory, UserFactory, activate_totp, login_with_mfa

pytestmark = pytest.mark.django_db
FRONT = "http://front.example.org/"


@pytest.fixture
def editor_client(client, home_page):
    admin = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(admin)
    login_with_mfa(client, admin)
    return client


@pytest.fixture
def page(home_page):
    return StandardPageFactory(parent=home_page, title="Про місто", slug="pro-misto", intro="Опубліковано.")


def token_from(response) -> tuple[str, int]:
    assert response.status_code == 302
    location = urlparse(response.url)
    assert f"{location.scheme}://{location.netloc}{location.path}" == FRONT
    query = parse_qs(location.query)
    return query["preview"][0], int(query["page"][0])


def preview(page_id: int, token: str):
    return Client().get(f"/api/v3/preview/pages/{page_id}/", {"token": token})


def edit_form(page, **changes) -> dict:
    values = {"title": page.title, "slug": page.slug, "intro": page.intro,
              "body": streamfield([("paragraph", rich_text("<p>Текст</p>"))]), "seo_title": "",
              "search_description": "", "go_live_at": "", "expire_at": ""}
    values.update(changes)
    return nested_form_data(values)


def test_without_a_front_end_the_admin_previews_as_before(editor_client, page):
    response = editor_client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200 and "Про місто" in response.content.decode()


@override_settings(FRONTEND_BASE_URL=FRONT)
def test_the_preview_panel_opens_the_front_end_with_the_unsaved_form(editor_client, page):
    url = f"/admin/pages/{page.pk}/edit/preview/"
    assert editor_client.post(url, edit_form(page, title="Про наше місто", intro="Ще не збережено.")).json() == \
        {"is_valid": True, "is_available": True}

    token, page_id = token_from(editor_client.get(url, {"in_preview_panel": "true"}))

    assert page_id == page.pk
    response = preview(page.pk, token)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    draft = response.json()
    assert (draft["title"], draft["intro"], draft["meta"]["type"]) == ("Про наше місто", "Ще не збережено.",
                                                                       "home.StandardPage")
    assert draft["body"][0]["type"] == "paragraph"
    assert Client().get(f"/api/v3/pages/{page.pk}/").json()["title"] == "Про місто"  # the public still sees this


@override_settings(FRONTEND_BASE_URL=FRONT)
def test_view_draft_and_a_revision_from_the_history(editor_client, page):
    first = page.save_revision()
    page.title = "Чернетка"
    latest = page.save_revision()

    token, _page_id = token_from(editor_client.get(f"/admin/pages/{page.pk}/view_draft/"))
    assert preview(page.pk, token).json()["title"] == "Чернетка"

    token, _page_id = token_from(editor_client.get(f"/admin/pages/{page.pk}/revisions/{first.pk}/view/"))
    assert preview(page.pk, token).json()["title"] == "Про місто"
    assert latest.pk != first.pk


@override_settings(FRONTEND_BASE_URL=FRONT)
def test_a_token_for_another_page_an_altered_or_an_expired_one_is_refused(editor_client, page, home_page,
                                                                          monkeypatch):
    other = StandardPageFactory(parent=home_page, title="Контакти", slug="kontakty")
    token, _page_id = token_from(editor_client.get(f"/admin/pages/{page.pk}/view_draft/"))

    refused = preview(other.pk, token)
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "preview_token_other_page"
    assert refused.json()["detail"] == "Це посилання на попередній перегляд іншої сторінки."
    assert "Про місто" not in refused.content.decode()

    altered = re.sub(r"[A-Za-z0-9]$", lambda match: "A" if match.group() != "A" else "B", token)
    assert preview(page.pk, altered).json()["code"] == "preview_token_invalid"
    assert preview(page.pk, "not-a-token").json()["code"] == "preview_token_invalid"
    forged = signing.dumps({"page": page.pk, "revision": None}, salt="another purpose")
    assert preview(page.pk, forged).json()["code"] == "preview_token_invalid"

    later = time.time() + 601
    monkeypatch.setattr(signing.time, "time", lambda: later)
    expired = preview(page.pk, token)
    assert (expired.status_code, expired.json()["code"]) == (403, "preview_token_expired")


def test_without_a_token_or_for_a_missing_page(client, page):
    missing = client.get(f"/api/v3/preview/pages/{page.pk}/")
    assert missing.status_code == 400 and missing.json()["code"] == "invalid_query"
    from cms.preview import preview_token_create

    token = preview_token_create(page=page)
    page.delete()
    gone = client.get(f"/api/v3/preview/pages/{page.pk}/", {"token": token})
    assert (gone.status_code, gone.json()["code"]) == (410, "preview_gone")


@override_settings(FRONTEND_BASE_URL=FRONT)
def test_only_editors_of_the_page_get_a_token(client, page, resident):
    login_with_mfa(client, resident)
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 302 and not response.url.startswith(FRONT)
