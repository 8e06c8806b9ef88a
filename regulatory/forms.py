"""The registry's filter form: query parameters become clean values or clear Ukrainian errors."""
from django import forms
from django.utils.translation import gettext_lazy as _

from cms.filter_forms import FilterForm, PageNumberField, search_field
from sessions.departments import Department

from .models import RegulatoryActPage


class RegistryFilterForm(FilterForm):
    title = _("Find a regulatory act")
    search_role = True
    q = search_field(_("Words from the title or text"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *RegulatoryActPage.STATUS_CHOICES],
        error_messages={"invalid_choice": _("There is no such status of a regulatory act.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of act"), required=False, choices=[("", _("Any kind")), *RegulatoryActPage.Kind.choices],
        error_messages={"invalid_choice": _("There is no such kind of act.")},
    )
    department = forms.ModelChoiceField(
        label=_("Developer department"), required=False, queryset=Department.objects.all(),
        empty_label=_("Any department"),
        error_messages={"invalid_choice": _("There is no such department.")},
    )
    year = forms.IntegerField(
        label=_("Year of publication"), required=False, min_value=1990, max_value=2100,
        error_messages={"invalid": _("Give the year as four digits, for example 2026."),
                        "min_value": _("Give a year from 1990 to 2100."),
                        "max_value": _("Give a year from 1990 to 2100.")},
    )
    page = PageNumberField()

    def __init__(self, *args, years=(), departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The menus offer what the published acts have; what is accepted stays the fields' rule.
        if departments is not None:
            self.offer("department", [(department.pk, department.name) for department in departments],
                       empty_label=_("Any department"))
        self.offer("year", [(year, year) for year in years], empty_label=_("Any year"))
