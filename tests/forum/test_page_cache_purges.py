"""The forum's list and its topics reach anonymous readers of the page cache (and the HTTP cache in front) as soon as
a moderator publishes or hides a topic or a comment moves one up (cms.modules.CachedPages in the forum manifest,
forum.signals)."""
import pytest

from forum import services
from tests.confirm import confirmed
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

from .conftest import BODY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_a_published_topic_shows_and_a_hidden_one_goes_at_once(client, forum, category, resident, moderator, topic):
    assert "Темний двір на Садовій" in cached_html(client, forum.url)
    pending = services.topic_create(forum=forum, author=resident, category=category, title="Ями на Шкільній",
                                    body=BODY)
    assert "Ями на Шкільній" not in cached_html(client, forum.url)
    services.topic_publish(topic=pending, moderator=moderator)
    assert "Ями на Шкільній" in fresh_html(client, forum.url)

    cached_html(client, topic.get_url())
    confirmed(services.topic_hide, topic=topic, moderator=moderator, reason="Порушення правил форуму: образи.")
    assert "Темний двір на Садовій" not in fresh_html(client, forum.url)
    assert client.get(topic.get_url()).status_code == 404  # not the copy kept from before


def test_a_comment_moves_its_topic_up_the_cached_list(client, forum, category, resident, moderator, topic):
    from participation import services as participation_services

    newer = services.topic_publish(topic=services.topic_create(
        forum=forum, author=resident, category=category, title="Ями на Шкільній", body=BODY), moderator=moderator)
    html = cached_html(client, forum.url)
    assert html.index(newer.title) < html.index(topic.title)
    participation_services.comment_post(target=topic, author=resident, body="Світла досі немає.")
    html = fresh_html(client, forum.url)
    assert html.index(topic.title) < html.index(newer.title)
