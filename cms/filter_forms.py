"""The base of every public list's filter form: query parameters into clean values or clear errors (rendered by
includes/filter_form.html), the page-number field and the search field every list uses."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .search import NO_SEARCH_WORDS, search_words


def _attributes(attrs: dict) -> str:
    # Django's django/forms/widgets/attrs.html: a True value is a bare attribute, a False one is left out.
    return "".join(format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
                   for name, value in attrs.items() if value is not False)


class ListSelect(forms.Select):
    """Django's Select, written out in Python: the same HTML without a template rendered for every option and its
    attributes (a list's archive by year has one option per year: 69 years of news made the news index's filters a
    third of its rendering time)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attributes(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts += [format_html('\n  <option value="{}"', str(option["value"])), _attributes(option["attrs"]),
                          format_html(">{}</option>\n", option["label"])]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part is escaped above


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
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                plain = field.widget
                field.widget = ListSelect(attrs=plain.attrs, choices=plain.choices)
                field.widget.is_required = plain.is_required

    def offer(self, name: str, options, *, empty_label) -> None:
        """Show the field as a menu of these (value, label) options only, e.g. the years that have items;
        what is accepted is still the field's own rule."""
        self.fields[name].widget = ListSelect(choices=[("", empty_label), *options])


def search_field(label, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=200, widget=forms.SearchInput,
        error_messages={"max_length": _("The search query is too long (at most 200 characters).")}, **kwargs)


def has_search_words(value: str) -> None:
    """A validator for a search field that a word search reads (cms.search.words_query): "!!!" gets a clear answer,
    not an empty list."""
    if value.strip() and not search_words(value):
        raise ValidationError(NO_SEARCH_WORDS, code="no_search_words")
