"""Open data on appeals in the columns of 33-appeals.csv: anonymised, formula-safe, public appeals only."""
import csv
import io
import json

import pytest

from appeals import services
from appeals.opendata import COLUMNS, anonymise
from tests.open_data_standard import standard_file

from .conftest import submit

pytestmark = pytest.mark.django_db


def standard_columns() -> list[str]:
    with open(standard_file("33-appeals.csv"), encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def test_columns_are_the_standards(client, public_appeal):
    text = b"".join(client.get("/zvernennia/dani/csv/").streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header == COLUMNS
    try:
        assert COLUMNS == standard_columns()
    except FileNotFoundError:  # the standard lives outside the repository; the list above is its copy
        pass


def test_rows_are_anonymised_and_formula_safe(client, resident, water_category, appeal_index, water_executor):
    surname = resident.full_name.split()[0]
    appeal = submit(resident, water_category, address="вул. Соборна, 12-А",
                    text=f"=HYPERLINK(\"x\") Я, {surname}, тел. 067 123 45 67, пишу на {resident.email} про воду.")
    services.appeal_answer(appeal=appeal, by=water_executor, text=f"Шановний {surname}, воду дали.")
    text = b"".join(client.get("/zvernennia/dani/csv/").streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["content"].startswith("'=HYPERLINK")
    assert surname not in text and resident.email not in text and "067 123 45 67" not in text
    assert "[ПІБ]" in row["content"] and "[телефон]" in row["content"] and "[e-mail]" in row["content"]
    assert row["addressThoroughfare"] == "вул. Соборна" and row["addressLocatorDesignator"] == "12-А"
    assert row["status"] == "Надано відповідь" and row["organizationId"] == "03361046"
    assert row["result"] == "Шановний [ПІБ], воду дали."
    rows = json.loads(b"".join(client.get("/zvernennia/dani/json/").streaming_content))
    assert rows[0]["content"].startswith("=HYPERLINK")  # JSON is not a spreadsheet: the text stays as it is


def test_anonymise_keeps_ordinary_words():
    assert anonymise("Іван просить полагодити ліхтар", "Петренко Іван Петрович") == "[ПІБ] просить полагодити ліхтар"
