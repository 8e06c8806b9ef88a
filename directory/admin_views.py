"""Admin views of the directory: import (CSV, XLSX, GeoJSON) and export (CSV, XLSX through django-import-export),
and staff's decision on a resident's correction."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.csv_export import export_dataset

from . import services
from .importing import OPTIONAL, REQUIRED
from .models import Correction, CorrectionStatus

MAX_UPLOAD = 20 * 1024 * 1024
IMPORT_PERMISSION = "directory.import_cityobject"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV, XLSX or GeoJSON)"),
        help_text=gettext_lazy("CSV in UTF-8 (with or without BOM) or Windows-1251, XLSX, or GeoJSON Point "
                               "features; the format is told by the file's extension."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def import_objects(request):
    _require(request, IMPORT_PERMISSION)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "title": _("Import city objects"), "required": REQUIRED, "optional": OPTIONAL,
               "list_url": reverse("directory_object:index")}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.directory_import(data=upload.read(), filename=upload.name, user=request.user)
        except services.DirectoryError as error:
            context.update(error=error.message, lines=error.lines[:200], more=max(len(error.lines) - 200, 0))
            return TemplateResponse(request, "directory/admin/import.html", context, status=400)
        messages.success(request, _("City objects imported: %(created)s new, %(updated)s updated.")
                         % {"created": result.created, "updated": result.updated})
        return redirect("directory_object:index")
    return TemplateResponse(request, "directory/admin/import.html", context, status=400 if form.errors else 200)


def export_objects(request):
    _require(request, "directory.view_cityobject")
    from .models import CityObject
    from .resources import CityObjectResource

    file_format = request.GET.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        file_format = "csv"
    dataset = CityObjectResource().export(queryset=CityObject.objects.all())
    content_types = {"csv": "text/csv; charset=utf-8",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    body = export_dataset(dataset, file_format)  # the kernel's formula-safe writer, with a BOM for CSV
    response = HttpResponse(body.encode("utf-8") if isinstance(body, str) else body,
                            content_type=content_types[file_format])
    response["Content-Disposition"] = f'attachment; filename="city-objects.{file_format}"'
    return response


class DecisionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Answer to the resident"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("Optional: what was corrected, or why not."))


def decide_correction(request, pk):
    _require(request, "directory.change_correction")
    correction = get_object_or_404(Correction.objects.select_related("city_object", "author"), pk=pk)
    form = DecisionForm(request.POST or None)
    context = {"correction": correction, "form": form, "title": _("Correction from a resident"),
               "object_edit_url": reverse("directory_object:edit", args=[correction.city_object_id]),
               "pending": correction.status == CorrectionStatus.PENDING}
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        decide = {"accept": services.correction_accept, "reject": services.correction_reject}.get(action)
        if decide is None:
            context["error"] = _("Choose to accept or to reject the correction.")
            return TemplateResponse(request, "directory/admin/correction.html", context, status=400)
        try:
            decide(correction=correction, user=request.user, note=form.cleaned_data["note"])
        except services.DirectoryError as error:
            context["error"] = error.message
            return TemplateResponse(request, "directory/admin/correction.html", context, status=error.status)
        messages.success(request, _("The correction was accepted.") if action == "accept"
                         else _("The correction was rejected."))
        return redirect("directory_correction:index")
    return TemplateResponse(request, "directory/admin/correction.html", context)


