"""What the petitions' pages show besides the petitions themselves reaches anonymous readers of the page cache (and the
HTTP cache in front) as soon as staff change it (cms.modules.CachedPages in the petitions manifest): a renamed
category on the list and on each petition, the settings that decide whether rejected petitions are listed."""
import pytest

from petitions import services
from petitions.models import Petition
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

from .conftest import make_petition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_a_renamed_category_shows_on_the_list_and_the_petition(client, collecting, category, petition_index,
                                                               django_capture_on_commit_callbacks):
    assert "Транспорт" in cached_html(client, petition_index.url)
    assert "Транспорт" in cached_html(client, collecting.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Громадський транспорт"
        category.save()
    assert "Громадський транспорт" in fresh_html(client, petition_index.url)
    assert "Громадський транспорт" in fresh_html(client, collecting.get_absolute_url())


def test_rejected_petitions_leave_the_list_when_the_settings_say_so(client, resident, category, petition_settings,
                                                                   petition_index, django_capture_on_commit_callbacks):
    make_petition(author=resident, category=category, status=Petition.Status.REJECTED, title="Реклама кав'ярні",
                  rejection_reason="advertising", rejection_text="Петиція рекламує приватну кав'ярню.")
    assert "Реклама кав" in cached_html(client, petition_index.url)
    with django_capture_on_commit_callbacks(execute=True):
        petition_settings.list_rejected = False
        petition_settings.save()
    assert "Реклама кав" not in fresh_html(client, petition_index.url)


def test_a_signature_leaves_the_cached_list(client, collecting, resident, petition_index,
                                            django_capture_on_commit_callbacks):
    """A signature purges nothing: the petition's page loads its count live (count.js) and the list's counts may
    lag by the cache's lifetime, so a busy petition does not empty the cache on every signature."""
    cached_html(client, petition_index.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_sign(petition=collecting, user=resident)
    assert client.get(petition_index.url)["X-Page-Cache"] == "HIT"
