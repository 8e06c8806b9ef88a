"""The petitions list and a petition cost an anonymous reader a fixed handful of queries once warm, however many
petitions, signatures and comments there are."""
import pytest

from participation.services import comment_post
from tests.factories import UserFactory
from tests.warm_queries import assert_warm_queries

from .conftest import make_petition

pytestmark = pytest.mark.django_db

# Measured: the route (2), the list's count and rows; a petition with its attachments and status history (its
# discussion is a cached fragment for anonymous readers: participation_tags.discussion).
WARM = {"index": 5, "petition": 6}


def test_petition_pages_cost_the_same_few_queries_for_few_and_many(client, settings, resident, category,
                                                                     petition_settings, petition_index):
    settings.FRAGMENT_CACHE_ENABLED = True
    few_signed = make_petition(author=resident, category=category, signatures=2)
    many_signed = make_petition(author=resident, category=category, signatures=60)
    for petition, comments in ((few_signed, 1), (many_signed, 12)):
        for _ in range(comments):
            comment_post(target=petition, author=UserFactory(), body="Підтримую, перехід дуже потрібен.")

    few = assert_warm_queries(client, {"index": petition_index.url, "petition": few_signed.get_absolute_url()},
                              WARM)
    for _ in range(15):
        make_petition(author=resident, category=category)

    assert assert_warm_queries(client, {"index": petition_index.url,
                                        "petition": many_signed.get_absolute_url()}, WARM) == few
