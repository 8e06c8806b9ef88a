"""Admin views: import and export of deputies (30-deputies.csv columns) through django-import-export."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.csv_export import export_dataset

from . import imports, services
from .models import SessionPage

MAX_UPLOAD = 10 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"),
                           help_text=gettext_lazy("CSV in UTF-8 or Windows-1251, or XLSX, with the open-data columns."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def deputy_import(request):
    _require(request, "council.import_deputies")
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "title": _("Import deputies"), "lines": [],
               "columns_file": "30-deputies.csv", "export_formats": ["csv", "xlsx", "json"],
               "export_url": reverse("council_deputy_export")}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = imports.deputies_import(data=upload.read(), filename=upload.name, user=request.user)
        except services.CouncilError as error:
            context["error"], context["lines"] = error.message, error.lines
            return TemplateResponse(request, "council/admin/import.html", context, status=400)
        messages.success(request, _("Deputies imported: %(created)s new, %(updated)s updated.")
                         % {"created": report.created, "updated": report.updated})
        return redirect("council_deputy_import")
    return TemplateResponse(request, "council/admin/import.html", context, status=400 if form.errors else 200)


def deputy_export(request):
    _require(request, "council.import_deputies")
    from .resources import DeputyResource

    file_format = request.GET.get("format", "csv")
    if file_format not in {"csv", "xlsx", "json"}:
        file_format = "csv"
    dataset = DeputyResource().export()
    content_types = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = HttpResponse(export_dataset(dataset, file_format, bom=False), content_type=content_types[file_format])
    response["Content-Disposition"] = f'attachment; filename="deputies.{file_format}"'
    return response


class VotesUploadForm(forms.Form):
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), queryset=SessionPage.objects.order_by("-start"),
                                     help_text=gettext_lazy("The session whose votes the files hold."))
    votings = forms.FileField(label=gettext_lazy("Deputies' votes (29-votes-votings), CSV or XLSX"))
    events = forms.FileField(label=gettext_lazy("Votes with totals (29-votes-voteEvents), CSV or XLSX"),
                             required=False,
                             help_text=gettext_lazy("Recommended: without it each question counts as one vote "
                                                    "and the result is computed from the records."))

    def clean(self):
        data = super().clean()
        for name in ("votings", "events"):
            if data.get(name) and data[name].size > MAX_UPLOAD:
                self.add_error(name, _("The file is larger than 10 MB."))
        return data


def votes_import_view(request):
    from .imports import votes_import

    _require(request, "council.add_voteevent")
    form = VotesUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "title": _("Import roll-call votes"), "lines": [],
               "columns_file": "29-votes-votings.csv / 29-votes-voteEvents.csv"}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        events = data.get("events")
        try:
            report = votes_import(session=data["session"], votings=data["votings"].read(),
                                  votings_name=data["votings"].name, events=events.read() if events else None,
                                  events_name=events.name if events else "", user=request.user)
        except services.CouncilError as error:
            context["error"], context["lines"] = error.message, error.lines
            return TemplateResponse(request, "council/admin/import.html", context, status=400)
        messages.success(request, _("Votes imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                         % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged})
        return redirect("council_votes_import")
    return TemplateResponse(request, "council/admin/import.html", context, status=400 if form.errors else 200)


def addresses_import_view(request):
    _require(request, "council.add_addressrecord")
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "title": _("Import the address register"), "lines": [],
               "columns_file": "37-address-register.csv + areaId"}
    if request.user.has_perm("council.view_addressrecord"):
        context["list_url"], context["list_label"] = (reverse("council_addresses:index"),
                                                      _("Find and correct single addresses"))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = imports.addresses_import(data=upload.read(), filename=upload.name)
        except services.CouncilError as error:
            context["error"], context["lines"] = error.message, error.lines
            return TemplateResponse(request, "council/admin/import.html", context, status=400)
        messages.success(request, _("Addresses imported: %(created)s new, %(updated)s updated.")
                         % {"created": report.created, "updated": report.updated})
        return redirect("council_addresses_import")
    return TemplateResponse(request, "council/admin/import.html", context, status=400 if form.errors else 200)
