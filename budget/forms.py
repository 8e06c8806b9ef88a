"""Forms of the public budget pages: catalogue filters, the project form (with a fixed number of cost rows, so it
works without JavaScript), the voter's eligibility details on the ballot."""
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.filter_forms import FilterForm, PageNumberField, search_field

from .models import PUBLIC_STATUSES, District, ProjectStatus
from .models.projects import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH

COST_ROWS = 8


class ProjectFilterForm(FilterForm):
    title = _("Find projects")
    q = search_field(_("Search projects"))
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 error_messages={"invalid_choice": _("There is no such category.")})
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.all(), to_field_name="slug", required=False,
        empty_label=pgettext_lazy("city districts", "All districts"),
        error_messages={"invalid_choice": _("There is no such district.")})
    status = forms.ChoiceField(label=_("Status"), required=False,
                               error_messages={"invalid_choice": _("There is no such project status.")})
    page = PageNumberField()

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [(c.slug, c.name) for c in categories]
        self.fields["status"].choices = [("", _("All statuses"))] + [
            (value, label) for value, label in ProjectStatus.choices if value in PUBLIC_STATUSES]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, accept: str = ".pdf,.jpg,.jpeg,.png", **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH,
                            help_text=_("What will be done, in a few words."))
    category = forms.ChoiceField(label=_("Category"))
    description = forms.CharField(label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea,
                                  help_text=_("The problem, what you propose, who benefits. At least 100 "
                                              "characters."))
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.all(), required=False,
                                      empty_label=_("The whole city"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False,
                              help_text=_("Where the project will be carried out, e.g. «вул. Шевченка, 12»."))
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6,
                                  widget=forms.TextInput(attrs={"data-map-lat": "", "inputmode": "decimal"}),
                                  help_text=_("Optional: the point on the map, e.g. 49.590000."))
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6,
                                   widget=forms.TextInput(attrs={"data-map-lon": "", "inputmode": "decimal"}),
                                   help_text=_("Optional, e.g. 34.560000."))
    coauthors = forms.CharField(label=_("Co-authors' e-mails"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}), help_text=_("One per line: residents registered on the portal."))
    photos = MultipleFileField(label=_("Photos"), accept=".jpg,.jpeg,.png",
                               help_text=_("JPEG or PNG, up to 5 MB each."))
    attachments = MultipleFileField(label=_("Attachments"), help_text=_("PDF, JPEG or PNG, up to 5 MB each."))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, f"{c.name} ({c.min_cost:,}–{c.max_cost:,} грн)".replace(",", " "))
                                           for c in categories]
        for index in range(COST_ROWS):
            self.fields[f"item_{index}_name"] = forms.CharField(label=_("Item"), max_length=200, required=False)
            self.fields[f"item_{index}_quantity"] = forms.IntegerField(label=_("Quantity"), required=False,
                                                                       min_value=0, max_value=1_000_000)
            self.fields[f"item_{index}_price"] = forms.IntegerField(label=_("Price per unit, UAH"), required=False,
                                                                    min_value=0, max_value=10**12)

    def cost_rows(self):
        return [(self[f"item_{index}_name"], self[f"item_{index}_quantity"], self[f"item_{index}_price"])
                for index in range(COST_ROWS)]

    def cost_items(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data.get(f"item_{index}_name") or "", "quantity": data.get(f"item_{index}_quantity"),
                 "unit_price": data.get(f"item_{index}_price")} for index in range(COST_ROWS)]

    def coauthor_emails(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("coauthors") or "").splitlines() if line.strip()]


class EligibilityForm(forms.Form):
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={
        "type": "date", "autocomplete": "bday"}), help_text=_("Needed once, to check the minimum age."))
    district = forms.ModelChoiceField(label=_("Your district"), queryset=District.objects.all(), required=False,
                                      empty_label=_("Not given"), help_text=_("Only for the statistics."))
    residency = forms.BooleanField(label=_("I live in the city"), required=False)

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and (value > datetime.date.today() or value.year < 1900):
            raise forms.ValidationError(_("Give a real date of birth."))
        return value
