"""The public list's filter form: query parameters become clean values or clear Ukrainian errors."""
from django import forms
from django.utils.translation import gettext_lazy as _

from cms.filter_forms import FilterForm, PageNumberField, search_field

from .models import ConsultationStatus


class ConsultationFilterForm(FilterForm):
    title = _("Filter consultations")
    q = search_field(_("Search"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ConsultationStatus.choices],
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=2000, max_value=2100,
        error_messages={"invalid": _("Give the year as four digits, e.g. 2026."),
                        "min_value": _("Give the year as four digits, e.g. 2026."),
                        "max_value": _("Give the year as four digits, e.g. 2026.")},
    )
    page = PageNumberField()

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offer("year", [(year, year) for year in years], empty_label=_("Any year"))

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].replace("\x00", " ").split())
