"""Admin pages of e-petitions: processing one petition (publish, reject, answer, forward), bulk moderation,
signing bursts with bulk invalidation, and the export of signatures. Each action goes through the services."""
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export import fields, resources
from wagtail.log_actions import log

from cms.admin_bulk import apply_to_selected
from cms.csv_export import export_dataset

from . import selectors, services
from .forms import AnswerForm, ForwardForm, InvalidateForm, RejectForm
from .models import Petition, Signature, SignatureInvalidation


def _is_number(value: str) -> bool:
    # ASCII only: "²".isdigit() is true but int() refuses it; 18 digits stay within a bigint.
    return value.isascii() and value.isdigit() and len(value) < 19


def _can_process(user) -> bool:
    return any(user.has_perm(permission) for permission in
               (services.MODERATE, services.ANSWER, services.PROCESS_SIGNATURES))


def process_petition(request, pk):
    if not _can_process(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition.objects.exclude(status=Petition.Status.DRAFT)
                                 .select_related("category", "author"), pk=pk)
    reject_form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    answer_form = AnswerForm(request.POST if request.POST.get("action") == "answer" else None)
    forward_form = ForwardForm(request.POST if request.POST.get("action") == "forward" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.petition_publish(petition=petition, moderator=request.user)
                messages.success(request, _("The petition is published and collects signatures."))
            elif action == "reject" and reject_form.is_valid():
                services.petition_reject(petition=petition, moderator=request.user, **reject_form.cleaned_data)
                messages.success(request, _("The petition is rejected; its author is told by e-mail."))
            elif action == "answer" and answer_form.is_valid():
                data = answer_form.cleaned_data
                services.petition_answer(petition=petition, official=request.user, text=data["text"],
                                         outcome=data["outcome"], decision_url=data["decision_url"],
                                         documents=list(data["documents"]))
                messages.success(request, _("The answer is published; signers and followers are notified."))
            elif action == "forward" and forward_form.is_valid():
                services.petition_forward_as_appeal(petition=petition, by=request.user,
                                                    note=forward_form.cleaned_data["note"])
                messages.success(request, _("The petition is forwarded to the appeals office."))
            else:
                raise services.PetitionError("invalid_state", _("Check the form and try again."))
        except services.PetitionError as error:
            messages.error(request, error.message)
        else:
            return redirect(reverse("petitions_petition:edit", args=[petition.pk]))
    return TemplateResponse(request, "petitions/admin/process.html", {
        "petition": petition, "reject_form": reject_form, "answer_form": answer_form, "forward_form": forward_form,
        "timeline": selectors.timeline(petition).select_related("by"),
        "attachments": petition.attachments.all(),
        "can_moderate": request.user.has_perm(services.MODERATE),
        "can_answer": request.user.has_perm(services.ANSWER),
        "can_process_signatures": request.user.has_perm(services.PROCESS_SIGNATURES),
        "response_days_left": petition.response_working_days_left(),
        "header_title": petition.title, "page_title": _("Petition"), "header_icon": "form",
        "index_url": reverse("petitions_petition:index"),
    })


@require_POST
def bulk_moderate(request):
    """Publish or reject (one reason for all) the selected petitions; each goes through the service."""
    if not request.user.has_perm(services.MODERATE):
        raise PermissionDenied
    actions = {
        "publish": lambda petition: services.petition_publish(petition=petition, moderator=request.user),
        "reject": lambda petition: services.petition_reject(
            petition=petition, moderator=request.user, reason=request.POST.get("reason", ""),
            text=request.POST.get("text", "")),
    }
    return apply_to_selected(
        request, queryset=Petition.objects.exclude(status=Petition.Status.DRAFT),
        index_url=reverse("petitions_petition:index"),
        act=actions.get(request.POST.get("action", "")), describe=lambda petition: f"#{petition.pk}",
        nothing_selected=_("Select petitions and an action."), changed=_("Petitions changed: %(count)d."))


def signing_bursts(request):
    if not request.user.has_perm(services.PROCESS_SIGNATURES):
        raise PermissionDenied
    hours = request.GET.get("hours", "24")
    hours = int(hours) if _is_number(hours) and 0 < int(hours) <= 24 * 90 else 24
    form = InvalidateForm(request.POST or None)
    if request.method == "POST":
        petition_id = request.POST.get("petition", "")
        petition = Petition.objects.filter(pk=int(petition_id)).first() if _is_number(petition_id) else None
        if petition is None:
            messages.error(request, _("Choose the petition."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                invalidation = services.signatures_invalidate(
                    petition=petition, by=request.user, reason=data["reason"], ip_address=data["ip_address"] or None,
                    email_domain=data["email_domain"] or None, signature_ids=data["signature_ids"] or None)
            except services.PetitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Signatures invalidated: %(count)d.") % {"count": invalidation.count})
                return redirect(reverse("petitions_bursts"))
        else:
            messages.error(request, _("Check the form and try again."))
    bursts = selectors.signing_bursts(since=timezone.now() - datetime.timedelta(hours=hours))
    return TemplateResponse(request, "petitions/admin/bursts.html", {
        "bursts": bursts, "hours": hours, "form": form,
        "invalidations": SignatureInvalidation.objects.select_related("petition", "by")[:20],
        "header_title": _("Signing bursts"), "page_title": _("Signing bursts"), "header_icon": "warning",
    })


class SignatureResource(resources.ModelResource):
    petition = fields.Field(attribute="petition_id", column_name="petition")
    petition_title = fields.Field(attribute="petition__title", column_name="petition_title")

    class Meta:
        model = Signature
        fields = ("id", "petition", "petition_title", "name", "email", "created_at", "is_valid")
        export_order = fields


def export_signatures(request):
    """Signatures with e-mails, for the staff who process them (CSV or XLSX)."""
    if not request.user.has_perm(services.PROCESS_SIGNATURES):
        raise PermissionDenied
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "xlsx"}:
        fmt = "csv"
    queryset = Signature.objects.select_related("petition").order_by("petition_id", "created_at", "pk")
    petition_id = request.GET.get("petition", "")
    petition = Petition.objects.filter(pk=int(petition_id)).first() \
        if _is_number(petition_id) else None
    if petition is None:
        messages.error(request, _("Choose the petition whose signatures to export."))
        return redirect(reverse("petitions_petition:index"))
    queryset = queryset.filter(petition=petition)
    dataset = SignatureResource().export(queryset)
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx" \
        else "text/csv; charset=utf-8"
    response = HttpResponse(export_dataset(dataset, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="signatures.{fmt}"'
    # Personal data left the portal: the audit log says who took it.
    log(instance=petition, action="petitions.export", user=request.user, data={"format": fmt})
    return response
