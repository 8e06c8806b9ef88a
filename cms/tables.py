"""Reading uploaded tables (CSV in UTF-8 with or without BOM or Windows-1251; XLSX) into tablib datasets: one
reader for every import of the portal (council registers, the city directory)."""
import io
import re

import tablib
from django.utils.translation import gettext as _

# Letters Windows-1251 has for Serbian and Macedonian and signs no Ukrainian file carries: when they show up,
# the bytes were in another encoding (KOI8-U, Mac Cyrillic, CP866) and decoding "succeeded" by accident.
_NOT_UKRAINIAN = re.compile("[ЂЃѓЉЊЌЋЏђљњќћџ€‰‹›™†‡ˆ¤¦§¶µ]")
_CYRILLIC = re.compile("[а-яА-ЯіїєґІЇЄҐ]")


class TableError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def decode_csv(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or Windows-1251; anything else is refused with a clear message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4000]:
        raise TableError(_("The file is in UTF-16: save it as CSV in UTF-8 (or Windows-1251) and upload it again."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        text = None
    letters = _CYRILLIC.findall(text or "")
    lowercase = sum(1 for letter in letters if letter.islower())
    # Ukrainian text is mostly lower case; KOI8-U read as Windows-1251 turns it into capitals.
    if text is None or _NOT_UKRAINIAN.search(text) or (letters and lowercase < len(letters) / 2):
        raise TableError(_("The file's encoding is not UTF-8 or Windows-1251: save it as CSV in UTF-8 and upload "
                           "it again."))
    return text


def read_table(data: bytes, filename: str) -> tablib.Dataset:
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        try:
            return tablib.Dataset().load(io.BytesIO(data), format="xlsx")
        except Exception:  # openpyxl raises many kinds for a broken or renamed file
            raise TableError(_("The XLSX file cannot be read: save it again from the spreadsheet program."))
    if not name.endswith(".csv"):
        raise TableError(_("Upload a CSV or XLSX file."))
    text = decode_csv(data)
    if not text.strip():
        raise TableError(_("The file is empty."))
    try:
        dataset = tablib.Dataset().load(text, format="csv")
    except Exception:
        raise TableError(_("The CSV file cannot be read: check the separators and quotes."))
    dataset.headers = [(header or "").strip() for header in dataset.headers or []]
    return dataset
