"""The demo directory: about 1,500 plausible objects over 12 categories inside the city's bounds, the same on every
run, seeded quickly through the import service; the ЦНАП with its services; seeding twice changes nothing."""
import time

import pytest

from cms.maps import city_bounds
from directory import demo
from directory.models import Category, CityObject, DirectoryPage

pytestmark = pytest.mark.django_db


def test_the_demo_data_are_deterministic_and_inside_the_city():
    features = demo.demo_features()
    assert features == demo.demo_features()
    assert 1400 <= len(features) <= 1600
    assert len({feature["properties"]["category"] for feature in features}) == 12
    assert len({feature["properties"]["external_id"] for feature in features}) == len(features)
    bounds = city_bounds()
    assert all(bounds.contains(latitude=feature["geometry"]["coordinates"][1],
                               longitude=feature["geometry"]["coordinates"][0]) for feature in features)


def test_seeding_is_fast_and_idempotent(home_page):
    started = time.monotonic()
    demo.seed(home=home_page, command=None)
    assert time.monotonic() - started < 30
    assert DirectoryPage.objects.child_of(home_page).live().count() == 1
    assert Category.objects.count() == 12 and CityObject.objects.count() == len(demo.demo_features())
    cnap = CityObject.objects.get(external_id="demo-tsnap-0001")
    assert cnap.name == "Центр надання адміністративних послуг" and len(cnap.service_list) >= 10
    assert cnap.ramp is True and cnap.opening_hours["sat"] == [["08:00", "15:00"]]
    demo.seed(home=home_page, command=None)
    assert CityObject.objects.count() == len(demo.demo_features())
