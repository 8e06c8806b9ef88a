"""forum.demo.seed: a forum with categories, discussed topics and one waiting; running it again changes nothing."""
import io
import random

from django.utils import timezone

from forum import demo
from forum.models import ForumCategory, ForumPage, ForumTopic
from participation.models import Comment, Follow


class FakeCommand:
    def __init__(self):
        self.now, self.random, self.stdout = timezone.now(), random.Random(2026), io.StringIO()


def counts() -> tuple:
    return (ForumPage.objects.count(), ForumCategory.objects.count(), ForumTopic.objects.count(),
            Comment.objects.count())


def test_seed_is_idempotent_and_renders(client, home_page):
    menu = demo.seed(home=home_page, command=FakeCommand())
    assert [label for label, _page in menu] == ["Форум"]
    first = counts()
    assert first[:2] == (1, 5)
    assert ForumTopic.objects.filter(status__in=["published", "closed"]).count() == 8
    pending = ForumTopic.objects.get(status="pending")
    assert Follow.objects.filter(object_id=pending.pk, user=pending.author, reason="created").count() == 1
    assert first[3] >= 16
    assert demo.seed(home=home_page, command=FakeCommand()) == menu
    assert counts() == first
    page = client.get("/forum/").content.decode()
    assert "Знайдено 8 тем" in page and "Благоустрій" in page
    assert client.get(ForumTopic.objects.filter(status="published").first().url).status_code == 200
