"""The council's departments that develop regulatory acts (a small snippet, picked on acts and plan rows)."""
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

EDRPOU_VALIDATOR = RegexValidator(r"^\d{8}$", _("The EDRPOU code has exactly 8 digits."))


class Department(index.Indexed, models.Model):
    name = models.CharField(
        pgettext_lazy("organisation", "full name"), max_length=255, unique=True,
        help_text=_("The department's full official name, e.g. «Управління економіки Світлогірської міської ради»."),
    )
    edrpou = models.CharField(
        _("EDRPOU code"), max_length=8, blank=True, validators=[EDRPOU_VALIDATOR],
        help_text=_("Only if the department is a legal entity with its own code; otherwise leave empty."),
    )

    panels = [FieldPanel("name"), FieldPanel("edrpou")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("developer department")
        verbose_name_plural = _("developer departments")

    def __str__(self):
        return self.name
