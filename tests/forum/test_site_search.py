"""Site search finds published forum topics through the forum's declared search type; pending ones stay hidden."""
import pytest

from forum.models import ForumTopic

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


@pytest.mark.django_db
def test_topics_found_are_kept_for_anonymous_readers_until_a_topic_changes(client, settings, forum, category,
                                                                          resident):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED, settings.FRAGMENT_CACHE_ENABLED = False, True
    pond = make_topic(forum, category, resident, title="Сміття біля ставка")
    for _ in range(2):  # the first search starts the fragments' generation, the second keeps the module's hits
        client.get(SEARCH_URL, {"q": "сміття"})
    with CaptureQueriesContext(connection) as captured:
        assert "біля ставка" in client.get(SEARCH_URL, {"q": "сміття"}).content.decode()
    assert not [query for query in captured if "forum_forumtopic" in query["sql"]]

    make_topic(forum, category, resident, title="Сміття біля школи")  # no purge: the save itself renews the hits
    assert "біля школи" in client.get(SEARCH_URL, {"q": "сміття"}).content.decode()
    pond.status = ForumTopic.Status.HIDDEN  # a moderator hides a topic: anonymous readers no longer find it
    pond.save(update_fields=["status"])
    page = client.get(SEARCH_URL, {"q": "сміття"}).content.decode()
    assert "біля ставка" not in page and "біля школи" in page
