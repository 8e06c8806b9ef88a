"""The base of every public list's filter form: query parameters into clean values or clear errors (rendered by
includes/filter_form.html), the page-number field and the search field every list uses."""
from django import forms
from django.utils.translation import gettext_lazy as _


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
