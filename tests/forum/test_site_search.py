"""Site search finds published forum topics through the forum's declared search type; pending ones stay hidden."""
import pytest

from .conftest import make_topic

SEARCH_URL = "/poshuk/"


@pytest.mark.django_db
def test_site_search_lists_published_topics_only(client, forum, category, resident):
    published = make_topic(forum, category, resident, title="Сміття біля ставка")
    make_topic(forum, category, resident, title="Сміття біля школи", status="pending")

    response = client.get(SEARCH_URL, {"q": "сміття"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{published.get_absolute_url()}">Сміття біля ставка</a>' in html
    assert "Тема форуму" in html
    assert "біля школи" not in html


@pytest.mark.django_db
def test_site_search_hides_topics_of_an_unpublished_forum(client, forum, category, resident):
    make_topic(forum, category, resident, title="Сміття біля ставка")
    forum.unpublish()

    response = client.get(SEARCH_URL, {"q": "сміття"})

    assert response.status_code == 200
    assert "біля ставка" not in response.content.decode()
