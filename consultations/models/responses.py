"""Residents' answers to a questionnaire, and the record of which status changes were announced."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import ConsultationPage, ConsultationQuestion, ConsultationStatus, QuestionOption


class ConsultationResponse(models.Model):
    """One resident's filled-in questionnaire; the unique constraint keeps it to one per consultation."""

    consultation = models.ForeignKey(ConsultationPage, verbose_name=_("consultation"), on_delete=models.CASCADE,
                                     related_name="responses")
    # A deleted account leaves its answers in the counts, no longer linked to anyone.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resident"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="consultation_responses")
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="one_response_per_resident")]

    def __str__(self):
        return f"{self.consultation_id}: {self.created_at:%Y-%m-%d %H:%M}"


class ConsultationAnswer(models.Model):
    """A chosen option. RESTRICT: an option or question that has answers cannot be removed on its own
    (only together with the whole consultation), so no resident's answer is lost silently."""

    response = models.ForeignKey(ConsultationResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ConsultationQuestion, on_delete=models.RESTRICT, related_name="answers")
    option = models.ForeignKey(QuestionOption, on_delete=models.RESTRICT, related_name="answers")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "option"], name="option_chosen_once")]

    def __str__(self):
        return f"{self.response_id}: {self.option_id}"


class ConsultationStatusNotice(models.Model):
    """A status change of a consultation that followers were told about (or that was passed over).

    The unique constraint makes announcing idempotent: whoever inserts the row sends the notifications. Moving
    the dates of a closed consultation so that it opens again starts a new period, announced once of its own."""

    consultation = models.ForeignKey(ConsultationPage, verbose_name=_("consultation"), on_delete=models.CASCADE,
                                     related_name="status_notices")
    period = models.PositiveIntegerField(_("period"), default=0,
                                         help_text=_("0 for the first run of the consultation; one more each time "
                                                     "it opened again after closing."))
    status = models.CharField(_("status"), max_length=20, choices=ConsultationStatus.choices)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    notified = models.PositiveIntegerField(_("notifications sent"), default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status announcement")
        verbose_name_plural = _("status announcements")
        constraints = [models.UniqueConstraint(fields=["consultation", "period", "status"],
                                               name="status_announced_once_per_period")]

    def __str__(self):
        return f"{self.consultation_id}: {self.status} ({self.period})"
