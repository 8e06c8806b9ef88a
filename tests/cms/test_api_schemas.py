"""Wagtail's editor writes through /api/v3/ build their schemas on first use (cms.api_schemas) and still answer as
Wagtail's API does: validated input, the page in the read schema's shape."""
import pytest
from wagtail.models import APIToken

from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_headers(db):
    editor = UserFactory(is_staff=True, is_superuser=True)
    _token, key = APIToken.create_token(user=editor, name="editor")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_an_editor_updates_and_publishes_a_page_through_the_api(client, news_index, editor_headers):
    article = NewsPageFactory(parent=news_index, title="Стара назва")

    response = client.patch(f"/api/v3/pages/{article.pk}/", {"title": "Нова назва"}, content_type="application/json",
                            **editor_headers)
    assert response.status_code == 200, response.content
    assert response.json()["meta"]["type"] == "home.NewsPage"
    assert response.json()["title"] == "Нова назва"

    response = client.post(f"/api/v3/pages/{article.pk}/actions/publish/", **editor_headers)
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert article.title == "Нова назва"


def test_a_write_with_bad_input_is_refused_with_the_problem_document(client, news_index, editor_headers):
    article = NewsPageFactory(parent=news_index, title="Назва")

    response = client.patch(f"/api/v3/pages/{article.pk}/", {"title": ["не рядок"]}, content_type="application/json",
                            **editor_headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    article.refresh_from_db()
    assert article.title == "Назва"
