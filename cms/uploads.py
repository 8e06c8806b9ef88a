"""Residents' uploads for any module: file types checked by parsing the file, private storage with random names,
and one permission-checked download view.

- ``check_upload(upload, allowed=...)`` opens the file with a library that reads the format (pypdf for PDF,
  Pillow for images, the ZIP structure and manifest for DOCX and ODT). The first bytes prove nothing: an HTML
  page that begins with ``%PDF-`` is refused.
- ``PrivateFileField(prefix=...)`` stores in the ``private`` storage (outside MEDIA_ROOT, never served by the web
  server or the bucket's public address) under a random name, so a file cannot be guessed from its uploader's
  name or the date.
- A model with such a field registers itself with ``register_private_files`` and declares its visibility rule
  (``visible_queryset(viewer)``, cms.object_visibility); ``/faily/<app.model>/<id>/`` then serves the file to
  exactly those who may see the object and answers 404 to everyone else. A petition's attachments thus follow
  the petition: the author sees a draft's, moderators those of a petition in moderation, everyone a public one's.
"""
import os
import uuid
import zipfile
from dataclasses import dataclass

from django.core.files.storage import storages
from django.db import models
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .object_visibility import visible_object

# kind -> (extensions it may have, content type it is served as)
FILE_KINDS = {
    "pdf": ({"pdf"}, "application/pdf"),
    "png": ({"png"}, "image/png"),
    "jpeg": ({"jpg", "jpeg"}, "image/jpeg"),
    "webp": ({"webp"}, "image/webp"),
    "docx": ({"docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": ({"odt"}, "application/vnd.oasis.opendocument.text"),
}
KIND_LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "webp": "WebP", "docx": "DOCX", "odt": "ODT"}
MAX_IMAGE_PIXELS = 50_000_000


class UploadRejected(Exception):
    """A file refused for its type; ``message`` is for people (Ukrainian), ``code`` for API clients."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, str(message)


def _is_pdf(handle) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(handle, strict=True)
        return len(reader.pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        return False


def _image_format(handle) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(handle) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return None
            image.verify()  # reads the whole file: a valid header on a broken or foreign body fails here
            return (image.format or "").lower()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


def _zip_names(handle) -> tuple[list[str], zipfile.ZipFile] | tuple[None, None]:
    try:
        archive = zipfile.ZipFile(handle)
        if archive.testzip() is not None:
            return None, None
        return archive.namelist(), archive
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None, None


def _is_docx(handle) -> bool:
    names, _archive = _zip_names(handle)
    return bool(names) and "[Content_Types].xml" in names and "word/document.xml" in names


def _is_odt(handle) -> bool:
    names, archive = _zip_names(handle)
    if not names or names[0] != "mimetype":
        return False
    return archive.read("mimetype").strip() == FILE_KINDS["odt"][1].encode()


def _parses_as(kind: str, handle) -> bool:
    if kind == "pdf":
        return _is_pdf(handle)
    if kind in {"png", "jpeg", "webp"}:
        return _image_format(handle) == kind
    if kind == "docx":
        return _is_docx(handle)
    if kind == "odt":
        return _is_odt(handle)
    return False


def kind_for_name(name: str) -> str | None:
    extension = os.path.splitext(name or "")[1].lower().lstrip(".")
    return next((kind for kind, (extensions, _type) in FILE_KINDS.items() if extension in extensions), None)


def check_upload(upload, *, allowed: set[str]) -> str:
    """The kind of ``upload`` ("pdf", "png", ...) after reading it as that kind; ``UploadRejected`` otherwise."""
    name = (upload.name or "")[:100]
    labels = ", ".join(KIND_LABELS[kind] for kind in FILE_KINDS if kind in allowed)
    kind = kind_for_name(upload.name)
    if kind not in allowed:
        raise UploadRejected("attachment_type", _(
            "«%(name)s» cannot be attached: only %(kinds)s files are accepted.") % {"name": name, "kinds": labels})
    upload.seek(0)
    try:
        ok = _parses_as(kind, upload)
    finally:
        upload.seek(0)
    if not ok:
        raise UploadRejected("attachment_content", _(
            "«%(name)s» is not a real %(kind)s file: its contents could not be read as %(kind)s. "
            "Save it again as %(kind)s and attach it.") % {"name": name, "kind": KIND_LABELS[kind]})
    return kind


def private_storage():
    """The storage of files that are not public (STORAGES["private"]): outside MEDIA_ROOT or a private bucket."""
    return storages["private"]


@deconstructible
class RandomName:
    """``upload_to`` giving ``<prefix>/<random>.<extension>``: nothing of the uploader's name or the date."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = os.path.splitext(filename or "")[1].lower()[:10]
        return f"{self.prefix}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix


class PrivateFileField(models.FileField):
    """A FileField in private storage under a random name; serve it with ``private_file_url``."""

    def __init__(self, *args, prefix: str = "private", **kwargs):
        kwargs.setdefault("storage", private_storage)
        kwargs.setdefault("upload_to", RandomName(prefix))
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class PrivateFiles:
    model: type
    field: str
    name_field: str | None


_REGISTRY: dict[str, PrivateFiles] = {}


def register_private_files(model=None, *, field: str = "file", name_field: str | None = "name"):
    """Class decorator: the model's ``field`` is downloadable at /faily/<app.model>/<id>/ by its visibility rule."""

    def register(cls):
        _REGISTRY[cls._meta.label_lower] = PrivateFiles(cls, field, name_field)
        return cls

    return register(model) if model is not None else register


def private_file_url(instance) -> str:
    from django.urls import reverse

    return reverse("private_file", args=[instance._meta.label_lower, instance.pk])


@require_GET
def private_file(request, label: str, pk: str):
    """Streams a private file to someone its object's visibility rule lets see it; 404 for everyone else."""
    entry = _REGISTRY.get(label)
    if entry is None:
        raise Http404
    instance = visible_object(entry.model, pk, viewer=request.user)
    stored = getattr(instance, entry.field, None) if instance is not None else None
    if not stored:
        raise Http404
    try:
        handle = stored.storage.open(stored.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404
    kind = kind_for_name(stored.name)
    filename = getattr(instance, entry.name_field, "") if entry.name_field else ""
    response = FileResponse(handle, as_attachment=True, filename=filename or os.path.basename(stored.name),
                            content_type=FILE_KINDS[kind][1] if kind else "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
