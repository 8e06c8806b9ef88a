"""Filter forms of the public lists: they turn query parameters into clean values or clear errors."""
import datetime
import re

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import NewsCategory

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class PageNumberField(forms.IntegerField):
    default_error_messages = {"invalid": _("The page number must be a whole number, 1 or more.")}

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, max_value=100000, **kwargs)
        self.error_messages["min_value"] = _("The page number must be a whole number, 1 or more.")
        self.error_messages["max_value"] = _("There is no such page.")


class FilterForm(forms.Form):
    """Filters of a public list, rendered by includes/filter_form.html: controls get the ids filter-<name>."""

    title = None  # heading of the form in the page's sidebar
    search_role = False  # the form is the page's search (role="search")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)

    def offer(self, name: str, options, *, empty_label) -> None:
        """Show the field as a menu of these (value, label) options only, e.g. the years that have items;
        what is accepted is still the field's own rule."""
        self.fields[name].widget = forms.Select(choices=[("", empty_label), *options])


def search_field(label, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=200, widget=forms.SearchInput,
        error_messages={"max_length": _("The search query is too long (at most 200 characters).")}, **kwargs)


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
