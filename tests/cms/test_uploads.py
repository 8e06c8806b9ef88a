"""File types are checked by parsing the file (cms.uploads.check_upload), never by the first bytes."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cms.uploads import RandomName, UploadRejected, check_upload
from tests.factories.files import HTML_WITH_PDF_HEADER, docx_bytes, image_bytes, odt_bytes, pdf_bytes

ALL = {"pdf", "png", "jpeg", "docx", "odt"}


@pytest.mark.parametrize("name,content,kind", [
    ("zayava.pdf", pdf_bytes(), "pdf"), ("foto.png", image_bytes("PNG"), "png"),
    ("foto.JPG", image_bytes("JPEG"), "jpeg"), ("lyst.docx", docx_bytes(), "docx"), ("lyst.odt", odt_bytes(), "odt"),
])
def test_real_files_of_each_kind_are_accepted(name, content, kind):
    upload = SimpleUploadedFile(name, content)
    assert check_upload(upload, allowed=ALL) == kind
    assert upload.tell() == 0  # left ready to be saved


@pytest.mark.parametrize("name,content", [
    ("zayava.pdf", HTML_WITH_PDF_HEADER),
    ("zayava.pdf", b"%PDF-1.4\n" + b"0" * 100),
    ("foto.png", b"\x89PNG\r\n\x1a\n<html></html>"),
    ("foto.jpg", b"\xff\xd8\xff\xe0<script>alert(1)</script>"),
    ("foto.png", image_bytes("JPEG")),  # a JPEG named .png
    ("lyst.docx", odt_bytes()),  # a zip, but not a Word document
    ("lyst.odt", docx_bytes()),
    ("lyst.docx", b"PK\x03\x04<html>"),
])
def test_impostors_with_the_right_first_bytes_are_refused(name, content):
    with pytest.raises(UploadRejected) as refused:
        check_upload(SimpleUploadedFile(name, content), allowed=ALL)
    assert refused.value.code == "attachment_content"


def test_the_refusal_is_in_ukrainian_and_names_the_file():
    with translation.override("uk"), pytest.raises(UploadRejected) as refused:
        check_upload(SimpleUploadedFile("zayava.pdf", HTML_WITH_PDF_HEADER), allowed=ALL)
    assert "«zayava.pdf» не є справжнім файлом PDF" in refused.value.message


def test_kinds_not_allowed_are_refused_by_type():
    with pytest.raises(UploadRejected) as refused:
        check_upload(SimpleUploadedFile("run.exe", b"MZ\x90\x00"), allowed=ALL)
    assert refused.value.code == "attachment_type"
    with pytest.raises(UploadRejected):
        check_upload(SimpleUploadedFile("foto.png", image_bytes("PNG")), allowed={"pdf"})


def test_stored_names_are_random_and_keep_only_the_extension():
    names = {RandomName("petitions")(None, "Прізвище Імʼя — заява.PDF") for _ in range(3)}
    assert len(names) == 3
    assert all(name.startswith("petitions/") and name.endswith(".pdf") and "заява" not in name for name in names)
