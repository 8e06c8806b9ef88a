"""The endpoint form: events are ticked from the registry, so a module's new event needs no migration."""
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from .events import event_choices


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=pgettext_lazy("webhook", "events"), choices=event_choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Which events are sent to this address."),
        error_messages={"required": _("Choose at least one event.")})
