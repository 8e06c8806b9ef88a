"""Filter forms of the city site's lists (news, events) and of site search."""
import datetime
import re

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cms.filter_forms import FilterForm, PageNumberField

from .models import NewsCategory

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class NewsFilterForm(FilterForm):
    title = _("Filter news")
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=NewsCategory.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no such news category.")},
    )
    month = forms.CharField(label=_("Month"), required=False, max_length=7)
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100, allow_unicode=True, widget=forms.HiddenInput,
                          error_messages={"invalid": _("The tag is not valid.")})
    page = PageNumberField()

    def __init__(self, *args, months=(), categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:  # the categories that have news, cached: the menu costs no query
            self.offer("category", [(category.slug, category.name) for category in categories],
                       empty_label=_("All categories"))
        self.offer("month", [(month.strftime("%Y-%m"), date_format(month, "F Y")) for month in months],
                   empty_label=_("Any month"))

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        match = MONTH_RE.match(value)
        if not match or not (1 <= int(match.group(2)) <= 12) or int(match.group(1)) < 1900:
            raise forms.ValidationError(_("Give the month as YYYY-MM, for example 2026-03."))
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)


class EventFilterForm(forms.Form):
    period = forms.ChoiceField(
        required=False, choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        error_messages={"invalid_choice": _("Choose upcoming or past events.")},
    )
    page = PageNumberField()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False, max_length=200,
                        error_messages={"max_length": _("The search query is too long (at most 200 characters).")})
    page = PageNumberField()
