"""Every write of the discussion engine: post, edit, delete, report, moderate, suspend. Each one transaction."""
import datetime
import hashlib
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.confirmation import PublicText, Statement, require_confirmation
from cms.errors import RuleError
from cms.ratelimit import count_attempt
from cms.services import user_has_verified_email

from . import notifications
from .discussion import PRE_MODERATION, Discussion
from .models import COMMENT_MAX_LENGTH, Comment, Follow, Notification, Report, UserSuspension

LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)
MODERATE_PERMISSION = "participation.moderate_comment"


class ParticipationError(RuleError):
    """A rule refused the action; ``code`` is stable (API clients rely on it), ``message`` is for people."""

    # HTTP status the API answers with for each code.
    STATUS = {
        "empty_comment": 422, "comment_too_long": 422, "too_many_links": 422, "invalid_parent": 422,
        "reason_required": 422, "invalid_period": 422, "invalid_reason": 422,
        "not_verified": 403, "suspended": 403, "discussion_closed": 403, "comments_disabled": 403,
        "not_author": 403, "edit_window_passed": 403, "comment_deleted": 403, "own_comment": 403,
        "already_reported": 409, "invalid_state": 409, "rate_limited": 429, "confirmation_required": 428,
    }


def active_suspension(user, *, now: datetime.datetime | None = None) -> UserSuspension | None:
    if not user.is_authenticated:
        return None
    now = now or timezone.now()
    return (UserSuspension.objects.filter(user=user, starts_at__lte=now, until__gt=now)
            .order_by("-until").first())


def check_author(user, *, now: datetime.datetime | None = None, suspended_message: str | None = None) -> None:
    """A resident may write (comments, forum topics...): e-mail confirmed and not suspended.

    ``suspended_message`` lets another module name its own action; it takes %(until)s and %(reason)s."""
    if not user_has_verified_email(user):
        raise ParticipationError("not_verified", _("Confirm your e-mail address to take part in discussions."))
    suspension = active_suspension(user, now=now)
    if suspension:
        message = suspended_message or _("Your account may not post comments until %(until)s. Reason: %(reason)s")
        raise ParticipationError("suspended", message % {
            "until": timezone.localtime(suspension.until).strftime("%d.%m.%Y %H:%M"), "reason": suspension.reason})


def _check_author(user, *, now) -> None:
    check_author(user, now=now)


def _check_discussion(target) -> None:
    if not isinstance(target, Discussion) or not target.comments_enabled:
        raise ParticipationError("comments_disabled", _("Comments are turned off here."))
    if target.comments_closed:
        raise ParticipationError("discussion_closed", target.comments_closed_note)


def clean_text(value: str) -> str:
    """Residents' and moderators' free text as stored: Unix newlines, no NUL (PostgreSQL cannot store it and it
    is never meant: it only arrives through the API), no outer blanks."""
    return (value or "").replace("\r\n", "\n").replace("\x00", "").strip()


def _clean_body(body: str) -> str:
    body = clean_text(body)
    if not body:
        raise ParticipationError("empty_comment", _("Write the comment before sending it."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise ParticipationError("comment_too_long", _(
            "A comment can be at most %(limit)d characters long; this one has %(length)d."
        ) % {"limit": COMMENT_MAX_LENGTH, "length": len(body)})
    links = len(LINK.findall(body))
    if links > settings.PARTICIPATION_MAX_LINKS:
        raise ParticipationError("too_many_links", _(
            "A comment can contain at most %(limit)d links; this one has %(count)d."
        ) % {"limit": settings.PARTICIPATION_MAX_LINKS, "count": links})
    return body


def _rate_keys(user, text: str, scope: str) -> tuple[str, str]:
    digest = hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()
    return f"{scope}:rate:{user.pk}", f"{scope}:same:{user.pk}:{digest}"


def check_rate(user, text: str, *, scope: str, limit: int, too_often: str, duplicate: str) -> None:
    """Refuse a post when ``user`` already made ``limit`` posts of this ``scope`` in the window, or
    posted the same text lately (counted by ``count_post``); the messages are the caller's."""
    count_key, same_key = _rate_keys(user, text, scope)
    if cache.get(same_key):
        raise ParticipationError("rate_limited", duplicate)
    if cache.get(count_key, 0) >= limit:
        raise ParticipationError("rate_limited", too_often)


def count_in_window(key: str, window: int) -> None:
    """One more event under ``key``; the counter disappears ``window`` seconds after the first."""
    count_attempt({key: window})


def count_post(user, text: str, *, scope: str, window: int, duplicate_window: int) -> None:
    count_key, same_key = _rate_keys(user, text, scope)
    count_in_window(count_key, window)
    cache.set(same_key, 1, timeout=duplicate_window)


def _check_rate(user, body: str) -> None:
    limit, _window = settings.PARTICIPATION_RATE_LIMIT
    check_rate(user, body, scope="participation", limit=limit,
               duplicate=_("You have just posted the same text. Wait a few minutes before posting it again."),
               too_often=_("You are posting too often: at most %(limit)d comments a minute. "
                           "Wait a little and try again.") % {"limit": limit})


def _count_post(user, body: str) -> None:
    _limit, window = settings.PARTICIPATION_RATE_LIMIT
    count_post(user, body, scope="participation", window=window,
               duplicate_window=settings.PARTICIPATION_DUPLICATE_WINDOW)


@transaction.atomic
def comment_post(*, target, author, body: str, parent: Comment | None = None,
                 now: datetime.datetime | None = None) -> Comment:
    now = now or timezone.now()
    _check_discussion(target)
    _check_author(author, now=now)
    body = _clean_body(body)
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        # Decide on the stored state, not on what the caller loaded earlier (it may have been hidden since).
        parent = Comment.objects.select_related("parent").filter(pk=parent.pk).first()
        if parent is None or parent.content_type_id != content_type.pk or parent.object_id != target.pk:
            raise ParticipationError("invalid_parent", _("You can only reply to a comment in this discussion."))
        if parent.parent_id:  # one level of replies: a reply to a reply joins the root's thread
            parent = parent.parent
        if parent.is_deleted or parent.status != Comment.Status.PUBLISHED:
            raise ParticipationError("invalid_parent", _("This comment can no longer be replied to."))
    _check_rate(author, body)
    status = Comment.Status.PENDING if target.comment_moderation == PRE_MODERATION else Comment.Status.PUBLISHED
    comment = Comment(content_type=content_type, object_id=target.pk, parent=parent, author=author, body=body,
                      status=status, created_at=now)
    comment.full_clean()
    comment.save()
    _count_post(author, body)
    notifications.follow(author, target, reason=Follow.Reason.COMMENTED)
    if comment.status == Comment.Status.PUBLISHED:
        _notify_reply(comment, target)
    return comment


def _notify_reply(comment: Comment, target) -> None:
    """The author of the comment replied to hears of the reply once it is public."""
    parent = comment.parent
    if parent is None or not parent.author_id or parent.author_id == comment.author_id:
        return
    with translation.override(settings.LANGUAGE_CODE):  # not the replier's or the approving moderator's language
        title = _("%(name)s replied to your comment") % {"name": comment.author_name}
    notifications.notify_users([parent.author], target, kind=Notification.Kind.REPLY, title=title,
                               body=comment.body, url=f"{target.get_discussion_url()}#comment-{comment.pk}")


def _own_comment(comment: Comment, user) -> None:
    if not user.is_authenticated or comment.author_id != user.pk:
        raise ParticipationError("not_author", _("Only the author can change this comment."))
    if comment.is_deleted:
        raise ParticipationError("comment_deleted", _("This comment has been deleted."))


def comment_can_delete(comment: Comment, user) -> bool:
    try:
        _own_comment(comment, user)
    except ParticipationError:
        return False
    return True


def edit_window() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.PARTICIPATION_COMMENT_EDIT_WINDOW)


def comment_can_edit(comment: Comment, user, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted
            and comment.status != Comment.Status.HIDDEN and now - comment.created_at <= edit_window())


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str, now: datetime.datetime | None = None) -> Comment:
    now = now or timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _own_comment(comment, user)
    if comment.status == Comment.Status.HIDDEN:
        raise ParticipationError("invalid_state", _("A hidden comment cannot be edited."))
    if now - comment.created_at > edit_window():
        raise ParticipationError("edit_window_passed", _(
            "A comment can be edited only within %(minutes)d minutes of posting."
        ) % {"minutes": edit_window().seconds // 60})
    target = comment.target
    _check_discussion(target)
    _check_author(user, now=now)
    comment.body = _clean_body(body)
    comment.edited_at = now
    if target.comment_moderation == PRE_MODERATION:  # the approved text changed: it waits for a moderator again
        comment.status = Comment.Status.PENDING
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> Comment:
    """The author deletes: the text goes, a tombstone keeps the replies in their place."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _own_comment(comment, user)
    comment.is_deleted = True
    comment.body = ""
    comment.edited_at = timezone.now()
    comment.save(update_fields=["is_deleted", "body", "edited_at"])
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, reporter, reason: str, text: str = "") -> Report:
    if not user_has_verified_email(reporter):
        raise ParticipationError("not_verified", _("Confirm your e-mail address to take part in discussions."))
    if comment.is_deleted:
        raise ParticipationError("comment_deleted", _("This comment has been deleted."))
    if comment.author_id == reporter.pk:
        raise ParticipationError("own_comment", _("You cannot report your own comment."))
    if reason not in Report.Reason.values:
        raise ParticipationError("invalid_reason", _("Choose the reason for the report."))
    # Reports cost moderators' time: a flood from one account is refused before it reaches the queue.
    limit, window = settings.PARTICIPATION_REPORT_RATE_LIMIT
    rate_key = f"participation:reports:{reporter.pk}"
    if cache.get(rate_key, 0) >= limit:
        raise ParticipationError("rate_limited", _(
            "You have sent too many reports: at most %(limit)d an hour. Moderators are looking at them."
        ) % {"limit": limit})
    report = Report(comment=comment, reporter=reporter, reason=reason, text=clean_text(text))
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ParticipationError("already_reported", _("You have already reported this comment."))
    Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
    count_in_window(rate_key, window)
    return report




def _check_moderator(moderator) -> None:
    if not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied


def _moderate(comment: Comment, moderator, *, status: str, reason: str, action: str,
              allowed_from: set[str]) -> Comment:
    _check_moderator(moderator)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status not in allowed_from:
        raise ParticipationError("invalid_state", _("This action does not apply to the comment in its state."))
    now = timezone.now()
    comment.status, comment.hide_reason = status, reason
    comment.moderated_at, comment.moderated_by = now, moderator
    comment.open_reports = 0
    comment.full_clean()
    comment.save()
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    log(instance=comment, action=action, user=moderator, data={"reason": reason} if reason else {})
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, moderator) -> Comment:
    """Publish a pending comment, or keep a reported one and close its reports."""
    was_pending = Comment.objects.filter(pk=comment.pk, status=Comment.Status.PENDING).exists()
    comment = _moderate(comment, moderator, status=Comment.Status.PUBLISHED, reason="",
                        action="participation.comment.approve",
                        allowed_from={Comment.Status.PENDING, Comment.Status.PUBLISHED})
    if was_pending and comment.parent_id and comment.target is not None:
        _notify_reply(comment, comment.target)
    return comment


def comment_hide_statement(*, comment: Comment, reason: str) -> Statement:
    """What hiding shows: a tombstone to everyone, the reason to the author."""
    reason = clean_text(reason)[:500]
    if not reason:
        raise ParticipationError("reason_required", _("Give the reason: the author will see it."))
    with translation.override(settings.LANGUAGE_CODE):  # residents read Ukrainian, whatever the moderator's admin
        return Statement(action="participation.comment.hide", authored=(reason,), texts=[
            PublicText(label=_("In the discussion, for everyone"), text=_("Comment hidden by a moderator")),
            PublicText(label=_("Under the comment, for its author"),
                       text=_("Only you can see this comment. Reason: %(reason)s") % {"reason": reason})])


@transaction.atomic
def comment_hide(*, comment: Comment, moderator, reason: str, confirmation: str | None) -> Comment:
    """Hide with the reason its author sees, once the moderator confirmed it."""
    _check_moderator(moderator)
    statement = comment_hide_statement(comment=comment, reason=reason)
    require_confirmation(statement, confirmation, error=ParticipationError)
    return _moderate(comment, moderator, status=Comment.Status.HIDDEN, reason=statement.authored[0],
                     action="participation.comment.hide",
                     allowed_from={Comment.Status.PENDING, Comment.Status.PUBLISHED})


@transaction.atomic
def comment_restore(*, comment: Comment, moderator) -> Comment:
    return _moderate(comment, moderator, status=Comment.Status.PUBLISHED, reason="",
                     action="participation.comment.restore", allowed_from={Comment.Status.HIDDEN})


@transaction.atomic
def user_suspend(*, user, moderator, until: datetime.datetime, reason: str,
                 now: datetime.datetime | None = None) -> UserSuspension:
    _check_moderator(moderator)
    now = now or timezone.now()
    reason = clean_text(reason)
    if not reason:
        raise ParticipationError("reason_required", _("Give the reason: the author will see it."))
    if until is None or until <= now:
        raise ParticipationError("invalid_period", _("The suspension must end in the future."))
    if user.pk == moderator.pk:
        raise ParticipationError("invalid_state", _("You cannot suspend yourself."))
    suspension = UserSuspension(user=user, moderator=moderator, starts_at=now, until=until, reason=reason[:500])
    suspension.full_clean()
    suspension.save()
    log(instance=suspension, action="participation.user.suspend", user=moderator,
        data={"user_id": user.pk, "until": until.isoformat(), "reason": suspension.reason})
    return suspension
