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


def test_an_editor_reads_a_pages_revisions_through_the_api(client, news_index, editor_headers):
    # Their schemas are built on first use, not before the fork (cms.api_schemas.EDITOR_READS).
    article = NewsPageFactory(parent=news_index, title="Перша назва")
    article.title = "Чернетка"
    revision = article.save_revision()

    response = client.get(f"/api/v3/pages/{article.pk}/revisions/", **editor_headers)
    assert response.status_code == 200, response.content
    assert revision.pk in [item["id"] for item in response.json()["items"]]
    response = client.get(f"/api/v3/pages/{article.pk}/revisions/{revision.pk}/", **editor_headers)
    assert response.status_code == 200, response.content
    assert (response.json()["id"], response.json()["object_str"]) == (revision.pk, "Чернетка")

    assert client.get(f"/api/v3/pages/{article.pk}/revisions/").status_code in {401, 403}  # a visitor has no token


def _built_schema_classes() -> set:
    from pydantic import BaseModel

    found, pending = set(), [BaseModel]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__dict__.get("__pydantic_complete__"):
                found.add(subclass)
    return found


def test_a_visitors_api_requests_build_no_schema_of_their_own(client, news_index):
    """What gunicorn's master builds (cms.api_schemas.build_visitor_schemas: the models answers are validated with,
    not their parts) is all a worker needs for a visitor's reads: nothing is built per worker on first use."""
    from cms.api import api
    from cms.api_schemas import build_visitor_schemas

    article = NewsPageFactory(parent=news_index, title="Новина для схем")
    build_visitor_schemas(api)
    built_before = _built_schema_classes()

    for path in (f"/api/v3/pages/{article.pk}/", "/api/v3/pages/?type=home.NewsPage&limit=5",
                 f"/api/v3/pages/?child_of={news_index.pk}", "/api/v3/home/news/?limit=5", "/api/v3/petitions/",
                 "/api/v3/directory/objects/", "/api/v3/images/"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
    response = client.get("/api/v3/pages/find/", {"html_path": article.url})
    assert response.status_code == 302

    assert {model.__qualname__ for model in _built_schema_classes() - built_before} == set()
