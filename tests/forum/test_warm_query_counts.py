"""The forum and a topic cost an anonymous reader a fixed handful of queries once warm, however many topics and
comments there are."""
import pytest

from participation.services import comment_post
from tests.factories import UserFactory
from tests.warm_queries import assert_warm_queries

from .conftest import make_topic

pytestmark = pytest.mark.django_db

# Measured: the route (2), the categories, the topics with their counts; a topic with its category and its
# discussion, which anonymous readers share as a cached fragment (participation_tags.discussion).
WARM = {"forum": 5, "topic": 4}


def test_forum_pages_cost_the_same_few_queries_for_2_and_14_topics(client, settings, forum, category, resident):
    settings.FRAGMENT_CACHE_ENABLED = True
    topic = make_topic(forum, category, resident)
    urls = {"forum": forum.url, "topic": topic.get_absolute_url()}

    def grow(size: int) -> None:
        for number in range(size):
            make_topic(forum, category, resident, title=f"Яма на дорозі {number} {urls['forum']}"[:60])
            comment_post(target=topic, author=UserFactory(), body="У нас те саме.")

    grow(1)
    few = assert_warm_queries(client, urls, WARM)
    grow(12)

    assert assert_warm_queries(client, urls, WARM) == few
