"""Rules of the forum, through its services: every bad input is refused in Ukrainian and saves nothing."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from forum import services
from forum.models import ForumCategory, ForumTopic
from participation import services as participation_services
from participation.models import Comment, UserSuspension
from tests.confirm import STATEMENTS, confirmed
from tests.factories import UserFactory

from .conftest import BODY, make_topic


@pytest.fixture(autouse=True)
def _ukrainian():
    with translation.override("uk"):
        yield


def refused(code, **kwargs) -> services.ForumError:
    before = ForumTopic.objects.count()
    with pytest.raises(participation_services.ParticipationError) as caught:
        services.topic_create(**kwargs)
    assert caught.value.code == code
    assert ForumTopic.objects.count() == before
    return caught.value


def new(forum, category, author, **overrides) -> dict:
    return {"forum": forum, "category": category, "author": author, "title": "Темний двір на Садовій",
            "body": BODY, **overrides}


def test_a_new_topic_waits_for_a_moderator(forum, category, resident):
    topic = services.topic_create(**new(forum, category, resident, title="  Темний   двір на Садовій  ",
                                        body=f"\n  {BODY}  \n"))
    assert topic.status == ForumTopic.Status.PENDING
    assert topic.title == "Темний двір на Садовій" and topic.body == BODY
    assert topic.slug == "temnyi-dvir-na-sadovii"
    assert topic.author == resident and topic.forum == forum and topic.category == category
    assert topic.published_at is None


@pytest.mark.parametrize(("title", "field", "words"), [
    ("", "title", "Напишіть назву"),
    ("   ", "title", "Напишіть назву"),
    ("Двір", "title", "щонайменше 5"),
    ("я" * 151, "title", "не більше 150"),
])
def test_bad_titles_are_refused_with_the_limit(forum, category, resident, title, field, words):
    error = refused("invalid_topic", **new(forum, category, resident, title=title))
    assert error.field == field and words in error.message


@pytest.mark.parametrize(("body", "words"), [
    ("", "Опишіть питання"),
    ("  \n ", "Опишіть питання"),
    ("Коротко.", "щонайменше 20"),
    ("я" * 5001, "не більше 5000"),
    ("Дивіться https://a.example https://b.example https://c.example www.d.example", "щонайбільше 3 посилання"),
])
def test_bad_bodies_are_refused_with_the_limit(forum, category, resident, body, words):
    error = refused("invalid_topic", **new(forum, category, resident, body=body))
    assert error.field == "body" and words in error.message


def test_limits_themselves_are_accepted(forum, category, resident, other_resident):
    assert services.topic_create(**new(forum, category, resident, title="я" * 150, body="ю" * 5000))
    assert services.topic_create(**new(forum, category, other_resident, title="Двори", body="ж" * 20))


def test_a_category_is_required_and_must_exist(forum, category, resident):
    error = refused("invalid_topic", **new(forum, None, resident))
    assert error.field == "category" and "Оберіть категорію" in error.message
    gone = ForumCategory(pk=999999, name="Стара", slug="stara")
    refused("invalid_topic", **new(forum, gone, resident))


def test_unverified_resident_cannot_start_a_topic(forum, category, unverified_resident):
    error = refused("not_verified", **new(forum, category, unverified_resident))
    assert "Підтвердьте" in error.message


def test_suspended_resident_cannot_start_a_topic(forum, category, resident, moderator):
    UserSuspension.objects.create(user=resident, moderator=moderator, reason="Образи",
                                  until=timezone.now() + datetime.timedelta(days=3))
    error = refused("suspended", **new(forum, category, resident))
    assert "не може створювати теми" in error.message and "Образи" in error.message


def test_an_ended_suspension_no_longer_blocks(forum, category, resident, moderator):
    UserSuspension.objects.create(user=resident, moderator=moderator, reason="Образи",
                                  starts_at=timezone.now() - datetime.timedelta(days=8),
                                  until=timezone.now() - datetime.timedelta(days=1))
    assert services.topic_create(**new(forum, category, resident))


@override_settings(FORUM_TOPIC_RATE_LIMIT=(2, 3600))
def test_rate_limit_per_resident(forum, category, resident, other_resident):
    services.topic_create(**new(forum, category, resident, title="Перша тема про двір"))
    services.topic_create(**new(forum, category, resident, title="Друга тема про двір"))
    error = refused("rate_limited", **new(forum, category, resident, title="Третя тема про двір"))
    assert "щонайбільше 2 теми на годину" in error.message
    assert services.topic_create(**new(forum, category, other_resident, title="Третя тема про двір"))


def test_the_same_topic_twice_is_refused(forum, category, resident):
    services.topic_create(**new(forum, category, resident))
    error = refused("rate_limited", **new(forum, category, resident))
    assert "таким самим текстом" in error.message


def test_topic_limits_do_not_use_up_the_comment_limit(forum, category, resident, other_category):
    """Each kind of post has its own counter (the rate check is shared code, not a shared budget)."""
    topic = make_topic(forum, category, resident)
    for number in range(3):
        participation_services.comment_post(target=topic, author=resident, body=f"Коментар {number}")
    assert services.topic_create(**new(forum, other_category, resident))


# --- moderation --------------------------------------------------------------------------------------------


def actions() -> list[str]:
    return list(ModelLogEntry.objects.order_by("pk").values_list("action", flat=True))


def test_publish_puts_the_topic_on_top_and_logs(pending_topic, moderator):
    older = make_topic(pending_topic.forum, pending_topic.category, None, title="Давня тема форуму",
                       last_activity_at=timezone.now() - datetime.timedelta(days=2))
    topic = services.topic_publish(topic=pending_topic, moderator=moderator)
    assert topic.status == ForumTopic.Status.PUBLISHED and topic.published_at and topic.moderated_by == moderator
    assert topic.last_activity_at > older.last_activity_at
    assert actions() == ["forum.topic.publish"]
    entry = ModelLogEntry.objects.get()
    assert entry.user == moderator and entry.object_id == str(topic.pk)


def test_hide_needs_a_reason_and_the_author_sees_it(topic, moderator):
    with pytest.raises(services.ForumError) as caught:
        confirmed(services.topic_hide, topic=topic, moderator=moderator, reason="  ")
    assert caught.value.code == "reason_required"
    topic.refresh_from_db()
    assert topic.status == ForumTopic.Status.PUBLISHED
    hidden = confirmed(services.topic_hide, topic=topic, moderator=moderator, reason="Реклама")
    assert hidden.status == ForumTopic.Status.HIDDEN and hidden.hide_reason == "Реклама"
    assert ModelLogEntry.objects.filter(action="forum.topic.hide").get().data == {"reason": "Реклама"}


def test_restore_close_and_reopen(topic, moderator):
    confirmed(services.topic_hide, topic=topic, moderator=moderator, reason="Перевірка")
    restored = services.topic_restore(topic=topic, moderator=moderator)
    assert restored.status == ForumTopic.Status.PUBLISHED and restored.hide_reason == ""
    closed = confirmed(services.topic_close, topic=topic, moderator=moderator, reason="Вирішено")
    assert closed.status == ForumTopic.Status.CLOSED and closed.comments_closed and closed.comments_enabled
    reopened = confirmed(services.topic_reopen, topic=topic, moderator=moderator)
    assert reopened.status == ForumTopic.Status.PUBLISHED
    assert actions() == ["forum.topic.publish", "forum.topic.hide", "forum.topic.restore", "forum.topic.close",
                         "forum.topic.reopen"]


@pytest.mark.parametrize(("action", "status"), [
    (services.topic_publish, "published"), (services.topic_restore, "published"),
    (services.topic_close, "pending"), (services.topic_reopen, "published"),
])
def test_actions_refuse_the_wrong_state(forum, category, resident, moderator, action, status):
    topic = make_topic(forum, category, resident, status=status)
    with pytest.raises(services.ForumError) as caught:
        if action in STATEMENTS:
            confirmed(action, topic=topic, moderator=moderator, reason="Причина")
        else:
            action(topic=topic, moderator=moderator)
    assert caught.value.code == "invalid_state"
    assert ModelLogEntry.objects.count() == 0


def test_only_moderators_moderate(pending_topic, resident, roles):
    from cms.roles import role_group

    editor = UserFactory()
    editor.groups.add(role_group("press_office"))
    for user in (resident, editor):
        with pytest.raises(PermissionDenied):
            services.topic_publish(topic=pending_topic, moderator=user)
    pending_topic.refresh_from_db()
    assert pending_topic.status == ForumTopic.Status.PENDING and ModelLogEntry.objects.count() == 0


# --- the discussion of a topic -----------------------------------------------------------------------------


def test_comments_only_on_public_topics_and_closed_is_read_only(pending_topic, moderator, other_resident):
    with pytest.raises(participation_services.ParticipationError) as caught:
        participation_services.comment_post(target=pending_topic, author=other_resident, body="Рано")
    assert caught.value.code == "comments_disabled"
    services.topic_publish(topic=pending_topic, moderator=moderator)
    pending_topic.refresh_from_db()
    comment = participation_services.comment_post(target=pending_topic, author=other_resident, body="Згоден")
    assert comment.status == Comment.Status.PUBLISHED  # post-moderation: at once
    confirmed(services.topic_close, topic=pending_topic, moderator=moderator, reason="Вирішено")
    pending_topic.refresh_from_db()
    with pytest.raises(participation_services.ParticipationError) as caught:
        participation_services.comment_post(target=pending_topic, author=other_resident, body="Ще одне")
    assert caught.value.code == "discussion_closed" and "закрив" in caught.value.message


def test_a_published_comment_is_activity(forum, category, resident, other_resident):
    earlier = timezone.now() - datetime.timedelta(days=3)
    quiet = make_topic(forum, category, resident, title="Тиха тема форуму", last_activity_at=earlier)
    busy = make_topic(forum, category, resident, title="Жвава тема форуму",
                      last_activity_at=earlier - datetime.timedelta(days=1))
    comment = participation_services.comment_post(target=busy, author=other_resident, body="Підтримую")
    busy.refresh_from_db()
    quiet.refresh_from_db()
    assert busy.last_activity_at == comment.created_at and quiet.last_activity_at == earlier
    participation_services.comment_edit(comment=comment, user=other_resident, body="Підтримую повністю")
    busy.refresh_from_db()
    assert busy.last_activity_at == comment.created_at  # an edit is not new activity


# --- following and notifications --------------------------------------------------------------------------


def test_the_author_follows_the_topic_and_hears_of_publication(pending_topic, resident, moderator,
                                                                django_capture_on_commit_callbacks):
    from django.core import mail

    from participation import notifications
    from participation.models import Follow, Notification

    assert notifications.is_following(resident, pending_topic)
    assert Follow.objects.get(user=resident).reason == Follow.Reason.CREATED
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_publish(topic=pending_topic, moderator=moderator)
    notice = Notification.objects.get(user=resident)
    assert notice.kind == Notification.Kind.STATUS and notice.target == pending_topic
    assert "опубліковано" in notice.title and pending_topic.title in notice.title
    assert notice.url.endswith(f"/forum/{pending_topic.pk}-{pending_topic.slug}/")
    assert [message.to for message in mail.outbox] == [[resident.email]]
    assert pending_topic.title in mail.outbox[0].body


def test_the_author_hears_why_the_topic_was_hidden(topic, resident, moderator):
    from participation.models import Notification

    confirmed(services.topic_hide, topic=topic, moderator=moderator, reason="Персональні дані сусідів")
    notices = list(Notification.objects.filter(user=resident).order_by("pk"))
    assert len(notices) == 2  # published, then hidden
    assert "приховав" in notices[1].title and "Персональні дані сусідів" in notices[1].body


def test_closing_and_reopening_tell_the_followers_but_not_the_moderator(topic, resident, other_resident, moderator):
    from participation.models import Notification
    from participation.notifications import follow

    follow(other_resident, topic)
    follow(moderator, topic)  # the moderator follows too, but knows what they did
    Notification.objects.all().delete()  # the author's "published"
    with translation.override("en"):  # a moderator whose admin is in English: residents still read Ukrainian
        confirmed(services.topic_close, topic=topic, moderator=moderator,
                  reason="  Питання вирішено:   ліхтарі   встановлено ")
    closed = Notification.objects.filter(kind="status")
    assert sorted(closed.values_list("user_id", flat=True)) == sorted([resident.pk, other_resident.pk])
    assert set(closed.values_list("title", flat=True)) == {
        "Модератор закрив тему «Темний двір на Садовій»: Питання вирішено: ліхтарі встановлено"}
    assert "лише для читання" in closed.first().body and closed.first().url == topic.get_url()
    topic.refresh_from_db()
    assert topic.hide_reason == ""  # the reason for closing is in the log, not shown as a reason for hiding
    assert ModelLogEntry.objects.filter(action="forum.topic.close").get().data == {
        "reason": "Питання вирішено: ліхтарі встановлено"}

    confirmed(services.topic_reopen, topic=topic, moderator=moderator)
    reopened = Notification.objects.filter(title="Модератор знову відкрив тему «Темний двір на Садовій»")
    assert sorted(reopened.values_list("user_id", flat=True)) == sorted([resident.pk, other_resident.pk])
    assert not Notification.objects.filter(user=moderator).exists()
    assert Notification.objects.count() == 4


def test_a_long_reason_cut_from_the_title_stays_whole_in_the_text(topic, resident, moderator):
    from participation.models import Notification

    reason = "Обговорення вичерпане. " * 20
    confirmed(services.topic_close, topic=topic, moderator=moderator, reason=reason)
    notice = Notification.objects.filter(user=resident, kind="status").latest("pk")
    assert len(notice.title) == 300 and notice.title.startswith("Модератор закрив тему")
    assert reason.strip() in notice.body


def test_refused_closing_tells_nobody(pending_topic, resident, moderator):
    from participation.models import Notification

    with pytest.raises(services.ForumError):
        confirmed(services.topic_close, topic=pending_topic, moderator=moderator, reason="Не на часі")
    assert not Notification.objects.exists()


def test_moderators_reasons_lose_nul_characters(topic, moderator):
    # The bulk action passes the raw POSTed reason: a NUL must not reach PostgreSQL.
    hidden = confirmed(services.topic_hide, topic=topic, moderator=moderator, reason="Рекл\x00ама")
    assert hidden.hide_reason == "Реклама"
    restored = services.topic_restore(topic=hidden, moderator=moderator)
    closed = confirmed(services.topic_close, topic=restored, moderator=moderator, reason="Вир\x00ішено")
    assert ModelLogEntry.objects.filter(action="forum.topic.close").get().data == {"reason": "Вирішено"}
    assert closed.status == ForumTopic.Status.CLOSED


def test_author_is_told_in_ukrainian_whatever_the_moderators_admin_language(pending_topic, moderator):
    from django.utils import translation

    from participation.models import Notification

    with translation.override("en"):  # the moderator's admin is in English
        topic = services.topic_publish(topic=pending_topic, moderator=moderator)
        confirmed(services.topic_hide, topic=topic, moderator=moderator, reason="Реклама")
    titles = list(Notification.objects.filter(user=pending_topic.author).order_by("pk").values_list("title", "body"))
    assert titles == [(f"Вашу тему «{topic.title}» опубліковано", ""),
                      (f"Модератор приховав вашу тему «{topic.title}»", "Причина: Реклама")]


def test_public_moderation_needs_the_confirmed_text_and_closing_needs_a_reason(topic, resident, moderator):
    from participation.models import Notification

    follow_count = Notification.objects.count()
    with pytest.raises(services.ForumError) as caught:
        confirmed(services.topic_close, topic=topic, moderator=moderator, reason="   ")
    assert caught.value.code == "reason_required" and caught.value.message
    for confirmation in (None, "", "0" * 24):
        with pytest.raises(services.ForumError) as caught:
            services.topic_close(topic=topic, moderator=moderator, reason="Вирішено", confirmation=confirmation)
        assert caught.value.code == "confirmation_required" and "підтвердьте" in caught.value.message
    # a confirmation of another text (or another action) does not publish this one
    other = services.topic_moderation_statement(topic=topic, action="close", reason="Інша причина").digest
    hide = services.topic_moderation_statement(topic=topic, action="hide", reason="Вирішено").digest
    for confirmation in (other, hide):
        with pytest.raises(services.ForumError):
            services.topic_close(topic=topic, moderator=moderator, reason="Вирішено", confirmation=confirmation)
    topic.refresh_from_db()
    assert topic.status == ForumTopic.Status.PUBLISHED
    assert Notification.objects.count() == follow_count and not ModelLogEntry.objects.filter(
        action="forum.topic.close").exists()
