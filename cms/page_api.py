"""What Wagtail's pages API (/api/v3/pages/{id}/) says about a page, typed in the OpenAPI schema.

Pages list their data in ``api_fields``; this module gives them the shapes a front end needs and the schema
generator the types to describe them:

- ``api_value(name, schema, resolve)``: an ``api_fields`` entry computed from the page (images with renditions and
  alt text, documents with their address, related objects by id and address) and typed as ``schema``;
- StreamFields typed block by block (``{"type": "heading", "value": {...}, "id": "…"}`` with one schema per block
  type, discriminated by ``type``) instead of ``list[Any]``, with images, documents and pages expanded and rich
  text links resolved, installed by ``install()`` from the kernel's AppConfig before the API builds its schemas.
"""
import datetime
import logging
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

from django.conf import settings
from ninja import Schema
from pydantic import Field, create_model
from rest_framework.fields import Field as SerializerField
from wagtail import blocks
from wagtail.api import APIField
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import RichText, expand_db_html
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.visibility import current_request, restricted_paths

logger = logging.getLogger(__name__)

IMAGE_RENDITIONS = {"thumbnail": "fill-400x250", "large": "width-1200"}


def absolute(url: str | None) -> str | None:
    """An address the front end can fetch from another origin: the requested host, else the portal's address."""
    if not url:
        return None
    if "://" in url:
        return url
    request = current_request()
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


class RenditionValue(Schema):
    url: str
    width: int
    height: int


class ImageValue(Schema):
    id: int
    title: str
    alt: str
    width: int
    height: int
    renditions: dict[str, RenditionValue]


class DocumentValue(Schema):
    id: int
    title: str
    url: str
    file_extension: str


class PageLink(Schema):
    id: int
    title: str
    type: str
    url: str | None
    api_url: str


class ObjectRef(Schema):
    id: int
    type: str
    name: str
    slug: str | None = None
    url: str | None = None


class EmbedValue(Schema):
    url: str


def image_value(image, alt: str = "") -> dict | None:
    if image is None:
        return None
    renditions = {}
    for name, spec in IMAGE_RENDITIONS.items():
        try:
            rendition = image.get_rendition(spec)
        except SourceImageIOError:  # a lost file must not break the page
            logger.warning("Image %s has no source file; left out of the API response", image.pk)
            return None
        renditions[name] = {"url": absolute(rendition.url), "width": rendition.width, "height": rendition.height}
    alt_text = alt or getattr(image, "contextual_alt_text", None) or getattr(image, "default_alt_text", "") or ""
    return {"id": image.pk, "title": image.title, "alt": alt_text, "width": image.width, "height": image.height,
            "renditions": renditions}


def document_value(document, title: str = "") -> dict | None:
    if document is None:
        return None
    return {"id": document.pk, "title": title or document.title, "url": absolute(document.url),
            "file_extension": document.file_extension}


def page_ref(page) -> dict | None:
    if page is None:
        return None
    specific_class = page.specific_class or type(page)
    return {"id": page.pk, "title": page.title, "type": specific_class._meta.label,
            "url": absolute(page.get_url(current_request())), "api_url": absolute(f"/api/v3/pages/{page.pk}/")}


def object_ref(obj, *, name: str = "", url: str | None = None) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "type": obj._meta.label, "name": name or str(obj), "slug": getattr(obj, "slug", None),
            "url": absolute(url)}


def rich_text_html(value) -> str:
    """Rich text as HTML with page and document links and embedded images resolved to their public addresses."""
    source = value.source if isinstance(value, RichText) else (value or "")
    return expand_db_html(source)


# api_fields typed by a schema -----------------------------------------------------------------------------------

class _WholePage(SerializerField):
    """Wagtail's v3 API types an ``APIField(serializer=...)`` from the return annotation of its
    ``to_representation``: the only hook it offers for a computed, typed field."""

    def __init__(self):
        super().__init__(source="*", read_only=True)


def api_value(name: str, schema: Any, resolve: Callable[[Any], Any]) -> APIField:
    """An ``api_fields`` entry: ``resolve(page)`` gives the value, ``schema`` is its type in the OpenAPI."""

    def to_representation(self, page):
        return resolve(page)

    to_representation.__annotations__ = {"return": schema}
    serializer_class = type(f"{name.title().replace('_', '')}APIValue", (_WholePage,),
                            {"to_representation": to_representation})
    return APIField(name, serializer=serializer_class())


# StreamField blocks typed ---------------------------------------------------------------------------------------

_models: dict[Any, Any] = {}
GENERIC_BLOCKS = (blocks.StreamBlock, blocks.StructBlock, blocks.ListBlock)


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def _key(block, hint: str) -> tuple[Any, str]:
    # A block subclass declares its children on the class: one schema for every use. A plain StreamBlock or
    # StructBlock built from a list is named after where it is used.
    return (type(block), "") if type(block) not in GENERIC_BLOCKS else (type(block), hint)


def block_schema(block, hint: str) -> Any:
    """The type of ``block``'s API value."""
    if isinstance(block, blocks.StreamBlock):
        return list[_stream_item_schema(block, hint)]
    if isinstance(block, ImageBlock):
        return ImageValue | None
    if isinstance(block, blocks.StructBlock):
        return _struct_schema(block, hint)
    if isinstance(block, blocks.ListBlock):
        return list[block_schema(block.child_block, hint + "Item")]
    if isinstance(block, ImageChooserBlock):
        return ImageValue | None
    if isinstance(block, DocumentChooserBlock):
        return DocumentValue | None
    if isinstance(block, blocks.PageChooserBlock):
        return PageLink | None
    if isinstance(block, SnippetChooserBlock):
        return ObjectRef | None
    if isinstance(block, EmbedBlock):
        return EmbedValue | None
    if isinstance(block, TableBlock):
        return dict[str, Any] | None
    if isinstance(block, blocks.BooleanBlock):
        return bool
    if isinstance(block, blocks.IntegerBlock):
        return int | None
    if isinstance(block, (blocks.FloatBlock, blocks.DecimalBlock)):
        return float | None
    if isinstance(block, blocks.DateTimeBlock):
        return datetime.datetime | None
    if isinstance(block, blocks.DateBlock):
        return datetime.date | None
    if isinstance(block, blocks.TimeBlock):
        return datetime.time | None
    if isinstance(block, blocks.StaticBlock):
        return None
    if isinstance(block, (blocks.FieldBlock, blocks.RichTextBlock)):
        return str | None
    return Any


def _struct_schema(block, hint: str):
    key = _key(block, hint)
    if key not in _models:
        name = _camel(type(block).__name__ if not key[1] else hint)
        fields = {child_name: (block_schema(child, name + _camel(child_name)), None)
                  for child_name, child in block.child_blocks.items()}
        _models[key] = create_model(name if name.endswith("Block") else name + "Block", __base__=Schema, **fields)
    return _models[key]


def _stream_item_schema(block, hint: str):
    key = _key(block, hint)
    if key not in _models:
        prefix = _camel(type(block).__name__ if not key[1] else hint)
        members = []
        for child_name, child in block.child_blocks.items():
            value_type = block_schema(child, prefix + _camel(child_name))
            members.append(create_model(
                f"{prefix}{_camel(child_name)}Item", __base__=Schema,
                type=(Literal[child_name], ...), value=(value_type, None), id=(str | None, None)))
        union = Union[tuple(members)] if len(members) > 1 else members[0]  # noqa: UP007 (built at run time)
        _models[key] = Annotated[union, Field(discriminator="type")] if len(members) > 1 else union
    return _models[key]


def block_value(block, value) -> Any:
    """``value`` of ``block`` in the shape ``block_schema`` describes."""
    if isinstance(block, blocks.StreamBlock):
        return [{"type": child.block_type, "value": block_value(child.block, child.value), "id": child.id}
                for child in (value or [])]
    if isinstance(block, ImageBlock):
        return image_value(value, getattr(value, "contextual_alt_text", "") if value else "")
    if isinstance(block, blocks.StructBlock):
        return {name: block_value(child, value.get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        return [block_value(block.child_block, item) for item in (value or [])]
    if isinstance(block, ImageChooserBlock):
        return image_value(value)
    if isinstance(block, DocumentChooserBlock):
        return document_value(value)
    if isinstance(block, blocks.PageChooserBlock):
        return page_ref(value.specific if value is not None else None)
    if isinstance(block, SnippetChooserBlock):
        return object_ref(value)
    if isinstance(block, EmbedBlock):
        return {"url": value.url} if value else None
    if isinstance(block, blocks.RichTextBlock):
        return rich_text_html(value)
    if isinstance(block, blocks.StaticBlock):
        return None
    return block.get_api_representation(value)


def _typed_streamfield(generator, field: StreamField):
    field_name = field.name
    schema = block_schema(field.stream_block, f"{field.model.__name__}{_camel(field_name)}")

    def resolve(obj, context):
        return block_value(field.stream_block, getattr(obj, field_name))

    return schema, [], staticmethod(resolve)


def install() -> None:
    """Teach the v3 schema generator the typed StreamField (before the pages API builds its schemas)."""
    from wagtail.api.v3.schemas.generators.read import read_generator

    read_generator.register_field_schema(StreamField, _typed_streamfield)


# Shorthands for the usual api_fields ----------------------------------------------------------------------------

def _attr(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part) if obj is not None else None
    return obj


def image_field(name: str, attr: str, alt_attr: str) -> APIField:
    """An image with its renditions and the editor's description as alt text."""
    return api_value(name, ImageValue | None, lambda page: image_value(_attr(page, attr), _attr(page, alt_attr) or ""))


def document_field(name: str, attr: str | None = None) -> APIField:
    return api_value(name, DocumentValue | None, lambda page: document_value(_attr(page, attr or name)))


def documents_field(name: str, relation: str, *, title: str = "title", document: str = "document") -> APIField:
    """An inline list of documents (an Orderable with a title and a document) in the editor's order."""
    return api_value(name, list[DocumentValue], lambda page: [
        document_value(getattr(row, document), getattr(row, title) or "") for row in getattr(page, relation).all()
        if getattr(row, document) is not None])


def public_page_ref(page) -> dict | None:
    """A link to another page, only while the public may see it (a draft or private page is not mentioned)."""
    if page is None or not page.live or any(page.path.startswith(path) for path in restricted_paths()):
        return None
    return page_ref(page)


def page_field(name: str, attr: str | None = None) -> APIField:
    return api_value(name, PageLink | None, lambda page: public_page_ref(_attr(page, attr or name)))


def pages_field(name: str, relation: str | None = None) -> APIField:
    return api_value(name, list[PageLink], lambda page: [
        ref for ref in (public_page_ref(other) for other in getattr(page, relation or name).all()) if ref])


def snippet_field(name: str, attr: str | None = None, *, url: Callable[[Any], str | None] | None = None) -> APIField:
    """A snippet (faction, district, category...) by id, type and name."""
    return api_value(name, ObjectRef | None, lambda page: object_ref(
        _attr(page, attr or name), url=url(page) if url and _attr(page, attr or name) else None))


def label_field(name: str, field: str) -> APIField:
    """The human label of a choice field (e.g. a status) in the language of the request, as the page shows it."""
    return api_value(name, str, lambda page: str(getattr(page, f"get_{field}_display")()))
