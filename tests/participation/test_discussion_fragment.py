"""Anonymous readers share a discussion as a cached fragment (participation_tags.discussion, cms.pagecache): a person
always gets their own render, and a comment posted or deleted shows at once."""
import pytest
from django.urls import reverse

from participation.services import comment_delete, comment_post
from tests.warm_queries import warm_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_only(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


def test_anonymous_readers_share_the_discussion_and_its_changes_show_at_once(client, article, resident):
    comment = comment_post(target=article, author=resident, body="Дякуємо за ремонт мосту")
    delete_url = reverse("participation:comment_delete", args=[comment.pk])
    assert len(warm_queries(client, article.url)) == 2  # routing only: the article and its discussion are stored
    shown = client.get(article.url).content.decode()
    assert "Дякуємо за ремонт мосту" in shown and delete_url not in shown

    client.force_login(resident)
    assert delete_url in client.get(article.url).content.decode()  # the author's own render, with its links
    client.logout()
    client.cookies.clear()

    comment_post(target=article, author=resident, body="І за нове освітлення")
    assert "І за нове освітлення" in client.get(article.url).content.decode()
    warm_queries(client, article.url)
    comment_delete(comment=comment, user=resident)
    shown = client.get(article.url).content.decode()
    assert "Дякуємо за ремонт мосту" not in shown and "Коментар видалено автором" in shown
