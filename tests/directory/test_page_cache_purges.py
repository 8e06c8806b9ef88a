"""The map's pages reach anonymous readers of the page cache (and the HTTP cache in front) as soon as a place or a
category changes, by an editor or by an import (directory.services.data_changed)."""
import pytest

from directory import services
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

from .factories import CityObjectFactory
from .test_import import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_an_edited_place_and_an_import_show_at_once(client, directory_page, categories,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        place = CityObjectFactory(category=categories["apteky"], name="Аптека «Подорожник»")
    place_url = f"{directory_page.url}{place.pk}/"
    assert "Аптека «Подорожник»" in cached_html(client, directory_page.url)
    cached_html(client, place_url)

    with django_capture_on_commit_callbacks(execute=True):
        place.name = "Аптека «Calendula»"
        place.save()
    assert "Аптека «Calendula»" in fresh_html(client, directory_page.url)
    assert "Аптека «Calendula»" in fresh_html(client, place_url)

    cached_html(client, directory_page.url)
    with django_capture_on_commit_callbacks(execute=True):  # a bulk upsert sends no save signals
        services.directory_import(data=csv_bytes([row(7)]), filename="objects.csv")
    assert "Аптека № 7" in fresh_html(client, directory_page.url)
