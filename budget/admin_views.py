"""Admin pages of the budget: reviewing a project (checklist, comments, corrected cost, decision), implementation
updates, paper ballots (one by one, or a file), counting the results, and exports. Every write goes through
budget.services; no page here shows what a named voter chose."""
import base64
import binascii
import csv
import datetime
import io

import tablib
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export import fields, resources

from cms.csv_export import export_dataset
from cms.maps import LocalLeafletField, format_point, parse_point

from . import project_import, selectors, services
from .models import (
    BudgetCampaignPage,
    BudgetParticipation,
    BudgetProject,
    BudgetReview,
    District,
    Phase,
    ProjectStatus,
    ReviewDecision,
)

VIEW = "budget.view_budgetproject"


class ReviewForm(forms.Form):
    within_powers = forms.BooleanField(label=BudgetReview._meta.get_field("within_powers").verbose_name,
                                       required=False)
    on_city_land = forms.BooleanField(label=BudgetReview._meta.get_field("on_city_land").verbose_name,
                                      required=False)
    cost_realistic = forms.BooleanField(label=BudgetReview._meta.get_field("cost_realistic").verbose_name,
                                        required=False)
    one_year = forms.BooleanField(label=BudgetReview._meta.get_field("one_year").verbose_name, required=False)
    no_duplicate = forms.BooleanField(label=BudgetReview._meta.get_field("no_duplicate").verbose_name,
                                      required=False)
    comments = forms.CharField(label=gettext_lazy("Commission's comments"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=gettext_lazy("Shown on the project's page once a decision is made."))
    corrected_cost = forms.IntegerField(label=gettext_lazy("Corrected cost, UAH"), required=False, min_value=1,
                                        max_value=10**12,
                                        help_text=gettext_lazy("Leave empty to keep the author's estimate."))
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), required=False,
                                 choices=[("", gettext_lazy("Not decided yet"))] + ReviewDecision.choices)
    reason = forms.CharField(label=gettext_lazy("Reason for rejection"), required=False, max_length=3000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("Required when rejecting: the author and the public see it."))


class ImplementationForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=gettext_lazy("What was done"), max_length=3000, widget=forms.Textarea(
        attrs={"rows": 3}))
    progress = forms.IntegerField(label=gettext_lazy("Progress, %"), min_value=0, max_value=100)
    spent = forms.IntegerField(label=gettext_lazy("Money spent so far, UAH"), min_value=0, max_value=10**12)
    department = forms.CharField(label=gettext_lazy("Responsible department"), max_length=255, required=False)


class LocationForm(forms.Form):
    """The commission corrects the place: wagtailgeowidget's point picker (our own Leaflet) and the address, which
    the picker can also look up. Whether the point is inside the city is the service's rule."""

    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False,
                              help_text=gettext_lazy("Where the project will be carried out, e.g. «вул. Шевченка, "
                                                     "12»."))
    point = forms.CharField(label=gettext_lazy("Place on the map"), widget=LocalLeafletField(address_field="address"),
                            error_messages={"required": gettext_lazy("Choose the place on the map.")},
                            help_text=gettext_lazy("Drag the marker or type the coordinates; the point must be in "
                                                   "the city."))

    def clean_point(self):
        point = parse_point(self.cleaned_data.get("point") or "")
        if point is None:
            raise forms.ValidationError(_("Choose the place on the map."))
        return point


def review_project(request, pk):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    project = get_object_or_404(BudgetProject.objects.exclude(status=ProjectStatus.DRAFT)
                                .select_related("campaign", "category", "district"), pk=pk)
    review = BudgetReview.objects.filter(project=project).first()
    initial = {"corrected_cost": project.corrected_cost, "decision": review.decision if review else "",
               "reason": project.rejection_reason, "comments": review.comments if review else ""}
    if review:
        initial.update({field: getattr(review, field) for field in BudgetReview.CHECKLIST})
    action = request.POST.get("action")
    review_form = ReviewForm(request.POST if action == "review" else None, initial=initial)
    implementation_form = ImplementationForm(request.POST if action == "implementation" else None,
                                             initial={"department": project.department})
    location_form = LocationForm(request.POST if action == "location" else None, initial={
        "address": project.address,
        "point": format_point(latitude=project.latitude, longitude=project.longitude)
        if project.latitude is not None and project.longitude is not None else ""})
    status = 200
    if request.method == "POST":
        try:
            if action == "review" and review_form.is_valid():
                data = review_form.cleaned_data
                services.project_review(project=project, reviewer=request.user,
                                        checklist={f: data[f] for f in BudgetReview.CHECKLIST},
                                        comments=data["comments"], corrected_cost=data["corrected_cost"],
                                        decision=data["decision"], reason=data["reason"])
                messages.success(request, _("The review is saved."))
                return redirect(reverse("budget_project:edit", args=[project.pk]))
            if action == "implementation" and implementation_form.is_valid():
                data = implementation_form.cleaned_data
                services.implementation_update(project=project, by=request.user, text=data["text"],
                                               progress=data["progress"], spent=data["spent"], date=data["date"],
                                               department=data["department"])
                messages.success(request, _("The implementation update is published."))
                return redirect(reverse("budget_project:edit", args=[project.pk]))
            if action == "location" and location_form.is_valid():
                latitude, longitude = location_form.cleaned_data["point"]
                try:
                    services.project_relocate(project=project, by=request.user,
                                              address=location_form.cleaned_data["address"], latitude=latitude,
                                              longitude=longitude)
                except services.BudgetError as error:
                    if error.code != "invalid_location":
                        raise
                    location_form.add_error("point", error.message)
                else:
                    messages.success(request, _("The place of the project is saved."))
                    return redirect(reverse("budget_project:edit", args=[project.pk]))
            messages.error(request, _("Check the form and try again."))
            status = 422
        except services.BudgetError as error:
            messages.error(request, error.message)
            status = error.status
    return TemplateResponse(request, "budget/admin/review.html", {
        "project": project, "review_form": review_form, "implementation_form": implementation_form,
        "location_form": location_form,
        "cost_items": project.cost_items.all(), "files": project.files.all(), "updates": project.updates.all(),
        "can_review": request.user.has_perm(services.REVIEW), "can_track": request.user.has_perm(services.TRACK),
        "header_title": project.title, "page_title": _("Budget project"), "header_icon": "clipboard-list",
        "index_url": reverse("budget_project:index"),
    }, status=status)


# Paper ballots ----------------------------------------------------------------------------------------------

class PaperBallotForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Voter's full name"), max_length=255)
    birth_date = forms.DateField(label=gettext_lazy("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(label=gettext_lazy("Identity document (series and number)"), max_length=100)
    district = forms.ModelChoiceField(label=gettext_lazy("District"), queryset=District.objects.all(),
                                      required=False)
    service_centre = forms.CharField(label=gettext_lazy("Service centre"), max_length=200, required=False)


def _voting_campaigns():
    return [c for c in BudgetCampaignPage.objects.live().order_by("-year") if c.phase() == Phase.VOTING]


def paper_ballot(request):
    if not request.user.has_perm(services.PAPER):
        raise PermissionDenied
    campaigns = _voting_campaigns()
    campaign = next((c for c in campaigns if str(c.pk) == request.POST.get("campaign", request.GET.get(
        "campaign", ""))), campaigns[0] if campaigns else None)
    form = PaperBallotForm(request.POST or None)
    if request.method == "POST" and campaign is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.ballot_cast_paper(campaign=campaign, staff=request.user, full_name=data["full_name"],
                                       birth_date=data["birth_date"], document=data["document"],
                                       district=data["district"], service_centre=data["service_centre"],
                                       project_ids=request.POST.getlist("project"))
        except services.BudgetError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The paper ballot is entered."))
            return redirect(f"{reverse('budget_paper_ballot')}?campaign={campaign.pk}")
    groups = []
    if campaign is not None:
        projects = list(selectors.ballot_projects(campaign))
        groups = [{"category": c, "projects": [p for p in projects if p.category_id == c.pk]}
                  for c in selectors.categories(campaign)]
    return TemplateResponse(request, "budget/admin/paper_ballot.html", {
        "campaigns": campaigns, "campaign": campaign, "form": form, "groups": groups,
        "chosen": {int(v) for v in request.POST.getlist("project") if v.isascii() and v.isdigit() and len(v) < 19},
        "header_title": _("Paper ballot"), "page_title": _("Paper ballot"), "header_icon": "doc-full",
    })


PAPER_COLUMNS = ["full_name", "birth_date", "document", "service_centre", "projects"]


def paper_ballots_import(request):
    """A file of paper ballots (CSV: full_name, birth_date YYYY-MM-DD, document, service_centre, projects as ids
    separated by commas): all rows or none."""
    if not request.user.has_perm(services.PAPER):
        raise PermissionDenied
    campaigns = _voting_campaigns()
    errors, imported = [], 0
    if request.method == "POST":
        campaign = next((c for c in campaigns if str(c.pk) == request.POST.get("campaign")), None)
        upload = request.FILES.get("file")
        if campaign is None or upload is None:
            errors.append(_("Choose a campaign in its voting phase and a CSV file."))
        else:
            try:
                text = upload.read(5 * 1024 * 1024 + 1).decode("utf-8-sig")
                rows = list(csv.DictReader(io.StringIO(text)))
            except (UnicodeDecodeError, csv.Error):
                rows, errors = [], [_("The file is not a UTF-8 CSV file.")]
            if rows and not set(PAPER_COLUMNS) <= set(rows[0].keys()):
                errors.append(_("The file needs the columns: %(columns)s.") % {"columns": ", ".join(PAPER_COLUMNS)})
            if not errors:
                try:
                    with transaction.atomic():
                        for number, row in enumerate(rows, start=2):
                            try:
                                birth = datetime.date.fromisoformat((row["birth_date"] or "").strip())
                            except ValueError:
                                raise services.BudgetError("invalid_identity", _(
                                    "Line %(line)d: the date of birth must be YYYY-MM-DD.") % {"line": number})
                            try:
                                services.ballot_cast_paper(
                                    campaign=campaign, staff=request.user, full_name=row["full_name"],
                                    birth_date=birth, document=row["document"],
                                    service_centre=row.get("service_centre") or "",
                                    project_ids=[v for v in (row["projects"] or "").replace(";", ",").split(",")
                                                 if v.strip()])
                            except services.BudgetError as error:
                                raise services.BudgetError(error.code, _("Line %(line)d: %(message)s") % {
                                    "line": number, "message": error.message})
                            imported += 1
                except services.BudgetError as error:
                    errors, imported = [error.message], 0
            if not errors:
                messages.success(request, _("Paper ballots entered: %(count)d.") % {"count": imported})
                return redirect(reverse("budget_paper_ballots_import"))
    return TemplateResponse(request, "budget/admin/paper_import.html", {
        "campaigns": campaigns, "errors": errors, "columns": PAPER_COLUMNS,
        "header_title": _("Import paper ballots"), "page_title": _("Import paper ballots"), "header_icon": "upload",
    }, status=422 if errors else 200)


# Import of projects ------------------------------------------------------------------------------------------

def _import_campaigns():
    return [c for c in BudgetCampaignPage.objects.live().order_by("-year", "-pk")
            if c.phase() in project_import.OPEN_PHASES]


def projects_import(request):
    """Upload (CSV/XLSX) → preview of what will be created and updated → confirm; the confirmation carries the
    file itself (base64, at most 1 MB) so any web worker can finish it, and every row is checked again then."""
    if not request.user.has_perm(services.REVIEW):
        raise PermissionDenied
    campaigns = _import_campaigns()
    context = {"campaigns": campaigns, "columns": project_import.COLUMNS, "required": project_import.REQUIRED,
               "header_title": _("Import projects"), "page_title": _("Import projects"), "header_icon": "upload",
               "index_url": reverse("budget_project:index"),
               "export_campaigns": BudgetCampaignPage.objects.live().order_by("-year", "-pk")}
    if request.method != "POST":
        return TemplateResponse(request, "budget/admin/projects_import.html", context)
    campaign = next((c for c in campaigns if str(c.pk) == request.POST.get("campaign")), None)
    step = request.POST.get("step", "preview")
    if step == "confirm":
        try:
            data = base64.b64decode(request.POST.get("data", ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
        filename = request.POST.get("filename", "")[:200]
    else:
        upload = request.FILES.get("file")
        data = upload.read(project_import.MAX_BYTES + 1) if upload else b""
        filename = upload.name if upload else ""
    if campaign is None or not data:
        context["errors"] = [_("Choose a campaign that has not started voting yet and a CSV or XLSX file.")]
        return TemplateResponse(request, "budget/admin/projects_import.html", context, status=422)
    context["campaign"] = campaign
    try:
        if step == "confirm":
            plan = project_import.projects_import(campaign=campaign, data=data, filename=filename, by=request.user)
        else:
            plan = project_import.plan_import(campaign=campaign, data=data, filename=filename)
    except project_import.ImportRefused as error:
        context.update(errors=[error.message], lines=error.lines[:200], more=max(len(error.lines) - 200, 0))
        return TemplateResponse(request, "budget/admin/projects_import.html", context, status=422)
    if step == "confirm":
        messages.success(request, _("Projects imported: %(created)d new, %(updated)d updated, %(unchanged)d "
                                    "unchanged.") % {"created": plan.created, "updated": plan.updated,
                                                     "unchanged": plan.unchanged})
        return redirect(reverse("budget_project:index"))
    context.update(plan=plan, filename=filename, data=base64.b64encode(data).decode("ascii"))
    return TemplateResponse(request, "budget/admin/projects_import.html", context)


# Results and exports ----------------------------------------------------------------------------------------

@require_POST
def compute_results(request, pk):
    if not request.user.has_perm(services.REVIEW):
        raise PermissionDenied
    campaign = get_object_or_404(BudgetCampaignPage, pk=pk)
    try:
        count = services.results_compute(campaign=campaign, by=request.user)
    except services.BudgetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Results counted for %(count)d projects.") % {"count": count})
    return redirect(reverse("budget_project:index"))


class ParticipationResource(resources.ModelResource):
    """Who voted on paper and where (for the commission's checks): never what they chose."""

    campaign = fields.Field(attribute="campaign__title", column_name="campaign")

    class Meta:
        model = BudgetParticipation
        fields = ["campaign", "channel", "full_name", "birth_date", "document", "service_centre"]
        export_order = fields


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export(request, what: str, file_format: str):
    if file_format not in CONTENT_TYPES:
        raise PermissionDenied
    if what == "projects":
        if not request.user.has_perm(VIEW):
            raise PermissionDenied
        queryset = (BudgetProject.objects.exclude(status=ProjectStatus.DRAFT)
                    .select_related("campaign", "category", "district", "result").prefetch_related("cost_items")
                    .order_by("campaign_id", "pk"))
        campaign = request.GET.get("campaign", "")
        if campaign:
            if not (campaign.isascii() and campaign.isdigit() and len(campaign) < 19):
                raise Http404
            queryset = queryset.filter(campaign_id=int(campaign))
        # The import's columns, so the commission can edit the file and import it back.
        dataset = tablib.Dataset(headers=project_import.COLUMNS)
        for row in project_import.export_rows(queryset, request.build_absolute_uri("/")):
            dataset.append([row[column] for column in project_import.COLUMNS])
    elif what == "paper-voters":
        if not request.user.has_perm(services.PAPER):
            raise PermissionDenied
        # Shuffled by the random-free key (name): the order of entry is not kept in the file.
        queryset = (BudgetParticipation.objects.filter(channel="paper").select_related("campaign")
                    .order_by("campaign_id", "full_name"))
        dataset = ParticipationResource().export(queryset=queryset)
    else:
        raise PermissionDenied
    response = HttpResponse(export_dataset(dataset, file_format), content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="budget-{what}.{file_format}"'
    return response
