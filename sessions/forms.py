"""Filter forms of the council's public lists: query parameters become clean values or clear errors."""
from django import forms
from django.utils.translation import gettext_lazy as _

from cms.filter_forms import FilterForm, PageNumberField

from .models import (
    Choice,
    Committee,
    DecisionStatus,
    DecisionTopic,
    DraftStatus,
    ElectoralDistrict,
    Faction,
    InitiatorKind,
    SessionKind,
    SessionPage,
)


class DeputyFilterForm(forms.Form):
    faction = forms.ModelChoiceField(
        label=_("Faction"), queryset=Faction.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All factions"), error_messages={"invalid_choice": _("There is no such faction.")},
    )
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All committees"), error_messages={"invalid_choice": _("There is no such committee.")},
    )
    district = forms.ModelChoiceField(
        label=_("Electoral district"), queryset=ElectoralDistrict.objects.all(), to_field_name="number",
        required=False, empty_label=_("All districts"),
        error_messages={"invalid_choice": _("There is no such electoral district.")},
    )
    outside_factions = forms.BooleanField(label=_("Outside factions only"), required=False)


class VoteRecordFilterForm(forms.Form):
    choice = forms.ChoiceField(label=_("Choice"), required=False, choices=[("", _("Any choice")), *Choice.choices],
                               error_messages={"invalid_choice": _("There is no such choice.")})
    session = forms.TypedChoiceField(label=_("Session"), required=False, coerce=int, empty_value=None,
                                     error_messages={"invalid_choice": _("The deputy has no votes in this session.")})
    page = PageNumberField()

    def __init__(self, *args, sessions=(), **kwargs):
        """``sessions``: the deputy's sessions with votes (SessionVoteSummary), the only ones to choose from."""
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", _("All sessions")), *[
            (str(summary.session_id), summary.title) for summary in sessions]]


class FindDeputyForm(forms.Form):
    street = forms.CharField(label=_("Street"), required=False, max_length=200,
                             help_text=_("E.g. «Шевченка» or «вул. Шевченка»."))
    house = forms.CharField(label=_("House number"), required=False, max_length=20, help_text=_("E.g. 15-А."))
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90,
                           error_messages={"invalid": _("The latitude must be a number, e.g. 48.5123.")})
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180,
                           error_messages={"invalid": _("The longitude must be a number, e.g. 35.0456.")})

    def clean(self):
        data = super().clean()
        by_address = bool(data.get("street") or data.get("house"))
        by_point = data.get("lat") is not None or data.get("lon") is not None
        if by_address and not (data.get("street") and data.get("house")):
            raise forms.ValidationError(_("Give both the street and the house number."))
        if by_point and (data.get("lat") is None or data.get("lon") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude."))
        data["mode"] = "address" if by_address else "point" if by_point else None
        return data


class SessionFilterForm(FilterForm):
    period = forms.ChoiceField(
        required=False, choices=[("upcoming", _("Upcoming")), ("past", _("Past"))], widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose upcoming or past sessions.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *SessionKind.choices],
                             error_messages={"invalid_choice": _("There is no such kind of session.")})
    page = PageNumberField()


class DraftFilterForm(FilterForm):
    title = _("Filter drafts")
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *DraftStatus.choices],
                               error_messages={"invalid_choice": _("There is no such status.")})
    initiator = forms.ChoiceField(label=_("Initiator"), required=False,
                                  choices=[("", _("Any initiator")), *InitiatorKind.choices],
                                  error_messages={"invalid_choice": _("There is no such initiator.")})
    page = PageNumberField()


# The browser's date picker sends and shows ISO dates whatever the language of the page.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionFilterForm(FilterForm):
    title = _("Search decisions")
    q = forms.CharField(label=_("Words in the text"), required=False, max_length=200)
    number = forms.CharField(label=_("Number"), required=False, max_length=50)
    date_from = forms.DateField(label=_("Adopted from"), required=False, widget=DATE_INPUT,
                                error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})
    date_to = forms.DateField(label=_("Adopted until"), required=False, widget=DATE_INPUT,
                              error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})
    session = forms.ModelChoiceField(label=_("Session"), required=False, queryset=SessionPage.objects.live(),
                                     error_messages={"invalid_choice": _("There is no such session.")})
    topic = forms.ModelChoiceField(label=_("Topic"), required=False, queryset=DecisionTopic.objects.all(),
                                   to_field_name="slug",
                                   error_messages={"invalid_choice": _("There is no such topic.")})
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *DecisionStatus.choices],
                               error_messages={"invalid_choice": _("There is no such status.")})
    initiator = forms.ChoiceField(label=_("Initiator"), required=False,
                                  choices=[("", _("Any initiator")), *InitiatorKind.choices],
                                  error_messages={"invalid_choice": _("There is no such initiator.")})
    page = PageNumberField()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start of the period cannot be later than its end."))
        return data
