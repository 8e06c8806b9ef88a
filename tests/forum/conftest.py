"""The forum needs its page under the home page, categories, residents and a moderator."""
import pytest

from cms.roles import role_group
from forum import services
from forum.models import ForumCategory, ForumPage, ForumTopic
from tests.factories import UserFactory

BODY = "Ліхтарі у дворі не світять уже місяць, увечері дуже темно."


@pytest.fixture
def forum(home_page):
    page = ForumPage(title="Форум громади", slug="forum", intro="Обговорюйте місцеві питання.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def category(db):
    return ForumCategory.objects.create(name="Благоустрій", slug="blahoustrii", order=1)


@pytest.fixture
def other_category(db):
    return ForumCategory.objects.create(name="Транспорт", slug="transport", order=2)


@pytest.fixture
def other_resident(db):
    return UserFactory()


@pytest.fixture
def moderator(roles):
    user = UserFactory(is_staff=False)
    user.groups.add(role_group("moderators"))
    return user


def make_topic(forum, category, author, *, title="Темний двір на Садовій", body=BODY, status="published",
               **fields) -> ForumTopic:
    """A topic straight in the database (services are tested on their own)."""
    from cms.text import latin_slug

    return ForumTopic.objects.create(forum=forum, category=category, author=author, title=title,
                                     slug=latin_slug(title), body=body, status=status, **fields)


@pytest.fixture
def pending_topic(forum, category, resident):
    return services.topic_create(forum=forum, author=resident, category=category, title="Темний двір на Садовій",
                                 body=BODY)


@pytest.fixture
def topic(pending_topic, moderator):
    return services.topic_publish(topic=pending_topic, moderator=moderator)
