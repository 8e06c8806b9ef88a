"""API /api/v3/directory/: categories, objects with filters and distance order, one object, the cached GeoJSON
with ETag and 304 in at most 2 queries, open data (formula-safe CSV), problem documents for bad input."""
import csv
import datetime
import io
import json
import zoneinfo

import pytest

from .factories import CategoryFactory, CityObjectFactory

pytestmark = pytest.mark.django_db
KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")


@pytest.fixture
def places(categories):
    pharmacy = categories["apteky"]
    school = categories["shkoly"]
    return {
        "near": CityObjectFactory(name="Аптека «Близька»", category=pharmacy, latitude=49.5901, longitude=34.5601,
                                  ramp=True, opening_hours={day: [["00:00", "24:00"]] for day in
                                                            ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}),
        "far": CityObjectFactory(name="Аптека «Далека»", category=pharmacy, latitude=49.6100, longitude=34.6100,
                                 ramp=False, opening_hours={}),
        "school": CityObjectFactory(name="Ліцей № 3", address="вул. Миру, 3", category=school, latitude=49.5700,
                                    longitude=34.5200, ramp=True, lift=True),
        "hidden": CityObjectFactory(name="Аптека «Прихована»", category=pharmacy, is_published=False),
    }


def test_categories(client, categories):
    CategoryFactory(name="Аптеки цілодобові", slug="apteky-24", parent=categories["apteky"], order=5)
    data = client.get("/api/v3/directory/categories/").json()
    assert [item["slug"] for item in data] == ["apteky", "shkoly", "apteky-24"]  # by order, then name
    assert next(item for item in data if item["slug"] == "apteky-24")["parent"] == "apteky"


def test_objects_list_only_published_with_bounded_queries(client, places, directory_page,
                                                         django_assert_max_num_queries):
    for _n in range(30):
        CityObjectFactory(category=places["near"].category)
    # count, page of objects with their categories, the directory page's address (cached after) and its site
    with django_assert_max_num_queries(5):
        data = client.get("/api/v3/directory/objects/", {"limit": 50}).json()
    assert data["count"] == 33
    names = [item["name"] for item in data["items"]]
    assert "Аптека «Прихована»" not in names
    item = next(item for item in data["items"] if item["name"] == "Ліцей № 3")
    assert item["category"]["slug"] == "shkoly" and item["url"] == f"http://testserver/mapa/{item['id']}/"


def test_filters(client, places):
    def names(**params):
        response = client.get("/api/v3/directory/objects/", params)
        assert response.status_code == 200, response.content
        return sorted(item["name"] for item in response.json()["items"])

    assert names(category="shkoly") == ["Ліцей № 3"]
    assert names(q="миру") == ["Ліцей № 3"]  # the address, any case
    assert names(q="аптека близька") == ["Аптека «Близька»"]
    assert names(accessibility=["ramp", "lift"]) == ["Ліцей № 3"]
    assert names(accessibility="ramp") == ["Аптека «Близька»", "Ліцей № 3"]
    assert names(bbox="49.58,34.55,49.60,34.57") == ["Аптека «Близька»"]


def test_a_category_includes_its_sub_categories(client, places, categories):
    night = CategoryFactory(name="Цілодобові", slug="night", parent=categories["apteky"])
    CityObjectFactory(name="Аптека «Нічна»", category=night)
    data = client.get("/api/v3/directory/objects/", {"category": "apteky"}).json()
    assert "Аптека «Нічна»" in [item["name"] for item in data["items"]] and data["count"] == 3


def test_nearest_first_with_distances(client, places):
    data = client.get("/api/v3/directory/objects/", {"near": "49.5900,34.5600"}).json()
    assert [item["name"] for item in data["items"]] == ["Аптека «Близька»", "Ліцей № 3", "Аптека «Далека»"]
    distances = [item["distance_km"] for item in data["items"]]
    assert distances == sorted(distances) and distances[0] < 0.1 and 3 < distances[2] < 5


@pytest.mark.parametrize(("params", "code"), [
    ({"category": "nope"}, "unknown_category"),
    ({"bbox": "1,2,3"}, "invalid_bbox"),
    ({"bbox": "49.6,34.5,49.5,34.6"}, "invalid_bbox"),
    ({"bbox": "a,b,c,d"}, "invalid_bbox"),
    ({"near": "91,30"}, "invalid_point"),
    ({"near": "abc"}, "invalid_point"),
    ({"accessibility": "elevator"}, "unknown_feature"),
    ({"open_now": "maybe"}, "invalid_query"),
    ({"limit": "1000"}, "invalid_query"),
])
def test_bad_queries_are_problem_documents(client, places, params, code):
    response = client.get("/api/v3/directory/objects/", params)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code and response.json()["detail"]


def test_one_object_and_unpublished_is_404(client, places):
    data = client.get(f"/api/v3/directory/objects/{places['school'].pk}/").json()
    assert data["accessibility"]["lift"] is True and data["accessibility"]["parking"] is None
    assert data["opening_hours"]["mon"] == [["08:00", "17:00"]]
    for pk in (places["hidden"].pk, 999999, 2**70):
        response = client.get(f"/api/v3/directory/objects/{pk}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_geojson_from_cache_with_etag_and_304(client, places, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/v3/directory/geojson/")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    document = json.loads(response.content)
    assert document["type"] == "FeatureCollection" and len(document["features"]) == 3  # published only
    feature = next(item for item in document["features"] if item["properties"]["name"] == "Ліцей № 3")
    assert feature["geometry"] == {"type": "Point", "coordinates": [34.52, 49.57]}
    etag = response["ETag"]
    with django_assert_max_num_queries(0):
        again = client.get("/api/v3/directory/geojson/")
        not_modified = client.get("/api/v3/directory/geojson/", HTTP_IF_NONE_MATCH=etag)
    assert again.content == response.content and not_modified.status_code == 304 and not not_modified.content
    # A change anywhere makes a new document and a new ETag.
    places["far"].name = "Аптека «Нова»"
    places["far"].save()
    changed = client.get("/api/v3/directory/geojson/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and "Аптека «Нова»" in changed.content.decode()


def test_geojson_gzipped_once_for_clients_that_accept_it(client, places):
    import gzip

    plain = client.get("/api/v3/directory/geojson/")
    packed = client.get("/api/v3/directory/geojson/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content and packed["ETag"] != plain["ETag"]
    again = client.get("/api/v3/directory/geojson/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


def test_geojson_of_one_category_in_two_queries(client, places, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/v3/directory/geojson/", {"category": "shkoly"})
    assert [feature["properties"]["name"] for feature in response.json()["features"]] == ["Ліцей № 3"]
    assert client.get("/api/v3/directory/geojson/", {"category": "nope"}).json()["code"] == "unknown_category"


def test_an_import_refreshes_the_cached_geojson(client, places, django_capture_on_commit_callbacks):
    from directory import services

    first = client.get("/api/v3/directory/geojson/")
    data = ("external_id,name,category,address,lat,lon\nnew-1,Аптека «Імпортована»,apteky,вул. Миру 1,49.6,34.6\n"
            .encode())
    with django_capture_on_commit_callbacks(execute=True):
        services.directory_import(data=data, filename="objects.csv")
    second = client.get("/api/v3/directory/geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and "Аптека «Імпортована»" in second.content.decode()


def test_open_data_csv_is_formula_safe_and_geojson_lists_published(client, places):
    CityObjectFactory(name="=HYPERLINK(\"http://evil\")", category=places["near"].category, phones="+380 1")
    response = client.get("/api/v3/directory/open-data/objects.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4 and "Аптека «Прихована»" not in [row["name"] for row in rows]
    evil = next(row for row in rows if "HYPERLINK" in row["name"])
    assert evil["name"].startswith("'=") and evil["phones"] == "'+380 1"
    assert {"external_id", "monitoringDate", "authorityName", "hours_mon", "ramp"} <= set(rows[0])
    geojson = client.get("/api/v3/directory/open-data/objects.geojson").json()
    assert len(geojson["features"]) == 4
    as_json = client.get("/api/v3/directory/open-data/objects.json").json()
    assert len(as_json) == 4 and set(as_json[0]) == set(rows[0])


def test_open_now_follows_the_clock(client, categories, monkeypatch):
    from django.utils import timezone

    CityObjectFactory(name="Нічна аптека", category=categories["apteky"],
                      opening_hours={"fri": [["22:00", "02:00"]]})
    saturday_night = datetime.datetime(2026, 12, 12, 1, 30, tzinfo=KYIV)  # Saturday 01:30 in Kyiv
    monkeypatch.setattr(timezone, "now", lambda: saturday_night)
    data = client.get("/api/v3/directory/objects/", {"open_now": "true"}).json()
    assert [item["name"] for item in data["items"]] == ["Нічна аптека"] and data["items"][0]["open_now"] is True
    monkeypatch.setattr(timezone, "now", lambda: saturday_night + datetime.timedelta(hours=1))
    assert client.get("/api/v3/directory/objects/", {"open_now": "true"}).json()["count"] == 0


def test_residents_suggest_corrections_through_the_api(client, places, resident, unverified_resident):
    url = f"/api/v3/directory/objects/{places['near'].pk}/corrections/"
    payload = {"kind": "accessibility", "text": "Пандус прибрали під час ремонту"}
    assert client.post(url, payload, content_type="application/json").status_code == 401
    client.force_login(unverified_resident)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "not_verified"
    client.force_login(resident)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "pending"
    response = client.post(url, {"kind": "colour", "text": "Інший колір"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "invalid_kind"
    hidden = f"/api/v3/directory/objects/{places['hidden'].pk}/corrections/"
    assert client.post(hidden, payload, content_type="application/json").status_code == 404
