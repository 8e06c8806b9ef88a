"""The OpenAPI document tells the truth: no two schemas share a component name (one would overwrite the other),
and real responses validate against the schemas the document gives for them."""
import io
from collections import defaultdict

import jsonschema_rs
import pydantic
import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage

pytestmark = pytest.mark.django_db
WAGTAIL_AND_LIBRARIES = ("wagtail.", "ninja.", "pydantic", "abc")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.fixture
def document(client):
    return client.get("/api/v3/openapi.json").json()


def test_no_two_schemas_share_a_component_name(document):
    names = set(document["components"]["schemas"])
    classes = defaultdict(set)
    for cls in set(_subclasses(pydantic.BaseModel)):
        if cls.__name__ in names and cls.__name__ != "Input":  # paging inputs become query parameters, not $refs
            classes[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    ours = {name: found for name, found in classes.items()
            if any(not path.startswith(WAGTAIL_AND_LIBRARIES) for path in found)}
    clashes = {name: sorted(found) for name, found in ours.items() if len(found) > 1}
    assert not clashes, f"rename one of each: {clashes}"


def _validate(document, path, response, *, status="200"):
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    validator = jsonschema_rs.validator_for({**schema, "components": document["components"]})
    errors = [str(error).splitlines()[0] for error in validator.iter_errors(response.json())]
    assert not errors, f"{path}: {errors[:3]}"


def test_the_images_list_and_detail_validate_against_their_schema(client, document, home_page):
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PillowImage.new("RGB", (20, 10)).save(buffer, "PNG")
    image = Image.objects.create(title="Площа", file=ImageFile(buffer, name="ploshcha.png"))
    _validate(document, "/api/v3/images/", client.get("/api/v3/images/"))
    _validate(document, "/api/v3/images/{image_id}/", client.get(f"/api/v3/images/{image.pk}/"))


def test_news_with_an_image_validates_against_its_schema(client, document, news_index):
    from tests.factories import ImageFactory, NewsPageFactory

    NewsPageFactory(parent=news_index, title="Новина з фото", main_image=ImageFactory())
    _validate(document, "/api/v3/home/news/", client.get("/api/v3/home/news/"))


def test_a_consultation_report_and_a_comment_report_keep_their_own_schemas(document):
    schemas = document["components"]["schemas"]
    assert set(schemas["ConsultationReportOut"]["properties"]) >= {"proposals"}
    assert set(schemas["CommentReportOut"]["properties"]) == {"id", "comment_id", "reason"}
    consultation_proposal = set(schemas["ConsultationReportProposalOut"]["properties"])
    regulatory_proposal = set(schemas["RegulatoryProposalOut"]["properties"])
    assert consultation_proposal != regulatory_proposal
