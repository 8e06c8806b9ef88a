"""Rules of the discussion engine, through its services: each bad input is refused and saves nothing."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import ModelLogEntry

from participation import services
from participation.discussion import PRE_MODERATION
from participation.models import Comment, Report, UserSuspension
from tests.confirm import confirmed
from tests.factories import NewsPageFactory, UserFactory


def refused(code, func, **kwargs):
    before = (Comment.objects.count(), Report.objects.count(), UserSuspension.objects.count())
    with pytest.raises(services.ParticipationError) as caught:
        func(**kwargs)
    assert caught.value.code == code
    assert caught.value.message
    assert (Comment.objects.count(), Report.objects.count(), UserSuspension.objects.count()) == before
    return caught.value.message


def test_post_publishes_at_once_on_news(article, resident):
    comment = services.comment_post(target=article, author=resident, body="  Добра новина  ")
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.body == "Добра новина"
    assert comment.target == article


def test_reply_to_a_reply_joins_the_root(article, resident, other_resident):
    root = services.comment_post(target=article, author=resident, body="Питання")
    reply = services.comment_post(target=article, author=other_resident, body="Відповідь", parent=root)
    deeper = services.comment_post(target=article, author=resident, body="Дякую", parent=reply)
    assert reply.parent == root
    assert deeper.parent == root


def test_reply_must_be_in_the_same_discussion(article, news_index, resident):
    other = NewsPageFactory(parent=news_index, allow_comments=True)
    elsewhere = services.comment_post(target=other, author=resident, body="Там")
    refused("invalid_parent", services.comment_post, target=article, author=resident, body="Тут", parent=elsewhere)


def test_empty_comment_is_refused(article, resident):
    refused("empty_comment", services.comment_post, target=article, author=resident, body="   \n ")


def test_oversized_comment_states_the_limit(article, resident):
    message = refused("comment_too_long", services.comment_post, target=article, author=resident, body="я" * 2001)
    assert "2000" in message and "2001" in message


def test_exactly_the_limit_is_accepted(article, resident):
    assert len(services.comment_post(target=article, author=resident, body="я" * 2000).body) == 2000


def test_unverified_resident_cannot_comment(article, unverified_resident):
    refused("not_verified", services.comment_post, target=article, author=unverified_resident, body="Привіт")


def test_more_than_three_links_are_refused(article, resident):
    body = " ".join(f"https://example.com/{n}" for n in range(4))
    refused("too_many_links", services.comment_post, target=article, author=resident, body=body)
    services.comment_post(target=article, author=resident, body=" ".join(body.split()[:3]))


def test_comments_disabled_on_an_article_without_them(news_index, resident):
    quiet = NewsPageFactory(parent=news_index, allow_comments=False)
    refused("comments_disabled", services.comment_post, target=quiet, author=resident, body="Привіт")


def test_closed_discussion_is_read_only(article, resident, monkeypatch):
    monkeypatch.setattr(type(article), "comments_closed", property(lambda self: True))
    message = refused("discussion_closed", services.comment_post, target=article, author=resident, body="Пізно")
    assert message == article.comments_closed_note


def test_suspended_user_cannot_comment_until_the_end(article, resident, moderator):
    services.user_suspend(user=resident, moderator=moderator, reason="Образи",
                          until=timezone.now() + datetime.timedelta(days=1))
    message = refused("suspended", services.comment_post, target=article, author=resident, body="Привіт")
    assert "Образи" in message
    later = timezone.now() + datetime.timedelta(days=2)
    assert services.comment_post(target=article, author=resident, body="Я повернувся", now=later)


def test_suspension_needs_a_reason_a_future_end_and_a_moderator(resident, moderator, other_resident):
    soon = timezone.now() + datetime.timedelta(days=1)
    refused("reason_required", services.user_suspend, user=resident, moderator=moderator, until=soon, reason=" ")
    refused("invalid_period", services.user_suspend, user=resident, moderator=moderator, reason="Спам",
            until=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(PermissionDenied):
        services.user_suspend(user=resident, moderator=other_resident, until=soon, reason="Спам")
    assert not UserSuspension.objects.exists()


def test_rate_limit_per_minute(article, resident, settings):
    settings.PARTICIPATION_RATE_LIMIT = (2, 60)
    services.comment_post(target=article, author=resident, body="Перший")
    services.comment_post(target=article, author=resident, body="Другий")
    refused("rate_limited", services.comment_post, target=article, author=resident, body="Третій")


def test_the_same_text_twice_is_rate_limited(article, resident, other_resident):
    services.comment_post(target=article, author=resident, body="Дуже важливо")
    refused("rate_limited", services.comment_post, target=article, author=resident, body="дуже   важливо")
    # another resident may say the same
    services.comment_post(target=article, author=other_resident, body="Дуже важливо")


def test_pre_moderation_keeps_comments_pending(article, resident, monkeypatch):
    monkeypatch.setattr(type(article), "comment_moderation", PRE_MODERATION)
    assert services.comment_post(target=article, author=resident, body="Чекаю").status == Comment.Status.PENDING


def test_edit_within_the_window(article, resident):
    comment = services.comment_post(target=article, author=resident, body="Перша версія")
    edited = services.comment_edit(comment=comment, user=resident, body="Друга версія",
                                   now=comment.created_at + datetime.timedelta(minutes=14))
    assert edited.body == "Друга версія" and edited.edited_at


def test_edit_after_the_window_is_refused(article, resident):
    comment = services.comment_post(target=article, author=resident, body="Перша версія")
    with pytest.raises(services.ParticipationError) as caught:
        services.comment_edit(comment=comment, user=resident, body="Пізно",
                              now=comment.created_at + datetime.timedelta(minutes=16))
    assert caught.value.code == "edit_window_passed" and "15" in caught.value.message
    comment.refresh_from_db()
    assert comment.body == "Перша версія" and comment.edited_at is None


def test_edit_window_follows_the_setting_and_the_clock(article, resident, settings, monkeypatch):
    settings.PARTICIPATION_COMMENT_EDIT_WINDOW = 60
    comment = services.comment_post(target=article, author=resident, body="Перша версія")
    frozen = comment.created_at + datetime.timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    with pytest.raises(services.ParticipationError):
        services.comment_edit(comment=comment, user=resident, body="Пізно")


def test_only_the_author_edits_or_deletes(article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Моє")
    with pytest.raises(services.ParticipationError) as caught:
        services.comment_edit(comment=comment, user=other_resident, body="Чуже")
    assert caught.value.code == "not_author"
    with pytest.raises(services.ParticipationError):
        services.comment_delete(comment=comment, user=other_resident)
    comment.refresh_from_db()
    assert comment.body == "Моє" and not comment.is_deleted


def test_edit_applies_the_same_rules(article, resident):
    comment = services.comment_post(target=article, author=resident, body="Коротко")
    with pytest.raises(services.ParticipationError) as caught:
        services.comment_edit(comment=comment, user=resident, body="я" * 2001)
    assert caught.value.code == "comment_too_long"
    comment.refresh_from_db()
    assert comment.body == "Коротко"


def test_delete_leaves_a_tombstone_and_keeps_replies(article, resident, other_resident):
    root = services.comment_post(target=article, author=resident, body="Текст")
    reply = services.comment_post(target=article, author=other_resident, body="Відповідь", parent=root)
    services.comment_delete(comment=root, user=resident)
    root.refresh_from_db()
    assert root.is_deleted and root.body == ""
    assert list(root.replies.all()) == [reply]
    refused("invalid_parent", services.comment_post, target=article, author=other_resident, body="Ще", parent=root)


def test_report_once_per_resident(article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Текст")
    services.comment_report(comment=comment, reporter=other_resident, reason="spam", text="Реклама")
    refused("already_reported", services.comment_report, comment=comment, reporter=other_resident, reason="abuse")
    refused("own_comment", services.comment_report, comment=comment, reporter=resident, reason="abuse")
    refused("invalid_reason", services.comment_report, comment=comment, reporter=UserFactory(), reason="boring")
    comment.refresh_from_db()
    assert comment.open_reports == 1


def test_unverified_resident_cannot_report(article, resident, unverified_resident):
    comment = services.comment_post(target=article, author=resident, body="Текст")
    refused("not_verified", services.comment_report, comment=comment, reporter=unverified_resident, reason="spam")


def test_moderation_actions_are_logged(article, resident, other_resident, moderator):
    comment = services.comment_post(target=article, author=resident, body="Текст")
    services.comment_report(comment=comment, reporter=other_resident, reason="abuse")
    confirmed(services.comment_hide, comment=comment, moderator=moderator, reason="Образи")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and comment.hide_reason == "Образи"
    assert comment.open_reports == 0 and comment.reports.get().resolved_at
    services.comment_restore(comment=comment, moderator=moderator)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.hide_reason == ""
    entries = ModelLogEntry.objects.filter(object_id=str(comment.pk)).order_by("timestamp", "pk")
    assert [entry.action for entry in entries] == ["participation.comment.hide", "participation.comment.restore"]
    assert all(entry.user_id == moderator.pk for entry in entries)
    assert entries[0].data["reason"] == "Образи"


def test_approve_publishes_pending(article, resident, moderator, monkeypatch):
    monkeypatch.setattr(type(article), "comment_moderation", PRE_MODERATION)
    comment = services.comment_post(target=article, author=resident, body="Чекаю")
    services.comment_approve(comment=comment, moderator=moderator)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.moderated_by == moderator
    assert ModelLogEntry.objects.filter(action="participation.comment.approve").count() == 1


def test_hide_needs_a_reason_and_a_moderator(article, resident, other_resident, moderator):
    comment = services.comment_post(target=article, author=resident, body="Текст")
    with pytest.raises(services.ParticipationError) as caught:
        confirmed(services.comment_hide, comment=comment, moderator=moderator, reason="  ")
    assert caught.value.code == "reason_required"
    with pytest.raises(PermissionDenied):
        confirmed(services.comment_hide, comment=comment, moderator=other_resident, reason="Бо так")
    with pytest.raises(services.ParticipationError) as caught:  # the moderator did not see the text
        services.comment_hide(comment=comment, moderator=moderator, reason="Бо так", confirmation="")
    assert caught.value.code == "confirmation_required"
    with pytest.raises(services.ParticipationError):  # they confirmed another reason than the one sent
        services.comment_hide(comment=comment, moderator=moderator, reason="Бо так", confirmation=(
            services.comment_hide_statement(comment=comment, reason="Спам").digest))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert not ModelLogEntry.objects.filter(action__startswith="participation.").exists()


def test_suspension_is_logged(resident, moderator):
    suspension = services.user_suspend(user=resident, moderator=moderator, reason="Спам",
                                       until=timezone.now() + datetime.timedelta(days=7))
    entry = ModelLogEntry.objects.get(action="participation.user.suspend")
    assert entry.object_id == str(suspension.pk) and entry.data["user_id"] == resident.pk


def test_deleting_the_account_keeps_the_thread(article, resident, other_resident):
    from cms.services import user_delete_account

    root = services.comment_post(target=article, author=resident, body="Текст")
    services.comment_post(target=article, author=other_resident, body="Відповідь", parent=root)
    user_delete_account(user=resident)
    root.refresh_from_db()
    assert root.author is None and root.body == "Текст" and root.replies.count() == 1
    assert root.author_name == "Колишній користувач"


def test_personal_data_export_has_the_comments_and_reports(article, resident, other_resident):
    from cms.services import user_export_personal_data

    mine = services.comment_post(target=article, author=resident, body="Мій коментар")
    theirs = services.comment_post(target=article, author=other_resident, body="Чужий")
    services.comment_report(comment=theirs, reporter=resident, reason="spam", text="Реклама")
    data = user_export_personal_data(user=resident)
    assert [item["text"] for item in data["comments"]] == ["Мій коментар"]
    assert data["comments"][0]["on"] == f"home.newspage:{article.pk}" and data["comments"][0]["id"] == mine.pk
    assert [(item["comment_id"], item["text"]) for item in data["comment_reports"]] == [(theirs.pk, "Реклама")]


def test_edit_under_pre_moderation_waits_for_a_moderator_again(article, resident, moderator, monkeypatch):
    monkeypatch.setattr(type(article), "comment_moderation", PRE_MODERATION)
    comment = services.comment_post(target=article, author=resident, body="Перша версія")
    services.comment_approve(comment=comment, moderator=moderator)
    edited = services.comment_edit(comment=comment, user=resident, body="Друга версія")
    assert edited.status == Comment.Status.PENDING


def test_hidden_comment_cannot_be_edited_or_replied_to(article, resident, other_resident, moderator):
    comment = services.comment_post(target=article, author=resident, body="Текст")
    confirmed(services.comment_hide, comment=comment, moderator=moderator, reason="Спам")
    with pytest.raises(services.ParticipationError) as caught:
        services.comment_edit(comment=comment, user=resident, body="Виправив")
    assert caught.value.code == "invalid_state"
    refused("invalid_parent", services.comment_post, target=article, author=other_resident, body="Ну", parent=comment)


def test_audit_log_message_carries_the_reason(article, resident, moderator):
    from django.utils import translation

    comment = services.comment_post(target=article, author=resident, body="Текст")
    confirmed(services.comment_hide, comment=comment, moderator=moderator, reason="Реклама")
    entry = ModelLogEntry.objects.get(action="participation.comment.hide")
    with translation.override("uk"):
        assert entry.message == "Коментар приховано: Реклама"


def test_deleting_the_article_deletes_its_discussion(article, news_index, resident):
    other = NewsPageFactory(parent=news_index, allow_comments=True)
    root = services.comment_post(target=article, author=resident, body="Тут")
    services.comment_post(target=article, author=UserFactory(), body="Відповідь", parent=root)
    kept = services.comment_post(target=other, author=UserFactory(), body="Там")
    article.delete()
    assert list(Comment.objects.all()) == [kept]


def test_copying_or_revising_the_article_leaves_the_discussion_alone(article, news_index, resident):
    services.comment_post(target=article, author=resident, body="Тут")
    article.save_revision().publish()
    copy = article.copy(to=news_index, update_attrs={"slug": "kopiia", "title": "Копія"})
    assert Comment.objects.filter(object_id=copy.pk).count() == 0
    assert Comment.objects.filter(object_id=article.pk).count() == 1


def test_reports_are_rate_limited_per_account(article, resident, other_resident, settings):
    settings.PARTICIPATION_REPORT_RATE_LIMIT = (2, 3600)
    authors = UserFactory.create_batch(3)
    comments = [Comment.objects.create(content_type_id=article.content_type_id, object_id=article.pk,
                                       author=author, body=f"Текст {n}") for n, author in enumerate(authors)]
    services.comment_report(comment=comments[0], reporter=other_resident, reason="spam")
    services.comment_report(comment=comments[1], reporter=other_resident, reason="spam")
    error = refused("rate_limited", services.comment_report, comment=comments[2], reporter=other_resident,
                    reason="spam")
    assert "2" in error
    assert Report.objects.filter(reporter=other_resident).count() == 2
    services.comment_report(comment=comments[2], reporter=resident, reason="spam")  # others are not affected
