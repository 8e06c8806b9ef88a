"""Forms of the accounts area: sign-up extras, profile, account deletion."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .names import clean_full_name

FULL_NAME_HELP = _("Surname, first name and patronymic, as in documents. Petitions and appeals need it.")


class SignupProfileForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(label=_("Full name"), max_length=255, help_text=FULL_NAME_HELP)

    def clean_full_name(self):
        return clean_full_name(self.cleaned_data["full_name"])

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["full_name"]
        labels = {"full_name": _("Full name")}
        help_texts = {"full_name": FULL_NAME_HELP}

    def clean_full_name(self):
        return SignupProfileForm.clean_full_name(self)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be deleted and cannot be restored.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
