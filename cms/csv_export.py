"""The one formula-safe writer for every CSV and XLSX file the portal hands out (open data, admin exports).

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a
formula, so a resident named ``=HYPERLINK(...)`` would become a live link in the signatures file. Following
OWASP's CSV-injection advice such a text cell gets a leading apostrophe, which spreadsheets read as "this is
text"; a cell that is a plain number (``-12``, ``+3.5``, ``-1,25``) is left alone, so open data keeps its values.
JSON is not a spreadsheet format and is never changed."""
import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as spreadsheets read it (sign, digits, one decimal point or comma, exponent); nothing else.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
BOM = "\ufeff"  # lets spreadsheet programs read the Cyrillic text as UTF-8


def safe_cell(value):
    """The value as a spreadsheet may hold it: text that would start a formula is prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row):
    """A dict or sequence row with every cell made safe."""
    if isinstance(row, Mapping):
        return {key: safe_cell(value) for key, value in row.items()}
    return [safe_cell(value) for value in row]


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose rows pass through ``safe_row``."""

    def writerow(self, rowdict):
        return super().writerow(safe_row(rowdict))

    def writerows(self, rowdicts):
        return super().writerows(safe_row(row) for row in rowdicts)


class _Echo:
    def write(self, value):
        return value


def csv_text(rows: Iterable[Mapping], columns: list[str], *, bom: bool = True, lineterminator: str = "\r\n") -> str:
    """A whole CSV document (header and rows) as text."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = SafeDictWriter(buffer, fieldnames=columns, lineterminator=lineterminator)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def csv_lines(rows: Iterable[Mapping], columns: list[str], *, bom: bool = True,
              lineterminator: str = "\r\n") -> Iterator[str]:
    """The same document line by line, for a streaming response over a large register."""
    writer = SafeDictWriter(_Echo(), fieldnames=columns, lineterminator=lineterminator)
    yield (BOM if bom else "") + writer.writeheader()
    for row in rows:
        yield writer.writerow(row)


def safe_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of a tablib dataset (e.g. a django-import-export resource's export) with every cell made safe."""
    safe = tablib.Dataset(headers=list(dataset.headers or []), title=dataset.title)
    for row in dataset:
        safe.append(safe_row(row))
    return safe


def export_dataset(dataset: tablib.Dataset, file_format: str, *, bom: bool = True):
    """``dataset.export(file_format)`` for the formats staff and the public download: CSV and XLSX get safe
    cells (CSV with a byte-order mark), JSON the values as they are."""
    if file_format == "json":
        return dataset.export("json")
    if file_format not in {"csv", "xlsx"}:
        raise ValueError(f"{file_format!r} is not an export format")
    safe = safe_dataset(dataset)
    if file_format == "xlsx":  # openpyxl stores text beginning with "=" as a formula: the prefix prevents it
        return safe.export("xlsx")
    return (BOM if bom else "") + safe.export("csv")
