"""Forms of the petition pages: list filters, the author's draft, and the admin's moderation and answer forms."""
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from cms.filter_forms import FilterForm, PageNumberField, search_field

from .models import (
    TEXT_MAX_LENGTH,
    TEXT_MIN_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    Petition,
    PetitionAttachment,
    PetitionCategory,
)
from .services import ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_FILES

SORT_CHOICES = [("newest", _("Newest")), ("most_signed", _("Most signed")), ("ending_soon", _("Ending soon"))]


class PetitionFilterForm(FilterForm):
    title = _("Find petitions")
    q = search_field(_("Search petitions"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               error_messages={"invalid_choice": _("There is no such petition status.")})
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=PetitionCategory.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All categories"), error_messages={"invalid_choice": _("There is no such category.")})
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES,
                             error_messages={"invalid_choice": _("Choose one of the listed orders.")})
    page = PageNumberField()

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses"))] + [
            (value, label) for value, label in Petition.Status.choices if value in statuses]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.odt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PetitionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX_LENGTH + 50, required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=PetitionCategory.objects.all(), required=False,
                                      empty_label=_("Choose a category"))
    text = forms.CharField(
        label=_("Text of the petition"), widget=forms.Textarea(attrs={"rows": 12}), required=False,
        max_length=TEXT_MAX_LENGTH + 500)
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    accept_rules = forms.BooleanField(label=_("I have read and accept the rules for petitions"), required=False)

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated per form, not at import: "%" on a lazy string would fix the language the server started in.
        self.fields["title"].help_text = gettext("%(min)d to %(max)d characters: what should the council do?") % {
            "min": TITLE_MIN_LENGTH, "max": TITLE_MAX_LENGTH}
        self.fields["text"].help_text = gettext(
            "%(min)d to %(max)d characters: the problem, your demand and why it matters.") % {
            "min": TEXT_MIN_LENGTH, "max": TEXT_MAX_LENGTH}
        self.fields["attachments"].help_text = gettext(
            "Optional: up to %(count)d files (PDF, JPEG, PNG, DOCX, ODT), each up to %(size)d MB.") % {
            "count": ATTACHMENT_MAX_FILES, "size": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        attachments = petition.attachments.all() if petition else PetitionAttachment.objects.none()
        self.fields["remove_attachments"].queryset = attachments
        if not petition or not petition.attachments.exists():
            del self.fields["remove_attachments"]


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Petition.RejectionReason.choices)
    text = forms.CharField(label=_("Explanation (the author and the public see it)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Petition.Outcome.choices)
    text = forms.CharField(label=_("Text of the answer"), widget=forms.Textarea(attrs={"rows": 10}))
    decision_url = forms.URLField(label=_("Link to the draft decision (if one follows)"), required=False,
                                  assume_scheme="https")
    documents = forms.ModelMultipleChoiceField(label=_("Documents"), required=False,
                                               queryset=get_document_model().objects.order_by("-created_at"))


class ForwardForm(forms.Form):
    note = forms.CharField(label=_("Note for the appeals office"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class InvalidateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    ip_address = forms.GenericIPAddressField(label=_("IP address"), required=False)
    email_domain = forms.CharField(label=_("E-mail domain"), required=False, max_length=255)
    signature_ids = forms.CharField(label=_("Signature numbers, comma-separated"), required=False, max_length=5000)

    def clean_signature_ids(self):
        raw = self.cleaned_data["signature_ids"]
        try:
            return [int(item) for item in raw.replace(" ", "").split(",") if item]
        except ValueError:
            raise forms.ValidationError(_("Give signature numbers separated by commas."))
