"""Forms of the discussion: they only collect input; participation.services decides."""
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH, NotificationSettings, Report


class CommentForm(forms.Form):
    # No max_length on the field: the service gives the one clear message with the limit.
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
        # Lazy as a whole: interpolating a lazy string here would fix the language at import time.
        help_text=lazy(lambda: gettext("Plain text, up to %(limit)d characters. Links are allowed (at most three).")
                       % {"limit": COMMENT_MAX_LENGTH}, str)(),
    )
    target_type = forms.CharField(widget=forms.HiddenInput, max_length=100)
    target_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class EditCommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong"), choices=Report.Reason.choices,
                               widget=forms.RadioSelect)
    text = forms.CharField(label=_("Details (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class FollowForm(forms.Form):
    target_type = forms.CharField(widget=forms.HiddenInput, max_length=100)
    target_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")], widget=forms.HiddenInput)


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["frequency", "email_status", "email_answer", "email_reply", "auto_follow"]
        widgets = {"frequency": forms.RadioSelect}
