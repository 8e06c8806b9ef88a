"""Endpoints staff register and the log of every delivery to them."""
import secrets
import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinLengthValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    name = models.CharField(pgettext_lazy("webhook", "name"), max_length=120,
                            help_text=_("Who receives the events, e.g. the city's front end or a mobile app."))
    url = models.URLField(
        pgettext_lazy("webhook", "address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The portal sends each event to this address with a POST request (use https)."))
    secret = models.CharField(
        pgettext_lazy("webhook", "secret"), max_length=128, default=new_secret, validators=[MinLengthValidator(16)],
        help_text=_("At least 16 characters. The receiver checks the X-Portal-Signature header with it. "
                    "Give it to the receiver's developers through a safe channel."))
    events = ArrayField(models.CharField(max_length=80), verbose_name=pgettext_lazy("webhook", "events"),
                        default=list, blank=True, help_text=_("Which events are sent to this address."))
    is_active = models.BooleanField(pgettext_lazy("webhook", "active"), default=True,
                                    help_text=_("Clear to stop sending events without deleting the endpoint."))
    created_at = models.DateTimeField(pgettext_lazy("webhook", "created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("webhook", "Waiting")
        SENDING = "sending", pgettext_lazy("webhook", "Sending")
        RETRYING = "retrying", pgettext_lazy("webhook", "Will retry")
        DELIVERED = "delivered", pgettext_lazy("webhook", "Delivered")
        FAILED = "failed", pgettext_lazy("webhook", "Failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries",
                                 verbose_name=pgettext_lazy("webhook", "endpoint"))
    event_id = models.UUIDField(pgettext_lazy("webhook", "event id"), default=uuid.uuid4, editable=False)
    event_type = models.CharField(pgettext_lazy("webhook", "event"), max_length=80)
    payload = models.JSONField(pgettext_lazy("webhook", "payload"), editable=False)
    status = models.CharField(pgettext_lazy("webhook", "status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("webhook", "attempts"), default=0)
    next_attempt_at = models.DateTimeField(pgettext_lazy("webhook", "next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(pgettext_lazy("webhook", "last attempt"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(pgettext_lazy("webhook", "response status"), null=True,
                                                       blank=True)
    error = models.CharField(pgettext_lazy("webhook", "error"), max_length=500, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("webhook", "created"), auto_now_add=True)
    delivered_at = models.DateTimeField(pgettext_lazy("webhook", "delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_once_per_endpoint"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event_type} \u2192 {self.endpoint_id} ({self.status})"
