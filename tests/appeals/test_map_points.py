"""The list's map loads its points from their own address (``/zvernennia/tochky/`` with the list's filters): the list's
HTML carries its rows only, the points obey the one visibility rule and the same filters, and the page cache keeps
them per filter until an appeal changes."""
import json

import pytest

from appeals.models import Appeal
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

from .conftest import POINT, submit

pytestmark = pytest.mark.django_db

POINTS = "/zvernennia/tochky/"


def map_config(html: str) -> dict:
    return json.loads(html.split('<script id="appeals-map-config" type="application/json">')[1].split("</script>")[0])


def point_ids(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    document = response.json()
    assert document["type"] == "FeatureCollection"
    return {feature["id"] for feature in document["features"]}


def test_the_list_carries_no_points_only_their_address_without_the_page_number(client, public_appeal, appeal_index):
    html = client.get("/zvernennia/?q=сміття&page=1&category=water&status=").content.decode()
    layer = map_config(html)["layers"][0]
    assert "data" not in layer and '"features"' not in html and POINT["longitude"] not in html
    # One address per filter, whatever the page and however the filters were written: fetched and cached once.
    assert layer["url"] == f"{POINTS}?q=%D1%81%D0%BC%D1%96%D1%82%D1%82%D1%8F&category=water"
    assert map_config(client.get("/zvernennia/").content.decode())["layers"][0]["url"] == POINTS
    assert f"№ {public_appeal.number}" in html  # the list itself, usable without JavaScript


def test_the_points_never_hold_a_confidential_unregistered_or_pointless_appeal(
        client, public_appeal, confidential_appeal, resident, water_category):
    received = submit(resident, water_category, **POINT)
    Appeal.objects.filter(pk=received.pk).update(status=Appeal.Status.RECEIVED)  # not yet public
    without_point = submit(resident, water_category)
    assert point_ids(client, POINTS) == {public_appeal.pk}
    body = client.get(POINTS).content.decode()
    assert confidential_appeal.number not in body and "погрожує" not in body and without_point.number not in body
    client.force_login(resident)  # the author sees their confidential appeal on its page, never on the public map
    assert point_ids(client, POINTS) == {public_appeal.pk}
    assert point_ids(client, f"{POINTS}?q={confidential_appeal.number}") == set()


def test_the_points_obey_the_lists_filters(client, resident, water_category, roads_category, appeal_index):
    water = submit(resident, water_category, **POINT)
    pothole = submit(resident, roads_category, text="Глибока яма на дорозі біля зупинки, машини пошкоджують колеса.",
                     latitude="49.5901", longitude="34.5502")
    Appeal.objects.filter(pk=pothole.pk).update(district_name="Південний")
    assert point_ids(client, POINTS) == {water.pk, pothole.pk}
    assert point_ids(client, f"{POINTS}?category=roads") == {pothole.pk}
    assert point_ids(client, f"{POINTS}?q=ями") == {pothole.pk}
    assert point_ids(client, f"{POINTS}?q={water.number}") == {water.pk}
    assert point_ids(client, f"{POINTS}?district=Південний") == {pothole.pk}
    assert point_ids(client, f"{POINTS}?status=answered") == set()
    assert point_ids(client, f"{POINTS}?date_from=2000-01-01&date_to=2000-12-31") == set()
    refused = client.get(f"{POINTS}?category=nonexistent")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_filters"
    assert "Такої категорії немає." in refused.json()["detail"]


def test_a_point_is_named_with_its_status_in_ukrainian(client, public_appeal, appeal_index):
    point = client.get(POINTS).json()["features"][0]
    assert public_appeal.status == "assigned"  # routed to the water service at once
    assert point["geometry"] == {"type": "Point", "coordinates": [34.5531, 49.5912]}
    assert point["properties"] == {"title": f"№ {public_appeal.number}: Водопостачання",
                                   "subtitle": "Передано виконавцю", "url": f"/zvernennia/{public_appeal.pk}/"}


@pytest.mark.usefixtures("page_cache_on")
def test_the_page_cache_keeps_the_points_until_an_appeal_changes(client, public_appeal, resident, water_category,
                                                                 django_capture_on_commit_callbacks):
    kept = client.get(POINTS)
    assert "public" in kept["Cache-Control"] and "s-maxage=300" in kept["Cache-Control"] and kept["ETag"]
    cached_html(client, POINTS)
    assert client.get(POINTS, HTTP_IF_NONE_MATCH=kept["ETag"]).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        second = submit(resident, water_category, **POINT)
    assert f'"id":{second.pk}' in fresh_html(client, POINTS)
