"""Forms: the admin form of an object (map point picker, opening hours per weekday), the public filters and a
resident's correction."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.filter_forms import FilterForm, PageNumberField, has_search_words, search_field
from cms.maps import LocalLeafletField, city_bounds, format_point, parse_point

from . import hours
from .models import ACCESSIBILITY_FEATURES, CorrectionKind

HOURS_HELP = _("E.g. «08:00-12:00, 13:00-17:00» (a break at noon), «22:00-06:00» past midnight; empty: day off.")


class CityObjectAdminForm(WagtailAdminModelForm):
    """Staff place the object with wagtailgeowidget's map (on our own Leaflet) and type hours per weekday."""

    point = forms.CharField(label=_("Place on the map"), widget=LocalLeafletField(address_field="address"),
                            help_text=_("Drag the marker or type the coordinates; the point must be in the city."))

    hours_mon = forms.CharField(label=hours.DAY_NAMES["mon"], required=False, max_length=100, help_text=HOURS_HELP)
    hours_tue = forms.CharField(label=hours.DAY_NAMES["tue"], required=False, max_length=100)
    hours_wed = forms.CharField(label=hours.DAY_NAMES["wed"], required=False, max_length=100)
    hours_thu = forms.CharField(label=hours.DAY_NAMES["thu"], required=False, max_length=100)
    hours_fri = forms.CharField(label=hours.DAY_NAMES["fri"], required=False, max_length=100)
    hours_sat = forms.CharField(label=hours.DAY_NAMES["sat"], required=False, max_length=100)
    hours_sun = forms.CharField(label=hours.DAY_NAMES["sun"], required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in hours.DAYS:
            self.initial.setdefault(f"hours_{day}", hours.day_text(self.instance.opening_hours or {}, day))
        if self.instance.latitude is not None and self.instance.longitude is not None:
            self.initial.setdefault("point", format_point(latitude=self.instance.latitude,
                                                          longitude=self.instance.longitude))

    def clean_point(self):
        point = parse_point(self.cleaned_data.get("point") or "")
        if point is None:
            raise ValidationError(_("Choose the place on the map."))
        if not city_bounds().contains(latitude=point[0], longitude=point[1]):
            raise ValidationError(_("The point is outside the city's bounds."))
        return point

    def clean(self):
        data = super().clean()
        week = {}
        for day in hours.DAYS:
            try:
                week[day] = hours.parse_day(data.get(f"hours_{day}") or "", day=day)
            except ValidationError as error:
                self.add_error(f"hours_{day}", error)
        self.instance.opening_hours = week
        if data.get("point"):
            self.instance.latitude, self.instance.longitude = data["point"]
        return data


YES_NO = [("", _("Not known")), ("true", _("Yes")), ("false", _("No"))]


class DirectoryFilterForm(FilterForm):
    title = _("Find a place")
    search_role = True
    q = search_field(_("Name or address"), validators=[has_search_words])
    category = forms.CharField(required=False, max_length=100)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    features = forms.MultipleChoiceField(label=_("Accessibility"), required=False,
                                         choices=list(ACCESSIBILITY_FEATURES.items()),
                                         widget=forms.CheckboxSelectMultiple,
                                         error_messages={
                                             "invalid_choice": _("There is no such accessibility feature.")})
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90,
                           error_messages={"invalid": _("The latitude must be a number, e.g. 49.5912.")})
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180,
                           error_messages={"invalid": _("The longitude must be a number, e.g. 34.5521.")})
    page = PageNumberField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise ValidationError(_("Give both the latitude and the longitude to sort by distance."))
        return data


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is wrong"), choices=CorrectionKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("What should it say"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("E.g. «Пандус є біля входу з двору» or «У суботу працює до 14:00»."))
