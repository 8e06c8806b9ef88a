"""A comment changes more than its thread: lists that show each discussion's number of comments (the consultations'
index and its open data, the forum's list) reach anonymous readers of the page cache at once when a comment is
posted, hidden or restored (Discussion.discussion_listed_at, participation.signals)."""
import pytest

from participation import services
from tests.confirm import confirmed
from tests.consultations.conftest import consultation_index, open_consultation  # noqa: F401  (fixtures)
from tests.forum.conftest import category, forum, pending_topic, topic  # noqa: F401  (fixtures)
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_a_comment_counts_at_once_on_the_consultations_index(client, open_consultation, consultation_index,  # noqa: F811
                                                             resident):
    open_data = f"{consultation_index.url}dani/json/"
    assert "1 коментар" not in cached_html(client, consultation_index.url)
    assert '"comments_count": 0' in cached_html(client, open_data)
    services.comment_post(target=open_consultation, author=resident, body="Потрібно більше лавок і тіні.")
    assert "1 коментар" in fresh_html(client, consultation_index.url)
    assert '"comments_count": 1' in fresh_html(client, open_data)


def test_a_hidden_comment_leaves_the_forums_count_at_once(client, forum, topic, resident, moderator):  # noqa: F811
    comment = services.comment_post(target=topic, author=resident, body="Світла досі немає.")
    assert "1 коментар" in cached_html(client, forum.url)
    confirmed(services.comment_hide, comment=comment, moderator=moderator, reason="Повтор іншого коментаря.")
    assert "1 коментар" not in fresh_html(client, forum.url)

    cached_html(client, forum.url)
    services.comment_restore(comment=comment, moderator=moderator)
    assert "1 коментар" in fresh_html(client, forum.url)
