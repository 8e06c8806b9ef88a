"""Following discussable objects and notifying followers.

Events become Notification rows at once (in bulk, whatever the number of followers); e-mail leaves later, through
tasks, as one digest per resident that respects their settings and carries a signed one-click unsubscribe link."""
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from wagtail.models import Site

from cms.object_visibility import has_visibility_rule, is_visible
from cms.tasks import send_email

from .models import Follow, Notification, NotificationSettings

UNSUBSCRIBE_SALT = "participation.unsubscribe"
AUTOMATIC_REASONS = {Follow.Reason.CREATED, Follow.Reason.COMMENTED, Follow.Reason.SIGNED, Follow.Reason.VOTED}
BULK_SIZE = 1000


def notification_settings_for(user) -> NotificationSettings:
    """The resident's settings; an unsaved default row when they never changed them."""
    try:
        return user.notification_settings
    except NotificationSettings.DoesNotExist:
        return NotificationSettings(user=user)


def follow(user, target, *, reason: str = Follow.Reason.MANUAL) -> Follow | None:
    """Idempotent. Automatic follows (created, commented, signed, voted) respect the resident's auto-follow choice."""
    if not user.is_authenticated:
        return None
    if reason in AUTOMATIC_REASONS and not notification_settings_for(user).auto_follow:
        return None
    content_type = ContentType.objects.get_for_model(target)
    existing, _created = Follow.objects.get_or_create(user=user, content_type=content_type, object_id=target.pk,
                                                      defaults={"reason": reason})
    return existing


def automatic_follow_sql(source: str) -> str:
    """An INSERT of automatic follows for a busy write to put in its own statement (signing a petition does):
    ``source`` is SQL for rows of (user_id, object_id); parameters come from ``automatic_follow_params``. The
    resident's auto-follow choice and the follow-once constraint are checked by the database, without a read."""
    return (f"INSERT INTO {Follow._meta.db_table} (user_id, content_type_id, object_id, reason, created_at) "
            "SELECT source.user_id, %(follow_content_type)s, source.object_id, %(follow_reason)s, %(follow_at)s "
            f"FROM {source} AS source WHERE NOT EXISTS (SELECT 1 FROM {NotificationSettings._meta.db_table} "
            "AS choice WHERE choice.user_id = source.user_id AND NOT choice.auto_follow) ON CONFLICT DO NOTHING")


def automatic_follow_params(model, *, reason: str) -> dict:
    if reason not in AUTOMATIC_REASONS:
        raise ValueError(f"{reason!r} is not an automatic reason")
    return {"follow_content_type": ContentType.objects.get_for_model(model).pk, "follow_reason": reason,
            "follow_at": timezone.now()}


def unfollow(user, target) -> None:
    if user.is_authenticated:
        content_type = ContentType.objects.get_for_model(target)
        Follow.objects.filter(user=user, content_type=content_type, object_id=target.pk).delete()


def is_following(user, target) -> bool:
    if not user.is_authenticated:
        return False
    content_type = ContentType.objects.get_for_model(target)
    return Follow.objects.filter(user=user, content_type=content_type, object_id=target.pk).exists()


def followers_count(target) -> int:
    content_type = ContentType.objects.get_for_model(target)
    return Follow.objects.filter(content_type=content_type, object_id=target.pk).count()


def _target_url(target) -> str:
    for getter in ("get_discussion_url", "get_absolute_url"):
        if hasattr(target, getter):
            return getattr(target, getter)() or ""
    return getattr(target, "url", "") or ""


def notify_followers(target, *, kind: str, title: str, body: str = "", url: str = "", exclude=None) -> int:
    """One notification for every follower of ``target`` (but ``exclude``); e-mails follow after commit."""
    content_type = ContentType.objects.get_for_model(target)
    followers = Follow.objects.filter(content_type=content_type, object_id=target.pk)
    if exclude is not None and getattr(exclude, "pk", None):
        followers = followers.exclude(user_id=exclude.pk)
    if has_visibility_rule(type(target)) and not is_visible(target):
        # Not public (a topic hidden, a page withdrawn): only followers who may still open it hear of it, so a
        # notification never points anyone at something that is 404 for them. Such objects have few followers.
        from django.contrib.auth import get_user_model

        readers = get_user_model().objects.filter(pk__in=followers.values("user_id"))
        followers = followers.filter(user_id__in=[user.pk for user in readers if is_visible(target, viewer=user)])
    user_ids = followers.order_by("user_id").values_list("user_id", flat=True).iterator(chunk_size=BULK_SIZE)
    return _create_notifications(user_ids, target, kind=kind, title=title, body=body, url=url)


def notify_users(users: Iterable, target, *, kind: str, title: str, body: str = "", url: str = "",
                 emailed: bool = False) -> int:
    """Notify named people (e.g. the staff who must act, or the author of a comment someone replied to).

    ``emailed``: the caller has e-mailed this event itself (a message the law requires whatever the person's
    settings, e.g. a petition's rejection); the notification centre lists it, the digest does not send it again."""
    user_ids = sorted({user.pk for user in users if user is not None and user.pk})
    return _create_notifications(iter(user_ids), target, kind=kind, title=title, body=body, url=url,
                                 emailed=emailed)


def _create_notifications(user_ids, target, *, kind: str, title: str, body: str, url: str,
                          emailed: bool = False) -> int:
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    with translation.override(settings.LANGUAGE_CODE):  # stored once, read by residents in the portal's language
        title, body = str(title)[:300], str(body)
    url = url or (_target_url(target) if target is not None else "")
    now = timezone.now()
    created = 0
    batch = []
    for user_id in user_ids:
        batch.append(Notification(user_id=user_id, content_type=content_type,
                                  object_id=target.pk if target is not None else None,
                                  kind=kind, title=title, body=body, url=url[:500], created_at=now,
                                  email=Notification.Email.SENT if emailed else Notification.Email.PENDING,
                                  emailed_at=now if emailed else None))
        if len(batch) >= BULK_SIZE:
            Notification.objects.bulk_create(batch)
            created, batch = created + len(batch), []
    if batch:
        Notification.objects.bulk_create(batch)
        created += len(batch)
    if created and not emailed:
        transaction.on_commit(_enqueue_delivery)
    return created


def _enqueue_delivery() -> None:
    from .tasks import deliver_notifications

    deliver_notifications.enqueue()


# --- e-mail -------------------------------------------------------------------------------------------------------
def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe_token(token: str):
    """The user the link was made for, or None when the signature does not match."""
    from django.contrib.auth import get_user_model

    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def email_unsubscribe(user) -> NotificationSettings:
    """One click from an e-mail: no more notification e-mails (they stay listed in the account)."""
    preferences = notification_settings_for(user)
    preferences.frequency = NotificationSettings.Frequency.NEVER
    preferences.save()
    Notification.objects.filter(user=user, email=Notification.Email.PENDING).update(email=Notification.Email.SKIPPED)
    return preferences


def email_resubscribe(user) -> NotificationSettings:
    preferences = notification_settings_for(user)
    preferences.frequency = NotificationSettings.Frequency.IMMEDIATE
    preferences.save()
    return preferences


def _due_users(now: datetime.datetime):
    """Users with e-mail to send now: daily-digest readers only once a day."""
    pending = Notification.objects.filter(email=Notification.Email.PENDING)
    day_ago = now - datetime.timedelta(days=1)
    pending = pending.exclude(user__notification_settings__frequency=NotificationSettings.Frequency.DAILY,
                              user__notification_settings__last_digest_at__gt=day_ago)
    return pending.order_by("user_id").values_list("user_id", flat=True).distinct()


def send_notification_emails(*, now: datetime.datetime | None = None, batch_size: int | None = None) -> int:
    """Send every due digest, ``batch_size`` residents per round; safe to run from several workers at once."""
    now = now or timezone.now()
    batch_size = batch_size or settings.PARTICIPATION_NOTIFICATION_BATCH
    sent = 0
    while True:
        user_ids = list(_due_users(now)[:batch_size])
        progress = 0
        for user_id in user_ids:
            outcome = _send_digest(user_id, now=now)
            progress += outcome is not None
            sent += bool(outcome)
        if len(user_ids) < batch_size or not progress:
            return sent


@transaction.atomic
def _send_digest(user_id: int, *, now: datetime.datetime) -> bool | None:
    """True: e-mailed; False: nothing wanted (marked skipped); None: another worker holds these rows."""
    from django.contrib.auth import get_user_model

    items = list(Notification.objects.select_for_update(skip_locked=True)
                 .filter(user_id=user_id, email=Notification.Email.PENDING).order_by("created_at", "pk"))
    if not items:
        return None
    user = get_user_model().objects.select_related("notification_settings").get(pk=user_id)
    preferences = notification_settings_for(user)
    from .selectors import still_visible_to

    # An object hidden since the event is not e-mailed about (the inbox no longer shows it either).
    visible = set(Notification.objects.filter(still_visible_to(user, Notification.objects.filter(
        pk__in=[item.pk for item in items])), pk__in=[item.pk for item in items]).values_list("pk", flat=True))
    wanted = [item for item in items
              if item.pk in visible and user.email and user.is_active and preferences.wants_email(item.kind)]
    skipped = [item.pk for item in items if item not in wanted]
    Notification.objects.filter(pk__in=skipped).update(email=Notification.Email.SKIPPED)
    if not wanted:
        return False
    _email_digest(user, wanted)
    Notification.objects.filter(pk__in=[item.pk for item in wanted]).update(email=Notification.Email.SENT,
                                                                            emailed_at=now)
    if preferences.frequency == NotificationSettings.Frequency.DAILY:
        NotificationSettings.objects.update_or_create(user=user, defaults={"last_digest_at": now})
    return True


def _email_digest(user, items: list[Notification]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        unsubscribe_url = absolute_url(reverse("notifications_unsubscribe", args=[unsubscribe_token(user)]))
        context = {
            "user": user,
            "items": [{"title": item.title, "body": item.body, "url": absolute_url(item.url),
                       "kind": item.get_kind_display()} for item in items],
            "settings_url": absolute_url(reverse("notifications")),
            "unsubscribe_url": unsubscribe_url,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        if len(items) == 1:
            subject = items[0].title
        else:
            subject = ngettext("%(count)d new notification from the city portal",
                               "%(count)d new notifications from the city portal", len(items)) % {"count": len(items)}
        send_email.enqueue(
            subject=subject[:200],
            body=render_to_string("participation/email/digest.txt", context),
            html_body=render_to_string("participation/email/digest.html", context),
            to=[user.email],
            # RFC 8058: mail programs show an "Unsubscribe" button that POSTs here, no page to visit.
            headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    from .selectors import notifications_for

    return notifications_for(user).filter(read_at__isnull=True).count()

