"""The formula-safe writer (cms.csv_export): OWASP's CSV-injection advice without corrupting numbers."""
import csv
import io

import openpyxl
import pytest
import tablib

from cms.csv_export import csv_lines, csv_text, export_dataset, safe_cell


@pytest.mark.parametrize("value", ["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-2+3", "@SUM(A1)",
                                   "\tcmd", "\rcmd", "-", "+", "=", "- пункт перший"])
def test_text_that_would_start_a_formula_is_prefixed_with_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-12", "-3.5", "-1,25", "+380", "+2.5e3", "-.5", "0", "Іван", "", "a=b",
                                   "'=already"])
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-12, 3.5, None, True])
def test_values_that_are_not_text_are_left_alone(value):
    assert safe_cell(value) is value


def test_csv_text_and_lines_make_every_cell_safe():
    rows = [{"name": "=cmd|' /C calc'!A0", "count": "-4"}, {"name": "Олена", "count": -7}]
    text = csv_text(rows, ["name", "count"])
    assert text.startswith("\ufeff")
    parsed = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed == [{"name": "'=cmd|' /C calc'!A0", "count": "-4"}, {"name": "Олена", "count": "-7"}]
    assert "".join(csv_lines(rows, ["name", "count"])) == text


def test_xlsx_and_csv_exports_of_a_dataset_hold_no_formula_and_keep_negative_numbers():
    dataset = tablib.Dataset(headers=["name", "balance"])
    dataset.append(["=1+1", -5])
    dataset.append(["@SUM(A1:A2)", "-5"])
    book = openpyxl.load_workbook(io.BytesIO(export_dataset(dataset, "xlsx")))
    sheet = book.active
    assert [cell.value for cell in sheet[2]] == ["'=1+1", -5]
    assert [cell.value for cell in sheet[3]] == ["'@SUM(A1:A2)", "-5"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    text = export_dataset(dataset, "csv")
    assert "'=1+1" in text and ",-5" in text and "'@SUM" in text
    assert export_dataset(dataset, "json") == dataset.export("json")  # JSON is not a spreadsheet: unchanged
