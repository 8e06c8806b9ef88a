"""Every write of the forum: a resident starts a topic; moderators publish, hide, restore, close, reopen.

Each is one transaction; rules raise ForumError (a ParticipationError) with a stable code and a message."""
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.confirmation import PublicText, Statement, require_confirmation
from cms.text import latin_slug
from participation import notifications
from participation.models import Notification
from participation.services import LINK, ParticipationError, check_author, check_rate, clean_text, count_post

from .models import (
    BODY_MAX_LENGTH,
    BODY_MIN_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    ForumCategory,
    ForumPage,
    ForumTopic,
)

MODERATE_PERMISSION = "forum.moderate_forumtopic"
RATE_SCOPE = "forum-topic"


class ForumError(ParticipationError):
    """``field`` names the form field the message belongs to (None: the whole form)."""

    STATUS = {**ParticipationError.STATUS, "invalid_topic": 422}

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(code, message)
        self.field = field


def _check_title(title: str) -> str:
    title = " ".join(clean_text(title).split())
    if not title:
        raise ForumError("invalid_topic", _("Write the title of the topic."), field="title")
    if len(title) < TITLE_MIN_LENGTH:
        raise ForumError("invalid_topic", _(
            "The title must be at least %(limit)d characters long; this one has %(length)d."
        ) % {"limit": TITLE_MIN_LENGTH, "length": len(title)}, field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise ForumError("invalid_topic", _(
            "The title can be at most %(limit)d characters long; this one has %(length)d."
        ) % {"limit": TITLE_MAX_LENGTH, "length": len(title)}, field="title")
    return title


def _check_body(body: str) -> str:
    body = clean_text(body)
    if not body:
        raise ForumError("invalid_topic", _("Describe the issue you want to discuss."), field="body")
    if len(body) < BODY_MIN_LENGTH:
        raise ForumError("invalid_topic", _(
            "The text must be at least %(limit)d characters long; this one has %(length)d."
        ) % {"limit": BODY_MIN_LENGTH, "length": len(body)}, field="body")
    if len(body) > BODY_MAX_LENGTH:
        raise ForumError("invalid_topic", _(
            "The text can be at most %(limit)d characters long; this one has %(length)d."
        ) % {"limit": BODY_MAX_LENGTH, "length": len(body)}, field="body")
    links = len(LINK.findall(body))
    if links > settings.PARTICIPATION_MAX_LINKS:
        raise ForumError("invalid_topic", _(
            "The text can contain at most %(limit)d links; this one has %(count)d."
        ) % {"limit": settings.PARTICIPATION_MAX_LINKS, "count": links}, field="body")
    return body


def _check_category(category) -> ForumCategory:
    if not isinstance(category, ForumCategory) or not ForumCategory.objects.filter(pk=category.pk).exists():
        raise ForumError("invalid_topic", _("Choose a category of the forum."), field="category")
    return category


def topic_can_start(user) -> bool:
    """Whether to offer the new-topic form (the service decides again on submission)."""
    try:
        check_author(user)
    except ParticipationError:
        return False
    return True


@transaction.atomic
def topic_create(*, forum: ForumPage, author, category: ForumCategory | None, title: str, body: str,
                 now: datetime.datetime | None = None) -> ForumTopic:
    """A resident starts a topic; it waits for a moderator, and its author follows it from now on."""
    now = now or timezone.now()
    check_author(author, now=now, suspended_message=_(
        "Your account may not start topics or post comments until %(until)s. Reason: %(reason)s"))
    category = _check_category(category)
    title, body = _check_title(title), _check_body(body)
    limit, window = settings.FORUM_TOPIC_RATE_LIMIT
    check_rate(author, f"{title}\n{body}", scope=RATE_SCOPE, limit=limit,
               duplicate=_("You have just sent a topic with the same text. It is waiting for a moderator."),
               too_often=_("You can start at most %(limit)d topics an hour. Wait a little and try again.")
               % {"limit": limit})
    topic = ForumTopic(forum=forum, category=category, title=title, slug=latin_slug(title, max_length=80),
                       body=body, author=author, status=ForumTopic.Status.PENDING, created_at=now,
                       last_activity_at=now)
    topic.full_clean()
    topic.save()
    count_post(author, f"{title}\n{body}", scope=RATE_SCOPE, window=window,
               duplicate_window=settings.PARTICIPATION_DUPLICATE_WINDOW)
    notifications.follow(author, topic, reason="created")
    return topic


def _check_moderator(moderator) -> None:
    if not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied


def _moderate(topic: ForumTopic, moderator, *, status: str, action: str, allowed_from: set[str],
              reason: str = "") -> ForumTopic:
    _check_moderator(moderator)
    topic = ForumTopic.objects.select_for_update(of=("self",)).select_related("forum", "author").get(pk=topic.pk)
    if topic.status not in allowed_from:
        raise ForumError("invalid_state", _("This action does not apply to the topic in its state."))
    now = timezone.now()
    if status == ForumTopic.Status.PUBLISHED and topic.published_at is None:
        # First publication: the topic enters the list at the top.
        topic.published_at = topic.last_activity_at = now
    # Only hiding keeps its reason on the topic (shown to the author); other reasons live in the log.
    topic.status, topic.hide_reason = status, reason if status == ForumTopic.Status.HIDDEN else ""
    topic.moderated_at, topic.moderated_by = now, moderator
    topic.full_clean()
    topic.save()
    log(instance=topic, action=action, user=moderator, data={"reason": reason} if reason else {})
    return topic


def _tell_author(topic: ForumTopic, title: str, body: str = "") -> None:
    if topic.author_id:
        notifications.notify_users([topic.author], topic, kind="status", title=title, body=body,
                                   url=topic.get_url())


@transaction.atomic
def topic_publish(*, topic: ForumTopic, moderator) -> ForumTopic:
    topic = _moderate(topic, moderator, status=ForumTopic.Status.PUBLISHED, action="forum.topic.publish",
                      allowed_from={ForumTopic.Status.PENDING})
    with translation.override(settings.LANGUAGE_CODE):  # residents read Ukrainian, whatever the moderator's admin
        _tell_author(topic, _("Your topic «%(title)s» is published") % {"title": topic.title})
    return topic


def topic_moderation_statement(*, topic: ForumTopic, action: str, reason: str) -> Statement:
    """What hiding, closing or reopening tells the author or the followers. Hiding and closing need the reason
    (the author, and everyone who follows the topic, must learn why); reopening may go without one."""
    reason = _clean_reason(reason)
    if action in {"hide", "close"} and not reason:
        raise ForumError("reason_required", _("Give the reason: the author will see it.") if action == "hide"
                         else _("Give the reason: the topic's followers will see it."), field="reason")
    with translation.override(settings.LANGUAGE_CODE):  # residents read Ukrainian, whatever the moderator's admin
        values = {"title": topic.title, "reason": reason}
        if action == "hide":
            texts = [PublicText(label=_("Notification to the author"), text=_("Reason: %(reason)s") % values,
                                subject=_("Your topic «%(title)s» is hidden by a moderator") % values)]
        elif action == "close":
            texts = [PublicText(label=_("Notification to the topic's followers"),
                                subject=_("A moderator has closed the topic «%(title)s»: %(reason)s") % values,
                                text=_("The discussion is read-only now; the topic and its comments stay readable."))]
        elif action == "reopen":
            texts = [PublicText(label=_("Notification to the topic's followers"),
                                subject=(_("A moderator has reopened the topic «%(title)s»: %(reason)s") if reason
                                         else _("A moderator has reopened the topic «%(title)s»")) % values,
                                text=_("The discussion is open again: you can comment on the topic."))]
        else:
            raise ValueError(f"No public statement for {action!r}")
    return Statement(action=f"forum.topic.{action}", authored=(reason,), texts=texts)


@transaction.atomic
def topic_hide(*, topic: ForumTopic, moderator, reason: str, confirmation: str | None) -> ForumTopic:
    """Hide with the reason the author sees, once the moderator confirmed it."""
    _check_moderator(moderator)
    statement = topic_moderation_statement(topic=topic, action="hide", reason=reason)
    require_confirmation(statement, confirmation, error=ForumError)
    topic = _moderate(topic, moderator, status=ForumTopic.Status.HIDDEN, action="forum.topic.hide",
                      reason=statement.authored[0],
                      allowed_from={ForumTopic.Status.PENDING, ForumTopic.Status.PUBLISHED,
                                    ForumTopic.Status.CLOSED})
    notice = statement.texts[0]
    _tell_author(topic, notice.subject, notice.text)
    return topic


@transaction.atomic
def topic_restore(*, topic: ForumTopic, moderator) -> ForumTopic:
    """A hidden topic is shown again (open for comments)."""
    return _moderate(topic, moderator, status=ForumTopic.Status.PUBLISHED, action="forum.topic.restore",
                     allowed_from={ForumTopic.Status.HIDDEN})


def _tell_followers(topic: ForumTopic, moderator, *, title: str, body: str, reason: str) -> int:
    """A status change for everyone who follows the topic, its author included, but the moderator who acted."""
    limit = Notification._meta.get_field("title").max_length
    if reason and len(title) > limit:  # the title is cut: the whole reason stays in the text
        body = _("Reason: %(reason)s") % {"reason": reason} + "\n" + body
    return notifications.notify_followers(topic, kind="status", title=title, body=body, url=topic.get_url(),
                                          exclude=moderator)


def _clean_reason(reason: str) -> str:
    return " ".join(clean_text(reason).split())[:500]


@transaction.atomic
def topic_close(*, topic: ForumTopic, moderator, reason: str, confirmation: str | None) -> ForumTopic:
    """The topic stays readable; its discussion becomes read-only. Its followers hear why, once confirmed."""
    _check_moderator(moderator)
    statement = topic_moderation_statement(topic=topic, action="close", reason=reason)
    require_confirmation(statement, confirmation, error=ForumError)
    reason = statement.authored[0]
    topic = _moderate(topic, moderator, status=ForumTopic.Status.CLOSED, action="forum.topic.close",
                      allowed_from={ForumTopic.Status.PUBLISHED}, reason=reason)
    notice = statement.texts[0]
    _tell_followers(topic, moderator, title=notice.subject, reason=reason, body=notice.text)
    return topic


@transaction.atomic
def topic_reopen(*, topic: ForumTopic, moderator, reason: str = "", confirmation: str | None) -> ForumTopic:
    _check_moderator(moderator)
    statement = topic_moderation_statement(topic=topic, action="reopen", reason=reason)
    require_confirmation(statement, confirmation, error=ForumError)
    reason = statement.authored[0]
    topic = _moderate(topic, moderator, status=ForumTopic.Status.PUBLISHED, action="forum.topic.reopen",
                      allowed_from={ForumTopic.Status.CLOSED}, reason=reason)
    notice = statement.texts[0]
    _tell_followers(topic, moderator, title=notice.subject, reason=reason, body=notice.text)
    return topic
