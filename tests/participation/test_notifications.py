"""Following and notifications: rows at once, e-mail digests through tasks, settings, one-click unsubscribe."""
import datetime
import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from home.models import NewsPage
from participation import notifications, services
from participation.discussion import PRE_MODERATION
from participation.models import Follow, Notification, NotificationSettings
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def notify(article, **kwargs):
    defaults = {"kind": "status", "title": "Статус змінено", "body": "Розглядається"}
    return notifications.notify_followers(article, **{**defaults, **kwargs})


def test_follow_is_idempotent_and_unfollow_removes(article, resident):
    first = notifications.follow(resident, article)
    assert notifications.follow(resident, article) == first
    assert Follow.objects.filter(user=resident).count() == 1
    assert notifications.is_following(resident, article)
    notifications.unfollow(resident, article)
    assert not notifications.is_following(resident, article)


def test_commenting_follows_automatically_unless_the_resident_turned_it_off(article, resident, other_resident):
    services.comment_post(target=article, author=resident, body="Підтримую")
    assert Follow.objects.get(user=resident).reason == Follow.Reason.COMMENTED
    NotificationSettings.objects.create(user=other_resident, auto_follow=False)
    services.comment_post(target=article, author=other_resident, body="Я теж")
    assert not Follow.objects.filter(user=other_resident).exists()
    # an explicit follow still works
    assert notifications.follow(other_resident, article) is not None


def test_followers_get_one_digest_each_after_commit(article, resident, other_resident,
                                                    django_capture_on_commit_callbacks):
    notifications.follow(resident, article)
    notifications.follow(other_resident, article)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(article, exclude=other_resident) == 1
        notify(article, kind="answer", title="Офіційна відповідь")
    assert Notification.objects.filter(user=resident).count() == 2
    assert Notification.objects.filter(user=other_resident).count() == 1
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {resident.email, other_resident.email}
    digest = by_recipient[resident.email]
    assert "2" in digest.subject  # "2 нові сповіщення ..."
    assert "Статус змінено" in digest.body and "Офіційна відповідь" in digest.body
    assert article.full_url in digest.body
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert by_recipient[other_resident.email].subject == "Офіційна відповідь"
    assert not Notification.objects.filter(email=Notification.Email.PENDING).exists()
    # Running the delivery again sends nothing twice.
    assert notifications.send_notification_emails() == 0
    assert len(mail.outbox) == 2


def test_nothing_is_emailed_before_the_transaction_commits(article, resident, django_capture_on_commit_callbacks):
    notifications.follow(resident, article)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(article)
    assert mail.outbox == [] and len(callbacks) == 1


def test_settings_decide_what_is_emailed(article, resident, django_capture_on_commit_callbacks):
    notifications.follow(resident, article)
    NotificationSettings.objects.create(user=resident, email_status=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(article)
    assert mail.outbox == []
    assert Notification.objects.get(user=resident).email == Notification.Email.SKIPPED
    with django_capture_on_commit_callbacks(execute=True):
        notify(article, kind="answer", title="Відповідь")
    assert len(mail.outbox) == 1


def test_never_keeps_notifications_in_the_account_only(article, resident, django_capture_on_commit_callbacks):
    notifications.follow(resident, article)
    NotificationSettings.objects.create(user=resident, frequency=NotificationSettings.Frequency.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        notify(article, kind="answer", title="Відповідь")
    assert mail.outbox == []
    assert Notification.objects.get(user=resident).email == Notification.Email.SKIPPED


def test_daily_digest_is_sent_at_most_once_a_day(article, resident, django_capture_on_commit_callbacks):
    notifications.follow(resident, article)
    NotificationSettings.objects.create(user=resident, frequency=NotificationSettings.Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        notify(article, title="Перша подія")
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        notify(article, title="Друга подія")
        notify(article, title="Третя подія")
    assert len(mail.outbox) == 1  # waits for tomorrow's digest
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    assert notifications.send_notification_emails(now=tomorrow) == 1
    assert len(mail.outbox) == 2
    assert "Друга подія" in mail.outbox[1].body and "Третя подія" in mail.outbox[1].body


def test_many_followers_are_emailed_in_batches(article, django_capture_on_commit_callbacks, settings):
    settings.PARTICIPATION_NOTIFICATION_BATCH = 2
    followers = UserFactory.create_batch(5)
    for user in followers:
        notifications.follow(user, article)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(article) == 5
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in followers)


def test_notifying_followers_takes_the_same_queries_for_10_and_100(article):
    def count_queries(followers: int) -> int:
        Follow.objects.all().delete()
        for user in UserFactory.create_batch(followers):
            Follow.objects.create(user=user, content_type_id=article.content_type_id, object_id=article.pk)
        with CaptureQueriesContext(connection) as queries:
            assert notify(article) == followers
        return len(queries)

    count_queries(1)  # warms the site-root cache the page URL needs
    # followers, their notifications in one insert, and the object's visibility rule (cms.object_visibility)
    assert count_queries(10) == count_queries(100) <= 4


def test_reply_notifies_the_author_of_the_comment(article, resident, other_resident,
                                                  django_capture_on_commit_callbacks):
    root = services.comment_post(target=article, author=resident, body="Коли відремонтують дорогу?")
    services.comment_post(target=article, author=resident, body="Доповнення від мене", parent=root)
    assert not Notification.objects.exists()  # replying to yourself notifies nobody
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):  # replier reads English
        reply = services.comment_post(target=article, author=other_resident, body="Навесні", parent=root)
    notification = Notification.objects.get(user=resident)
    assert notification.kind == Notification.Kind.REPLY and notification.body == "Навесні"
    assert notification.title == f"{reply.author_name} відповідає на ваш коментар"
    assert notification.url.endswith(f"#comment-{reply.pk}")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [resident.email]


def test_pre_moderated_reply_notifies_only_once_approved(article, resident, other_resident, moderator,
                                                         monkeypatch):
    root = services.comment_post(target=article, author=resident, body="Питання")
    monkeypatch.setattr(NewsPage, "comment_moderation", PRE_MODERATION)
    reply = services.comment_post(target=article, author=other_resident, body="Відповідь", parent=root)
    assert not Notification.objects.filter(user=resident).exists()
    services.comment_approve(comment=reply, moderator=moderator)
    assert Notification.objects.filter(user=resident, kind="reply").count() == 1
    services.comment_approve(comment=reply, moderator=moderator)  # closing reports later: no second notice
    assert Notification.objects.filter(user=resident, kind="reply").count() == 1


def test_one_click_unsubscribe_and_undo(client, resident):
    url = reverse("notifications_unsubscribe", args=[notifications.unsubscribe_token(resident)])
    response = client.get(url)
    assert response.status_code == 200 and "більше не надсилатиме" in response.content.decode()
    assert NotificationSettings.objects.get(user=resident).frequency == "never"
    response = client.post(url, {"action": "resubscribe"})
    assert NotificationSettings.objects.get(user=resident).frequency == "immediate"
    # RFC 8058: the mail program POSTs without a session or CSRF token.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=resident).frequency == "never"


def test_unsubscribe_with_a_forged_token_changes_nothing(client, resident):
    token = notifications.unsubscribe_token(resident)
    response = client.get(reverse("notifications_unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "недійсне" in response.content.decode()
    assert not NotificationSettings.objects.exists()


def test_follow_button_and_toggle_view(client, article, resident):
    client.force_login(resident)
    html = client.get(article.url).content.decode()
    assert 'name="action" value="follow"' in html
    response = client.post(reverse("follow"), {"target_type": "home.newspage", "target_id": article.pk,
                                               "action": "follow"})
    assert response.status_code == 302 and response["Location"].endswith("#follow")
    assert notifications.is_following(resident, article)
    assert 'name="action" value="unfollow"' in client.get(article.url).content.decode()
    client.post(reverse("follow"), {"target_type": "home.newspage", "target_id": article.pk, "action": "unfollow"})
    assert not notifications.is_following(resident, article)


def test_follow_view_refuses_unknown_targets_and_anonymous(client, article):
    response = client.post(reverse("follow"), {"target_type": "cms.user", "target_id": 1, "action": "follow"})
    assert response.status_code == 302 and not Follow.objects.exists()
    response = client.post(reverse("follow"), {"target_type": "home.newspage", "target_id": article.pk,
                                               "action": "follow"})
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_notification_centre_lists_marks_read_and_saves_settings(client, article, resident):
    notifications.follow(resident, article)
    notify(article, title="Рішення ухвалено")
    url = reverse("notifications")
    assert client.get(url).status_code == 302  # login first
    client.post(reverse("account_login"), {"login": resident.email, "password": TEST_PASSWORD})
    html = client.get(url).content.decode()
    assert "Рішення ухвалено" in html and "1 непрочитане" in html and article.title in html
    client.post(url, {"action": "read"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    response = client.post(url, {"frequency": "daily", "email_status": "on", "auto_follow": "on"})
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user=resident)
    assert saved.frequency == "daily" and saved.email_status and not saved.email_answer
    response = client.post(url, {"frequency": "hourly"})
    assert response.status_code == 422
    assert NotificationSettings.objects.get(user=resident).frequency == "daily"


def test_api_follow_unfollow_and_my_notifications(client, article, resident):
    endpoint = "/api/v3/participation/follows/"
    body = {"target_type": "home.newspage", "target_id": article.pk}
    response = client.post(endpoint, body, content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    client.force_login(resident)
    assert client.post(endpoint, body, content_type="application/json").status_code == 201
    response = client.post(endpoint, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["title"] == article.title
    listed = client.get(endpoint).json()
    assert listed["count"] == 1 and listed["items"][0]["target_id"] == article.pk
    missing = client.post(endpoint, {"target_type": "home.newspage", "target_id": 999999},
                          content_type="application/json")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    notify(article, title="Новина")
    items = client.get("/api/v3/participation/notifications/", {"unread": "true"}).json()["items"]
    assert [item["title"] for item in items] == ["Новина"] and items[0]["read"] is False
    assert client.post("/api/v3/participation/notifications/read/").json() == {"marked_read": 1}
    assert client.get("/api/v3/participation/notifications/", {"unread": "true"}).json()["items"] == []
    response = client.delete(f"{endpoint}?target_type=home.newspage&target_id={article.pk}")
    assert response.status_code == 204 and not Follow.objects.exists()


def test_personal_data_export_includes_follows_and_notifications(client, article, resident):
    notifications.follow(resident, article)
    notify(article, title="Подія")
    client.force_login(resident)
    data = json.loads(client.post(reverse("account_export")).content)
    assert data["followed"][0]["reason"] == "manual"
    assert data["notifications"]["items"][0]["title"] == "Подія"


def test_an_object_hidden_after_the_event_leaves_the_inbox_the_count_the_api_and_the_digest(
        client, article, resident, django_capture_on_commit_callbacks):
    notifications.follow(resident, article)
    with django_capture_on_commit_callbacks(execute=False):  # the digest has not left yet
        notify(article, title="Новину оновлено")
    notifications.notify_users([resident], article, kind="staff", title="Для персоналу")
    article.unpublish()
    client.force_login(resident)
    html = client.get(reverse("notifications")).content.decode()
    assert "Новину оновлено" not in html and article.title not in html
    assert notifications.unread_count(resident) == 1  # only the staff notice, which points at the admin
    titles = [item["title"] for item in client.get("/api/v3/participation/notifications/").json()["items"]]
    assert titles == ["Для персоналу"]
    notifications.send_notification_emails()
    assert all("Новину оновлено" not in message.body for message in mail.outbox)
    assert Notification.objects.get(title="Новину оновлено").email == Notification.Email.SKIPPED
    # Published again, the event is back where the resident looks (nothing was deleted).
    article.save_revision().publish()
    assert notifications.unread_count(resident) == 2
