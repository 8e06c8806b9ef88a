"""Discussions need a news article with comments on, residents and a moderator."""
import pytest

from cms.roles import role_group
from tests.factories import NewsPageFactory, UserFactory


@pytest.fixture
def article(news_index):
    return NewsPageFactory(parent=news_index, allow_comments=True)


@pytest.fixture
def other_resident(db):
    return UserFactory()


@pytest.fixture
def moderator(roles):
    user = UserFactory(is_staff=False)
    user.groups.add(role_group("moderators"))
    return user
