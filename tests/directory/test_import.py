"""Import of city objects: required columns, known category, point inside the city, encodings, all or nothing,
idempotent upsert by external_id, GeoJSON, XLSX, the command's exit code and report, and the speed of 2,000 rows."""
import csv
import io
import json
import time

import pytest
import tablib
from django.core.management import CommandError, call_command

from directory import services
from directory.models import CityObject
from sessions.models import Department

pytestmark = pytest.mark.django_db

HEADER = ["external_id", "name", "category", "address", "lat", "lon", "phones", "owner_type", "department",
          "hours_mon", "hours_sat", "ramp", "last_checked"]


def row(n: int, **values) -> dict:
    return {"external_id": f"apt-{n}", "name": f"Аптека № {n}", "category": "apteky",
            "address": f"вул. Соборна, {n}", "lat": "49.5912", "lon": "34.5521", "phones": "+380 5366 2-15-15",
            "owner_type": "приватна", "department": "", "hours_mon": "08:00-13:00, 14:00-20:00",
            "hours_sat": "вихідний", "ramp": "так", "last_checked": "2026-11-30", **values}


def csv_bytes(rows, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def run(tmp_path, data: bytes, name="objects.csv") -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_directory", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_file_is_imported_with_every_field(tmp_path, categories):
    Department.objects.create(name="Управління охорони здоровʼя", short_name="Здоровʼя")
    out, _err = run(tmp_path, csv_bytes([row(1, department="здоровʼя"), row(2)]))
    assert "2 created, 0 updated" in out
    pharmacy = CityObject.objects.get(external_id="apt-1")
    assert pharmacy.category == categories["apteky"] and pharmacy.owner_type == "private"
    assert (pharmacy.latitude, pharmacy.longitude) == (49.5912, 34.5521)
    assert pharmacy.opening_hours["mon"] == [["08:00", "13:00"], ["14:00", "20:00"]]
    assert pharmacy.opening_hours["sat"] == [] and pharmacy.ramp is True and pharmacy.lift is None
    assert pharmacy.department.short_name == "Здоровʼя" and str(pharmacy.last_checked) == "2026-11-30"


def test_re_importing_updates_and_never_duplicates(tmp_path, categories):
    run(tmp_path, csv_bytes([row(1), row(2)]))
    first_ids = set(CityObject.objects.values_list("pk", flat=True))
    out, _err = run(tmp_path, csv_bytes([row(1, name="Аптека «Центральна»", category="Школи"), row(2), row(3)]))
    assert "1 created, 2 updated" in out
    assert CityObject.objects.count() == 3 and first_ids <= set(CityObject.objects.values_list("pk", flat=True))
    renamed = CityObject.objects.get(external_id="apt-1")
    assert renamed.name == "Аптека «Центральна»" and renamed.category == categories["shkoly"]  # by name, too


@pytest.mark.parametrize(("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1251", b"")])
def test_utf8_with_or_without_bom_and_windows_1251(tmp_path, categories, encoding, prefix):
    run(tmp_path, prefix + csv_bytes([row(1, name="Аптека «Їжачок»")], encoding=encoding))
    assert CityObject.objects.get().name == "Аптека «Їжачок»"


def test_a_wrong_encoding_is_refused_clearly(tmp_path, categories):
    with pytest.raises(CommandError, match="UTF-8"):
        run(tmp_path, csv_bytes([row(1, name="Аптека Їжачок")]).decode().encode("koi8-u"))
    assert not CityObject.objects.exists()


def test_the_command_fails_with_the_report_and_saves_nothing(tmp_path, categories):
    from django.utils import translation

    CityObject.objects.create(external_id="apt-1", name="Стара назва", category=categories["apteky"],
                              address="вул. Соборна, 1", latitude=49.59, longitude=34.55)
    path = tmp_path / "objects.csv"
    path.write_bytes(csv_bytes([row(1, name="Нова назва"), row(2, lat="50.4501", lon="30.5234")]))
    err = io.StringIO()
    with translation.override("uk"), pytest.raises(CommandError, match="не імпортовано"):
        call_command("import_directory", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith("Рядок 3: ") and "поза межами міста" in err.getvalue()
    assert CityObject.objects.get(external_id="apt-1").name == "Стара назва"  # nothing half-saved
    assert CityObject.objects.count() == 1


def test_the_report_names_each_line_and_problem(categories):
    from django.utils import translation

    bad = [row(1), row(2, lat="50.4501", lon="30.5234"), row(3, category="Ресторани"), row(4, lat="північ"),
           row(5, name=""), row(6, hours_mon="8 ранку"), row(7, ramp="можливо"), row(1)]
    with translation.override("uk"), pytest.raises(services.DirectoryError) as raised:
        services.directory_import(data=csv_bytes(bad), filename="objects.csv")
    lines = raised.value.lines
    assert raised.value.code == "invalid_rows"
    assert [line.split(":")[0] for line in lines] == [f"Рядок {n}" for n in (3, 4, 5, 6, 7, 8, 9)]
    assert "поза межами міста" in lines[0]
    assert "немає категорії «Ресторани»" in lines[1]
    assert "не є числами" in lines[2]
    assert "«name» не заповнено" in lines[3]
    assert "Понеділок" in lines[4]
    assert "«ramp»" in lines[5]
    assert "вже використано в рядку 2" in lines[6]
    assert not CityObject.objects.exists()


def test_missing_columns_and_unknown_formats(categories):
    data = "external_id,name\n1,Аптека\n".encode()
    with pytest.raises(services.DirectoryError, match="category"):
        services.directory_import(data=data, filename="objects.csv")
    with pytest.raises(services.DirectoryError) as raised:
        services.directory_import(data=b"x", filename="objects.pdf")
    assert raised.value.code == "invalid_file"
    with pytest.raises(services.DirectoryError) as raised:
        services.directory_import(data=b"external_id,name,category,address,lat,lon\n", filename="objects.csv")
    assert raised.value.code == "invalid_file"


def test_geojson_points_with_properties(categories):
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.55, 49.58]},
                 "properties": {"external_id": "g-1", "name": "Школа № 1", "category": "shkoly",
                                "address": "вул. Миру, 1", "hours_mon": "08:00-18:00"}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[34.5, 49.5], [34.6, 49.6]]},
                 "properties": {"external_id": "g-2", "name": "Дорога", "category": "shkoly", "address": "—"}}]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    with pytest.raises(services.DirectoryError) as raised:
        services.directory_import(data=data, filename="objects.geojson")
    assert len(raised.value.lines) == 1 and raised.value.lines[0].startswith(("Feature 2", "Обʼєкт 2"))
    result = services.directory_import(data=json.dumps({"type": "FeatureCollection", "features": features[:1]})
                                       .encode(), filename="objects.geojson")
    assert result.created == 1 and CityObject.objects.get().longitude == 34.55
    with pytest.raises(services.DirectoryError):
        services.directory_import(data=b"{not json", filename="objects.geojson")


def test_xlsx(categories):
    dataset = tablib.Dataset(headers=HEADER)
    values = row(1)
    dataset.append([values[column] for column in HEADER])
    result = services.directory_import(data=dataset.export("xlsx"), filename="objects.xlsx")
    assert result.created == 1 and CityObject.objects.get().name == "Аптека № 1"


def test_two_thousand_rows_take_seconds_in_few_queries(categories, django_assert_max_num_queries):
    data = csv_bytes([row(n, lat=f"{49.56 + n * 0.00002:.6f}") for n in range(2000)])
    started = time.monotonic()
    with django_assert_max_num_queries(12):
        result = services.directory_import(data=data, filename="objects.csv")
    assert result.created == 2000 and time.monotonic() - started < 15  # about 1.5 s on an idle machine
    started = time.monotonic()
    result = services.directory_import(data=data, filename="objects.csv")
    assert result.updated == 2000 and CityObject.objects.count() == 2000 and time.monotonic() - started < 15


def test_an_import_renews_what_site_search_keeps_for_anonymous_readers(client, settings, home_page, categories):
    settings.PAGE_CACHE_ENABLED, settings.FRAGMENT_CACHE_ENABLED = False, True
    services.directory_import(data=csv_bytes([row(1)]), filename="objects.csv")
    for _ in range(2):  # the first search starts the fragments' generation, the second keeps the hits
        assert "Аптека № 1" in client.get("/poshuk/", {"q": "аптека"}).content.decode()
    # The upsert is one bulk statement (no save signals): renamed and unpublished rows must leave search at once.
    services.directory_import(data=csv_bytes([row(1, name="Аптека «Центральна»")]), filename="objects.csv")
    html = client.get("/poshuk/", {"q": "аптека"}).content.decode()
    assert "Аптека «Центральна»" in html and "Аптека № 1" not in html
