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
