"""Forms of the forum: they collect input; forum.services decides (limits and messages live there)."""
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from home.forms import PageNumberField

from .models import BODY_MAX_LENGTH, BODY_MIN_LENGTH, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH, ForumCategory


class TopicFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ForumCategory.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no such forum category.")},
    )
    q = forms.CharField(label=_("Search the forum"), required=False, max_length=200,
                        error_messages={"max_length": _("The search query is too long (at most 200 characters).")})
    page = PageNumberField()


def _limits(message: str, low: int, high: int):
    # Lazy as a whole, so the help text follows the visitor's language.
    return lazy(lambda: gettext(message) % {"min": low, "max": high}, str)()


class TopicForm(forms.Form):
    # No length limits on the fields: the service gives one clear message that states the limit.
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ForumCategory.objects.all(), required=False,
        empty_label=_("Choose a category"),
        error_messages={"invalid_choice": _("Choose a category of the forum.")},
    )
    title = forms.CharField(label=_("Title"), required=False, help_text=_limits(
        gettext_noop("From %(min)d to %(max)d characters: the issue in a few words."),
        TITLE_MIN_LENGTH, TITLE_MAX_LENGTH))
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_limits(
                               gettext_noop("From %(min)d to %(max)d characters, plain text; at most three links."),
                               BODY_MIN_LENGTH, BODY_MAX_LENGTH))
