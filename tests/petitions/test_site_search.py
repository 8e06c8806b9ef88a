"""Site search finds petitions through the module's declared search types (its manifest), public ones only."""
import pytest

from petitions.models import Petition

from .conftest import make_petition

SEARCH_URL = "/poshuk/"


@pytest.mark.django_db
def test_site_search_lists_a_public_petition_with_its_number_and_hides_a_draft(client, resident, category,
                                                                                 petition_settings, petition_index):
    public = make_petition(author=resident, category=category, title="Освітлення парку Шевченка")
    make_petition(author=resident, category=category, status=Petition.Status.DRAFT,
                  title="Освітлення парку біля озера")

    response = client.get(SEARCH_URL, {"q": "освітлення парку"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{public.get_absolute_url()}">Освітлення парку Шевченка</a>' in html
    assert f'<span class="badge">Петиція</span> · № {public.pk}' in html
    assert "біля озера" not in html  # a draft is not public: not in search either
    assert "Петиції (1)" in html


@pytest.mark.django_db
def test_site_search_without_matches_says_so(client, home_page):
    response = client.get(SEARCH_URL, {"q": "щось зовсім інше"})

    assert response.status_code == 200
    assert "Петиції (" not in response.content.decode()


@pytest.mark.django_db
def test_site_search_queries_stay_bounded_with_many_petitions(client, resident, category, petition_settings,
                                                              petition_index, django_assert_max_num_queries):
    for number in range(12):
        make_petition(author=resident, category=category, title=f"Ремонт дороги на вулиці {number}")

    # Every declared type is asked once (count and its best hits): bounded by the types, not by the petitions.
    with django_assert_max_num_queries(45):
        response = client.get(SEARCH_URL, {"q": "ремонт дороги"})

    assert response.status_code == 200
    assert "Петиції (12)" in response.content.decode()


@pytest.mark.django_db
def test_changing_whether_rejected_petitions_are_listed_renews_what_search_keeps(petition_settings):
    # The settings are part of the petitions' visibility rule: kept module hits must not outlive a change of them.
    from cms.search_types import search_version

    before = search_version()
    petition_settings.list_rejected = not petition_settings.list_rejected
    petition_settings.save()
    assert search_version() != before
