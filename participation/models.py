"""Comments attached to any discussable object, residents' reports about them, and user suspensions."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 2000


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # One level of replies: services attach a reply to a reply to the root comment.
    parent = models.ForeignKey("self", verbose_name=_("reply to"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="replies")
    # Deleting an account keeps the thread readable: the author becomes "former user".
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="comments")
    body = models.TextField(_("text"), max_length=COMMENT_MAX_LENGTH, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED,
                              db_index=True)
    hide_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    is_deleted = models.BooleanField(_("deleted by the author"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    # Reports not yet dealt with by a moderator (kept here so the queue filters without a join).
    open_reports = models.PositiveIntegerField(_("open reports"), default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", "Can moderate comments and suspend users")]
        indexes = [models.Index(fields=["content_type", "object_id", "parent", "created_at"],
                                name="comment_thread")]

    def __str__(self):
        return self.excerpt

    @property
    def excerpt(self) -> str:
        if self.is_deleted:
            return str(_("Comment deleted by its author"))
        return self.body if len(self.body) <= 80 else self.body[:79] + "…"

    @property
    def author_name(self) -> str:
        return self.author.public_name if self.author_id else str(_("Former user"))


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insults or hate speech")
        OFF_TOPIC = "off_topic", _("Off topic")
        PERSONAL_DATA = "personal_data", _("Someone's personal data")
        OTHER = "other", _("Other")

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE,
                                related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reporter"), on_delete=models.CASCADE,
                                 related_name="comment_reports")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    resolved_at = models.DateTimeField(_("dealt with"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reporter")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment}"


class UserSuspension(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="suspensions")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [models.CheckConstraint(condition=models.Q(until__gt=models.F("starts_at")),
                                              name="suspension_ends_after_start")]

    def __str__(self):
        return f"{self.user} → {self.until:%Y-%m-%d %H:%M}"


class Follow(models.Model):
    """A resident follows a discussable object: its status changes and official answers reach them."""

    class Reason(models.TextChoices):
        MANUAL = "manual", _("Followed")
        CREATED = "created", _("Created by you")
        COMMENTED = "commented", _("You commented")
        SIGNED = "signed", _("You signed")
        VOTED = "voted", _("You voted or answered")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("why"), max_length=16, choices=Reason.choices, default=Reason.MANUAL)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("followed object")
        verbose_name_plural = _("followed objects")
        constraints = [models.UniqueConstraint(fields=["user", "content_type", "object_id"],
                                               name="follow_once")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]

    def __str__(self):
        return f"{self.user} → {self.content_type.model}:{self.object_id}"


class Notification(models.Model):
    """One event for one resident: listed in their profile and e-mailed in a digest (if their settings allow)."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status changed")
        ANSWER = "answer", _("Official answer")
        REPLY = "reply", _("Reply to your comment")
        STAFF = "staff", _("For staff")

    class Email(models.TextChoices):
        PENDING = "pending", _("To be sent")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent (settings)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notifications")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email = models.CharField(_("e-mail"), max_length=8, choices=Email.choices, default=Email.PENDING)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_inbox"),
            models.Index(fields=["user"], condition=models.Q(email="pending"), name="notification_outbox"),
        ]

    def __str__(self):
        return self.title


class NotificationSettings(models.Model):
    """What a resident wants by e-mail; without a row the defaults apply (everything, batched within minutes)."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Within minutes (several events in one e-mail)")
        DAILY = "daily", _("Once a day, in one digest")
        NEVER = "never", _("Never: only in my account")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                primary_key=True, related_name="notification_settings")
    frequency = models.CharField(_("e-mails"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.IMMEDIATE)
    email_status = models.BooleanField(_("status changes of what I follow"), default=True)
    email_answer = models.BooleanField(_("official answers"), default=True)
    email_reply = models.BooleanField(_("replies to my comments"), default=True)
    auto_follow = models.BooleanField(_("follow automatically what I create, sign, vote for or comment on"),
                                      default=True)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)

    def wants_email(self, kind: str) -> bool:
        if self.frequency == self.Frequency.NEVER:
            return False
        return {"status": self.email_status, "answer": self.email_answer, "reply": self.email_reply}.get(kind, True)
