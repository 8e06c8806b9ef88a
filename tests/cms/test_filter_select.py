"""cms.filter_forms.ListSelect writes the same HTML as Django's template-rendered Select, and every public list's
filter form uses it."""
import pytest
from django import forms

from cms.filter_forms import FilterForm, ListSelect

CHOICES = [("", "Усі роки"), (2026, "2026"), ("2025", "2025 <старий> & \"лапки\"")]
GROUPED = [("", "Будь-що"), ("Міста", [("kyiv", "Київ"), ("lviv", "Львів")]), ("other", "Інше")]


@pytest.mark.parametrize(("choices", "value", "attrs"), [
    (CHOICES, None, None),
    (CHOICES, "2026", {"id": "filter-year"}),
    (CHOICES, 2026, {"id": "filter-year", "required": True, "disabled": False, "data-x": 'a"b'}),
    (GROUPED, "lviv", {"aria-describedby": "help"}),
    (GROUPED, "", None),
])
def test_the_same_html_as_djangos_select(choices, value, attrs):
    assert ListSelect(choices=choices).render("year", value, attrs) == \
        forms.Select(choices=choices).render("year", value, attrs)


@pytest.mark.django_db
def test_a_filter_forms_menus_are_list_selects_with_the_same_html():
    from home.forms import NewsFilterForm
    from home.models import NewsCategory

    NewsCategory.objects.create(name="Бюджет & фінанси", slug="budzhet")
    form = NewsFilterForm({"category": "budzhet", "year": "2025"}, years=[2026, 2025], categories=None)
    form.is_valid()
    for name in ("category", "year", "month"):
        widget = form.fields[name].widget
        assert type(widget) is ListSelect
        plain = forms.Select(attrs=widget.attrs, choices=widget.choices)
        plain.is_required = widget.is_required
        bound = form[name]
        assert bound.as_widget() == bound.as_widget(widget=plain)
    assert 'selected>Бюджет &amp; фінанси</option>' in str(form["category"])


class ExampleFilters(FilterForm):
    kind = forms.ChoiceField(choices=[("", "Усі"), ("a", "А")], required=True)
    words = forms.CharField(required=False)


def test_required_menus_keep_their_required_attribute():
    form = ExampleFilters({})
    assert type(form.fields["kind"].widget) is ListSelect
    assert " required" in str(form["kind"])
    assert type(form.fields["words"].widget) is forms.TextInput
