"""What the appeals' pages show reaches anonymous readers of the page cache (and the HTTP cache in front) as soon as
it changes (cms.modules.CachedPages in the appeals manifest): a new public appeal on the list and the home page, an
answer on the appeal's page, a renamed category everywhere."""
import pytest

from appeals import services
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

from .conftest import POINT, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_a_new_appeal_and_an_answer_show_at_once(client, resident, water_category, water_executor, appeal_index,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(resident, water_category, **POINT)
    cached_html(client, appeal_index.url)
    cached_html(client, "/")
    detail = first.get_absolute_url()
    assert "Вивезли сміття" not in cached_html(client, detail)

    with django_capture_on_commit_callbacks(execute=True):
        second = submit(resident, water_category, **POINT)
    assert f"№ {second.number}" in fresh_html(client, appeal_index.url)
    fresh_html(client, "/")  # the home page's «recent answers» block

    cached_html(client, detail)
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(appeal=first, by=water_executor, text="Вивезли сміття з двору.")
    assert "Вивезли сміття" in fresh_html(client, detail)


def test_a_renamed_category_shows_on_the_list(client, public_appeal, water_category, appeal_index,
                                              django_capture_on_commit_callbacks):
    assert "Водопостачання" in cached_html(client, appeal_index.url)
    with django_capture_on_commit_callbacks(execute=True):
        water_category.name = "Водопостачання і водовідведення"
        water_category.save()
    assert "Водопостачання і водовідведення" in fresh_html(client, appeal_index.url)


def test_an_unrelated_save_leaves_the_cached_list(client, public_appeal, appeal_index, resident,
                                                  django_capture_on_commit_callbacks):
    cached_html(client, appeal_index.url)
    with django_capture_on_commit_callbacks(execute=True):
        resident.save()
    assert client.get(appeal_index.url)["X-Page-Cache"] == "HIT"
