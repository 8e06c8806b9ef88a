"""Forms of appeals: the public list's filters, the resident's appeal, clarification and rating, and the staff's
processing forms in the admin. Rules live in appeals.services; forms only read the input."""
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from cms.filter_forms import FilterForm, PageNumberField, has_search_words, search_field
from sessions import interface as council

from .models import TEXT_MAX_LENGTH, Appeal, Category, Service
from .services import PHOTO_MAX_FILES
from .visibility import PUBLIC_STATUSES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class AppealFilterForm(FilterForm):
    title = _("Find appeals")
    q = search_field(_("Number or words"), validators=[has_search_words])
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All categories"), error_messages={"invalid_choice": _("There is no such category.")})
    status = forms.ChoiceField(label=_("Status"), required=False,
                               error_messages={"invalid_choice": _("There is no such appeal status.")})
    district = forms.CharField(label=_("District"), required=False, max_length=255)
    date_from = forms.DateField(label=_("Registered from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})
    date_to = forms.DateField(label=_("Registered until"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})
    page = PageNumberField()

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses"))] + [
            (value, label) for value, label in Appeal.Status.choices if value in PUBLIC_STATUSES]
        self.offer("district", [(name, name) for name in districts], empty_label=_("All districts"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        return data


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of appeal"), choices=Appeal.Kind.choices, widget=forms.RadioSelect,
                             initial=Appeal.Kind.STATEMENT,
                             help_text=_("A proposal: how to improve something; a statement: a problem to solve or "
                                         "a right to exercise; a complaint: a right was violated."))
    addressee = forms.ChoiceField(label=_("To whom"), required=True,
                                  help_text=_("A city service (chosen by the category) or a deputy of the council."))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True),
                                      empty_label=_("Choose a category"),
                                      error_messages={"required": _("Choose a category from the list."),
                                                      "invalid_choice": _("Choose a category from the list.")})
    text = forms.CharField(label=_("Text of the appeal"), widget=forms.Textarea(attrs={"rows": 8}),
                           max_length=TEXT_MAX_LENGTH, required=False,
                           help_text=_("What happened, where and what you ask for. At least 20 characters."))
    address = forms.CharField(label=_("Address"), required=False, max_length=255,
                              help_text=_("Street and house number, if the matter has a place, "
                                          "e.g. «вул. Соборна, 12»."))
    # Plain inputs; the map component's picker (a fieldset marked data-map-picker) fills them where JS runs.
    latitude = forms.CharField(label=_("Latitude"), required=False, max_length=20,
                               help_text=_("For example 49.5912. Pick the point on the map or type it."),
                               widget=forms.TextInput(attrs={"data-map-lat": "", "inputmode": "decimal"}))
    longitude = forms.CharField(label=_("Longitude"), required=False, max_length=20,
                                help_text=_("For example 34.5531."),
                                widget=forms.TextInput(attrs={"data-map-lon": "", "inputmode": "decimal"}))
    photos = MultipleFileField(label=_("Photos"), required=False)
    is_public = forms.TypedChoiceField(
        label=_("Who may see the appeal"), widget=forms.RadioSelect, coerce=lambda value: value == "public",
        choices=[("public", _("Public: the text, place and answer are shown on the portal without my name")),
                 ("confidential", _("Confidential: only I and the staff who handle it"))], initial="public")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated per form: a lazy text formatted at import would stay in one language.
        self.fields["photos"].help_text = gettext("Up to %(count)d photos, JPEG, PNG or WebP, 5 MB each.") % {
            "count": PHOTO_MAX_FILES}
        deputies = council.active_deputies()
        self.fields["addressee"].choices = [("service", _("The responsible city service"))] + [
            (f"deputy-{deputy.id}", gettext("Deputy %(name)s") % {"name": deputy.name}) for deputy in deputies]
        self.fields["addressee"].error_messages["invalid_choice"] = _("Choose a deputy from the list.")
        self.fields["addressee"].initial = "service"

    @property
    def deputy_id(self) -> int | None:
        value = self.cleaned_data.get("addressee", "")
        return int(value.split("-", 1)[1]) if value.startswith("deputy-") else None


class ClarifyForm(forms.Form):
    answer = forms.CharField(label=_("Your clarification"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=TEXT_MAX_LENGTH, required=False)


class RateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Does the answer satisfy you?"), widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes, satisfied")), ("no", _("No, not satisfied"))],
        error_messages={"required": _("Say whether the answer satisfies you.")})
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=2000)
    reopen = forms.BooleanField(label=_("Ask to reconsider the appeal"), required=False,
                                help_text=_("Only when not satisfied: a dispatcher decides whether to reopen it."))


# Admin -----------------------------------------------------------------------------------------------------

class AssignForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Responsible service"), queryset=Service.objects.filter(is_active=True))
    note = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=4000)


class StartForm(forms.Form):
    needs_study = forms.BooleanField(label=_("Needs additional study (30 days instead of 15)"), required=False)


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("At most 45 days from receipt in total; the author is told."))
    reason = forms.CharField(label=_("Reason (the author receives it)"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note (the author never sees it)"),
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ClarificationRequestForm(forms.Form):
    question = forms.CharField(label=_("What should the author clarify?"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=2000)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=TEXT_MAX_LENGTH)
    documents = forms.ModelMultipleChoiceField(label=_("Documents"), required=False,
                                               queryset=get_document_model().objects.order_by("-created_at"),
                                               help_text=_("Upload them under Documents first, then choose here."))


class ReasonForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                           required=False)
