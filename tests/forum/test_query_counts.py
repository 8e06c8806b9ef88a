"""The forum list (page and API) costs the same number of queries with 5 and with 50 topics."""
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import ForumCategory, ForumTopic
from participation.models import Comment
from tests.factories import UserFactory


def make_topics(forum, size: int) -> None:
    categories = [ForumCategory.objects.get_or_create(slug=f"rozdil-{n}", defaults={"name": f"Розділ {n}"})[0]
                  for n in range(3)]
    authors = [UserFactory() for _ in range(3)]
    topics = ForumTopic.objects.bulk_create([
        ForumTopic(forum=forum, category=categories[n % 3], author=authors[n % 3], title=f"Тема номер {n}",
                   slug=f"tema-{n}", body="Текст теми для обговорення на форумі.", status="published")
        for n in range(size)
    ])
    content_type = ContentType.objects.get_for_model(ForumTopic)
    Comment.objects.bulk_create([Comment(content_type=content_type, object_id=topic.pk, author=authors[0],
                                         body="Коментар") for topic in topics for _ in range(2)])


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_page_costs_the_same_for_5_and_50_topics(forum, resident, settings, django_assert_num_queries):
    settings.FORUM_TOPICS_PER_PAGE = 50
    make_topics(forum, 5)
    resident_client = Client()
    resident_client.force_login(resident)
    clients = [Client(), resident_client]
    small = []
    for client in clients:
        client.get("/forum/")  # warm caches (site root, settings)
        small.append(count(client, "/forum/"))
    make_topics(forum, 45)
    for client, expected in zip(clients, small, strict=True):
        with django_assert_num_queries(expected):
            response = client.get("/forum/")
        assert response.content.decode().count("2 коментарі") == 50


def test_api_list_costs_the_same_for_5_and_50_topics(forum, django_assert_num_queries):
    make_topics(forum, 5)
    client = Client()
    url = "/api/v3/participation/forum/topics/?limit=50"
    client.get(url)  # warm caches (site root)
    expected = count(client, url)
    make_topics(forum, 45)
    with django_assert_num_queries(expected):
        assert len(client.get(url).json()["items"]) == 50


def test_admin_queue_costs_the_same_for_5_and_50_topics(client, forum, moderator, django_assert_num_queries):
    from tests.factories import activate_totp, login_with_mfa

    activate_totp(moderator)
    login_with_mfa(client, moderator)
    make_topics(forum, 5)
    client.get("/admin/forum/topics/")
    expected = count(client, "/admin/forum/topics/")
    make_topics(forum, 45)
    with django_assert_num_queries(expected):
        client.get("/admin/forum/topics/")


def test_notification_centre_costs_the_same_for_2_and_12_followed_topics(forum, resident, django_assert_num_queries):
    from participation.models import Follow

    def follow_all():
        Follow.objects.bulk_create([Follow(user=resident, content_type=ContentType.objects.get_for_model(ForumTopic),
                                           object_id=topic.pk, reason="manual")
                                    for topic in ForumTopic.objects.all()], ignore_conflicts=True)

    make_topics(forum, 2)
    follow_all()
    client = Client()
    client.force_login(resident)
    client.get("/account/notifications/")  # warm caches (site root, settings)
    expected = count(client, "/account/notifications/")
    ForumTopic.objects.all().delete()
    make_topics(forum, 12)
    follow_all()
    with django_assert_num_queries(expected):
        page = client.get("/account/notifications/").content.decode()
    assert page.count('href="/forum/') >= 12
