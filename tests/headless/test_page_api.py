"""Every page type of the demo city through /api/v3/pages/{id}/ and its module's detail, checked against the
published OpenAPI schema: what a separate front end builds pages from."""
import re

import pytest
from jsonschema import Draft202012Validator
from wagtail.models import Page, get_page_models

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_city")]

# The module router's detail of each page type that has one (docs/api.md).
MODULE_DETAIL = {
    "home.NewsPage": "/api/v3/home/news/{id}/",
    "home.EventPage": "/api/v3/home/events/{id}/",
    "home.StandardPage": "/api/v3/home/pages/{id}/",
    "council.SessionPage": "/api/v3/council/sessions/{id}/",
    "council.DraftDecisionPage": "/api/v3/council/drafts/{id}/",
    "council.DecisionPage": "/api/v3/council/decisions/{id}/",
    "council.DeputyPage": "/api/v3/council/deputies/{id}/",
    "consultations.ConsultationPage": "/api/v3/participation/consultations/{id}/",
    "regulatory.RegulatoryActPage": "/api/v3/participation/regulatory-acts/{id}/",
}


def response_validator(openapi: dict, template: str) -> Draft202012Validator:
    """The JSON Schema the OpenAPI document promises for a 200 answer of GET ``template``."""
    path = re.sub(r"\{id\}", "{" + _parameter(openapi, template) + "}", template)
    schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return Draft202012Validator({**schema, "components": openapi["components"]})


def _parameter(openapi: dict, template: str) -> str:
    pattern = re.compile("^" + re.escape(template).replace(r"\{id\}", r"\{(\w+)\}") + "$")
    for path in openapi["paths"]:
        match = pattern.match(path)
        if match:
            return match.group(1)
    raise AssertionError(f"{template} is not in the OpenAPI document")


def errors_of(validator, document) -> list[str]:
    found = []
    for error in validator.iter_errors(document):
        deepest = max(error.context or [error], key=lambda suberror: len(suberror.absolute_path))
        found.append(f"{'/'.join(map(str, deepest.absolute_path))}: {deepest.message[:300]}")
    return found[:5]


def demo_pages() -> dict[str, Page]:
    """One live page of each type in the demo (the one with the most content: the latest of its type)."""
    pages = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        pages[page._meta.label] = page
    return pages


def test_the_demo_has_a_page_of_every_page_type():
    missing = {model._meta.label for model in get_page_models() if model is not Page} - set(demo_pages())
    assert not missing, f"seed_demo creates no page of {sorted(missing)}: the walk below would not check them"


def test_every_page_type_validates_against_the_openapi_schema(client, openapi):
    pages_detail = response_validator(openapi, "/api/v3/pages/{id}/")
    checked = []
    for label, page in demo_pages().items():
        response = client.get(f"/api/v3/pages/{page.pk}/")
        assert response.status_code == 200, (label, response.content[:500])
        document = response.json()
        assert document["meta"]["type"] == label
        # The answer fits the detail's union, and (for a readable failure) its own member of it.
        own = Draft202012Validator({"$ref": f"#/components/schemas/{type(page).__name__}Schema",
                                    "components": openapi["components"]})
        assert not errors_of(own, document), (label, errors_of(own, document))
        assert pages_detail.is_valid(document), label
        if label in MODULE_DETAIL:
            url = MODULE_DETAIL[label].format(id=page.pk)
            module_response = client.get(url)
            assert module_response.status_code == 200, (url, module_response.content[:500])
            validator = response_validator(openapi, MODULE_DETAIL[label])
            problems = errors_of(validator, module_response.json())
            assert not problems, (url, problems)
            assert module_response.json()["id"] == page.pk
        checked.append(label)
    assert len(checked) >= 20


def test_a_deputy_carries_faction_district_and_photo_by_id_and_address(client):
    from sessions.models import DeputyPage

    deputy = DeputyPage.objects.live().filter(faction__isnull=False, district__isnull=False,
                                              photo__isnull=False).first() or \
        DeputyPage.objects.live().filter(faction__isnull=False, district__isnull=False).first()
    document = client.get(f"/api/v3/pages/{deputy.pk}/").json()

    assert document["faction"] == {"id": deputy.faction_id, "type": "council.Faction", "name": deputy.faction.name,
                                   "slug": deputy.faction.slug, "url": None}
    assert document["district"]["id"] == deputy.district_id and document["district"]["type"] == \
        "council.ElectoralDistrict"
    if deputy.photo_id:
        assert document["photo"]["alt"] == deputy.full_name
        assert document["photo"]["renditions"]["thumbnail"]["url"].startswith("http://testserver/media/")


def test_a_news_article_carries_its_image_categories_tags_and_typed_body(client):
    from home.models import NewsPage

    article = NewsPage.objects.live().filter(main_image__isnull=False).first()
    document = client.get(f"/api/v3/pages/{article.pk}/").json()

    assert document["image"]["alt"] == article.image_alt
    assert set(document["image"]["renditions"]) == {"thumbnail", "large"}
    assert [category["name"] for category in document["categories"]] == \
        [category.name for category in article.categories.all()]
    assert document["tags"] == [tag.name for tag in article.tags.all()]
    assert document["body"] and all({"type", "value", "id"} <= set(block) for block in document["body"])


def test_a_session_carries_its_stream_recording_agenda_and_documents(client):
    from sessions.models import SessionPage

    session = SessionPage.objects.live().exclude(recording_url="").filter(agenda_items__isnull=False).first()
    document = client.get(f"/api/v3/pages/{session.pk}/").json()

    assert document["recording_url"] == session.recording_url
    assert document["recording_embed_url"] == session.recording_embed_url
    assert [item["title"] for item in document["agenda_items"]] == [item.title for item in session.agenda_items.all()]
    assert document["convocation"]["name"] == str(session.convocation)


def test_stream_blocks_are_typed_one_schema_per_block_in_the_openapi(openapi):
    schemas = openapi["components"]["schemas"]
    body = schemas["NewsPageSchema"]["properties"]["body"]
    item = body["items"]
    assert "oneOf" in item and item["discriminator"]["propertyName"] == "type"
    kinds = {schemas[ref["$ref"].rsplit("/", 1)[1]]["properties"]["type"]["const"] for ref in item["oneOf"]}
    assert {"heading", "paragraph", "image", "documents", "table", "accordion", "contact", "video"} <= kinds
