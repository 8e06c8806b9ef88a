"""Forms of the forum: they collect input; forum.services decides (limits and messages live there)."""
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from cms.filter_forms import FilterForm, PageNumberField, search_field

from .models import BODY_MAX_LENGTH, BODY_MIN_LENGTH, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH, ForumCategory


class TopicFilterForm(FilterForm):
    title = _("Find a topic")
    q = search_field(_("Search the forum"))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ForumCategory.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no such forum category.")},
    )
    page = PageNumberField()

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:  # the view has them for the sidebar already: the menu costs no query
            self.offer("category", [(category.slug, category.name) for category in categories],
                       empty_label=_("All categories"))


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
