"""Regulatory acts: consultations on drafts, the register, the annual plan and effectiveness tracking."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulatoryConfig(AppConfig):
    name = "regulatory"
    verbose_name = _("Regulatory acts")
    default_auto_field = "django.db.models.BigAutoField"
