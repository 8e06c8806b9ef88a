"""Filter forms of the city site's lists (news, events) and of site search."""
import datetime
import re

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cms.filter_forms import FilterForm, PageNumberField

from .models import NewsCategory

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_NUMBER_RE = re.compile(r"^\d{1,2}$")


class NewsFilterForm(FilterForm):
    title = _("Filter news")
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=NewsCategory.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no such news category.")},
    )
    # The archive by year, then month: a dozen options each, however many years of news there are.
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=9999,
                              error_messages={"invalid": _("Give the year as four digits, for example 2026."),
                                              "min_value": _("Give the year as four digits, for example 2026."),
                                              "max_value": _("Give the year as four digits, for example 2026.")})
    month = forms.CharField(label=_("Month"), required=False, max_length=7)
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100, allow_unicode=True, widget=forms.HiddenInput,
                          error_messages={"invalid": _("The tag is not valid.")})
    page = PageNumberField()

    def __init__(self, *args, years=(), categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        legacy = MONTH_RE.match((self.data.get("month") or "").strip()) if self.is_bound else None
        if legacy:  # ?month=YYYY-MM (the former month menu's links, the API's form): shown as year and month
            self.data = self.data.copy()
            self.data["year"], self.data["month"] = legacy.group(1), legacy.group(2)
        if categories is not None:  # the categories that have news, cached: the menu costs no query
            self.offer("category", [(category.slug, category.name) for category in categories],
                       empty_label=_("All categories"))
        self.offer("year", [(str(year), str(year)) for year in years], empty_label=_("Any year"))
        self.offer("month", [(f"{number:02d}", date_format(datetime.date(2000, number, 1), "F"))
                             for number in range(1, 13)], empty_label=_("Any month"))

    def clean(self):
        data = super().clean()
        month = (data.get("month") or "").strip()
        data["month"] = None
        if not month or "year" in self.errors:
            return data
        if not data.get("year"):
            self.add_error("month", _("Choose the year of this month as well."))
        elif not MONTH_NUMBER_RE.match(month) or not 1 <= int(month) <= 12:
            self.add_error("month", _("Give the month as YYYY-MM, for example 2026-03."))
        else:
            data["month"] = datetime.date(data["year"], int(month), 1)
        return data


class EventFilterForm(forms.Form):
    period = forms.ChoiceField(
        required=False, choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        error_messages={"invalid_choice": _("Choose upcoming or past events.")},
    )
    page = PageNumberField()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False, max_length=200,
                        error_messages={"max_length": _("The search query is too long (at most 200 characters).")})
    type = forms.ChoiceField(label=_("What to look for"), required=False,
                             error_messages={"invalid_choice": _("There is no such type of results.")})
    page = PageNumberField()

    def __init__(self, *args, **kwargs):
        from cms.search_types import search_types

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Everything"))] + [
            (kind.key, kind.label) for kind in search_types().values()]
