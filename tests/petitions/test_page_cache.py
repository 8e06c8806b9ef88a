"""Petition events purge the anonymous page cache (cms.pagecache): publication, answer, and the module hook."""
import datetime

import pytest
from django.utils import timezone

from cms import pagecache
from petitions import services as petition_services
from petitions.models import Petition
from tests.cms.test_pagecache import assert_hit, cached, html
from tests.confirm import confirmed
from tests.petitions.conftest import make_petition


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def petitions_site(resident, category, petition_settings, petition_index):
    return petition_index


def test_petition_published_and_answered_purge_its_page_and_the_index(client, petitions_site, resident, category,
                                                                     moderator, secretary):
    petition = make_petition(author=resident, category=category, status=Petition.Status.MODERATION,
                             title="Світлофор біля ліцею")
    index_url = petitions_site.url
    cached(client, index_url)
    cached(client, "/")
    petition_services.petition_publish(petition=petition, moderator=moderator)
    assert "Світлофор біля ліцею" in html(client.get(index_url))
    page_url = petition.get_absolute_url()
    cached(client, page_url)
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CONSIDERATION,
                                                   threshold_reached_at=timezone.now(),
                                                   response_due=timezone.localdate() + datetime.timedelta(days=10))
    petition.refresh_from_db()
    secretary.user_permissions.clear()
    confirmed(petition_services.petition_answer, petition=petition, official=secretary, text="Рада підтримує петицію.",
                                      outcome="supported")
    assert "Рада підтримує петицію." in html(client.get(page_url))


def test_module_purge_hook_drops_addresses_and_folders(client, petitions_site, resident, category,
                                                       django_assert_num_queries):
    petition = make_petition(author=resident, category=category, title="Парк на Липовій")
    page_url, index_url = petition.get_absolute_url(), petitions_site.url
    for address in (page_url, index_url, "/"):
        cached(client, address)
    pagecache.purge_paths(page_url)
    assert client.get(page_url)["X-Page-Cache"] == "MISS"
    assert_hit(client, index_url, django_assert_num_queries)
    pagecache.purge_trees(index_url)
    assert client.get(page_url)["X-Page-Cache"] == "MISS"
    assert client.get(index_url)["X-Page-Cache"] == "MISS"
    assert_hit(client, "/", django_assert_num_queries)
    pagecache.purge_all()
    assert client.get("/")["X-Page-Cache"] == "MISS"


