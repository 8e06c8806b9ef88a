"""Accounts: the portal's user, identified by e-mail, with the full name that petitions and appeals need."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .names import validate_full_name


class User(AbstractUser):
    full_name = models.CharField(
        _("full name"),
        max_length=255,
        blank=True,
        validators=[validate_full_name],
        help_text=_("Surname, first name and patronymic, as in documents. Shown under petitions you sign."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def public_name(self) -> str:
        """The name residents see: never the e-mail address."""
        return self.full_name or super().get_full_name() or _("Resident")

    def get_full_name(self) -> str:
        """The name staff screens show (Wagtail's user display name: sidebar, dashboard, "edited by" columns;
        allauth's user display): the person's name, else their e-mail address, never the generated username."""
        return self.full_name or super().get_full_name() or self.email
