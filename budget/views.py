"""Public pages of the participatory budget (routes of BudgetCampaignPage): landing, catalogue, project page,
project form, ballot (choose -> review -> confirm -> accepted), my ballot, my projects, results, statistics.
Thin wrappers over budget.services; every page works without JavaScript."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cms import maps

from . import selectors, services
from .forms import EligibilityForm, ProjectFilterForm, ProjectForm
from .models import BudgetParticipation, Phase, ProjectStatus, Residency, VoterProfile

PER_PAGE = 20


def _errors(form) -> list[str]:
    return [message for messages_ in form.errors.values() for message in messages_]


def _context(request, campaign, categories=None, **extra):
    context = campaign.get_context(request)
    # Read only where a template lists them (the campaign's page): a project's page has its own category.
    context.update(campaign=campaign, phase=campaign.phase(),
                   categories=categories if categories is not None
                   else SimpleLazyObject(lambda: selectors.categories(campaign)), **extra)
    return context


def campaign_landing(request, campaign):
    context = _context(request, campaign, timeline=campaign.timeline(),
                       results_published=selectors.results_published(campaign),
                       has_voted=request.user.is_authenticated and BudgetParticipation.objects.filter(
                           campaign=campaign, user=request.user).exists())
    return TemplateResponse(request, "budget/campaign_page.html", context)


def catalogue(request, campaign):
    categories = selectors.categories(campaign)
    form = ProjectFilterForm(request.GET, categories=categories)
    context = _context(request, campaign, categories=categories, filter_form=form)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        queryset = selectors.filter_projects(
            selectors.visible_projects(campaign), category=data["category"],
            district=data["district"].slug if data["district"] else "", status=data["status"],
            query=data["q"].strip())
        try:
            context["projects_page"] = Paginator(queryset, PER_PAGE).page(data["page"] or 1)
            context["map_config"] = _projects_map(queryset)
        except EmptyPage:
            context["errors"], status = [_("There is no such page in this list.")], 404
    else:
        context["errors"], status = _errors(form), 400
    return TemplateResponse(request, "budget/catalogue.html", context, status=status)


STATUS_COLOURS = {ProjectStatus.ADMITTED: "#0b4f8a", ProjectStatus.WINNER: "#00703c",
                  ProjectStatus.IMPLEMENTING: "#8a5a00", ProjectStatus.IMPLEMENTED: "#00703c",
                  ProjectStatus.NOT_SELECTED: "#6b0c0c", ProjectStatus.REJECTED: "#6b0c0c"}


def _projects_map(queryset) -> dict | None:
    """Every project of the filtered list that has a point, one switchable layer per status (the list beside it
    is the alternative)."""
    rows = list(queryset.filter(latitude__isnull=False).values_list("pk", "title", "status", "latitude", "longitude",
                                                                    "campaign_id"))
    if not rows:
        return None
    labels = dict(ProjectStatus.choices)
    layers = []
    for status in dict.fromkeys(row[2] for row in rows):
        features = maps.feature_collection(
            maps.point_feature(latitude=float(lat), longitude=float(lon), feature_id=pk,
                               properties={"title": title, "subtitle": str(labels[status]),
                                           "url": f"{selectors.campaign_url(campaign_id)}proiekty/{pk}/"})
            for pk, title, row_status, lat, lon, campaign_id in rows if row_status == status)
        layers.append(maps.layer(layer_id=f"status-{status}", name=labels[status], data=features,
                                 colour=STATUS_COLOURS.get(status, "#0b4f8a"), cluster=True, switchable=True))
    return maps.map_config(layers=layers)


def _visible_project(request, campaign, pk: int):
    project = selectors.project_detail(pk, campaign)
    if project is None or not selectors.project_visible_to(project, request.user):
        raise Http404
    return project


def project_detail(request, campaign, pk: int):
    project = _visible_project(request, campaign, pk)
    review = getattr(project, "review", None)
    context = _context(request, campaign, project=project, cost_items=list(project.cost_items.all()),
                       photos=[f for f in project.files.all() if f.kind == "photo"],
                       attachments=[f for f in project.files.all() if f.kind == "attachment"],
                       review=review, updates=list(project.updates.all()),
                       is_author=request.user.is_authenticated and project.author_id == request.user.pk,
                       show_votes=campaign.phase() == Phase.RESULTS,
                       result=getattr(project, "result", None) if campaign.phase() == Phase.RESULTS else None)
    if project.latitude is not None:
        point = maps.point_feature(latitude=float(project.latitude), longitude=float(project.longitude),
                                   feature_id=project.pk, properties={"title": project.title})
        context["map_config"] = maps.map_config(layers=[maps.layer(
            layer_id="project", name=project.title, data=maps.feature_collection([point]))], fit=False,
            center=(float(project.latitude), float(project.longitude)), zoom=16)
    return TemplateResponse(request, "budget/project_page.html", context)


def project_edit(request, campaign, pk: int | None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    project = None
    if pk is not None:
        project = selectors.project_detail(pk, campaign)
        if project is None or project.author_id != request.user.pk:
            raise Http404
    categories = selectors.categories(campaign)
    initial = {}
    if project is not None:
        initial = {"title": project.title, "category": project.category_id, "description": project.description,
                   "district": project.district, "address": project.address, "latitude": project.latitude,
                   "longitude": project.longitude,
                   "coauthors": "\n".join(c.user.email for c in project.coauthors.select_related("user"))}
        for index, item in enumerate(project.cost_items.all()):
            initial.update({f"item_{index}_name": item.name, f"item_{index}_quantity": item.quantity,
                            f"item_{index}_price": item.unit_price})
    form = ProjectForm(request.POST or None, request.FILES or None, categories=categories, initial=initial)
    context = _context(request, campaign, form=form, project=project, errors=[],
                       open=campaign.phase() == Phase.SUBMISSION)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = next((c for c in categories if str(c.pk) == str(data["category"])), None)
        try:
            project = services.project_save(
                author=request.user, campaign=campaign, project=project, title=data["title"],
                description=data["description"], category=category, district=data["district"],
                address=data["address"], latitude=data["latitude"], longitude=data["longitude"],
                cost_items=form.cost_items(), coauthor_emails=form.coauthor_emails(), photos=data["photos"],
                files=data["attachments"], submit=request.POST.get("action") == "submit")
        except services.BudgetError as error:
            context["errors"], status = [error.message], 422
        else:
            messages.success(request, _("The project is submitted: the commission will review it.")
                             if project.status == ProjectStatus.SUBMITTED else _("The draft is saved."))
            return HttpResponseRedirect(project.get_absolute_url())
    elif request.method == "POST":
        context["errors"], status = _errors(form), 422
    return TemplateResponse(request, "budget/project_form.html", context, status=status)


def project_withdraw(request, campaign, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    project = selectors.project_detail(pk, campaign)
    if project is None or project.author_id != request.user.pk:
        raise Http404
    try:
        services.project_withdraw(project=project, author=request.user)
    except services.BudgetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The project is withdrawn."))
    return HttpResponseRedirect(f"{campaign.url}moi-proiekty/")


# Ballot ------------------------------------------------------------------------------------------------------

def _chosen_ids(request) -> list[int]:
    values = request.POST.getlist("project") if request.method == "POST" else request.GET.getlist("project")
    return [int(value) for value in values if value.isascii() and value.isdigit() and len(value) < 19]


def _ballot_context(request, campaign, chosen_ids, **extra):
    projects = list(selectors.ballot_projects(campaign))
    profile = VoterProfile.objects.filter(user=request.user).first()
    needs = {"birth_date": not (profile and profile.birth_date),
             "residency": campaign.residency == Residency.DECLARED and not (
                 profile and (profile.residency_declared or profile.residency_verified))}
    categories = selectors.categories(campaign)
    groups = [{"category": category, "projects": [p for p in projects if p.category_id == category.pk]}
              for category in categories]
    return _context(request, campaign, groups=groups, chosen=set(chosen_ids), needs=needs,
                    eligibility_form=extra.pop("eligibility_form", None) or EligibilityForm(), **extra)


def _voting_gate(request, campaign):
    """Login first; a voter who has voted goes to their ballot; outside the voting phase, a notice."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if BudgetParticipation.objects.filter(campaign=campaign, user=request.user).exists():
        messages.info(request, _("You have already voted in this campaign."))
        return HttpResponseRedirect(f"{campaign.url}miy-biuleten/")
    if campaign.phase() != Phase.VOTING:
        return TemplateResponse(request, "budget/ballot_closed.html", _context(request, campaign), status=409)
    return None


def ballot_form(request, campaign):
    gate = _voting_gate(request, campaign)
    if gate is not None:
        return gate
    chosen_ids = _chosen_ids(request)
    if request.method != "POST" or request.POST.get("action") == "change":
        return TemplateResponse(request, "budget/ballot_form.html", _ballot_context(request, campaign, chosen_ids))
    eligibility = EligibilityForm(request.POST)
    errors = []
    if eligibility.is_valid():
        data = eligibility.cleaned_data
        if data["birth_date"] or data["district"] or data["residency"]:
            services.voter_profile_update(user=request.user, birth_date=data["birth_date"],
                                          district=data["district"], residency_declared=data["residency"] or None)
        try:
            services.voter_eligibility(campaign=campaign, user=request.user)
            chosen = services.check_ballot(campaign=campaign, project_ids=chosen_ids)
        except services.BudgetError as error:
            errors = [error.message]
    else:
        errors = _errors(eligibility)
    if errors:
        context = _ballot_context(request, campaign, chosen_ids, errors=errors, eligibility_form=eligibility)
        return TemplateResponse(request, "budget/ballot_form.html", context, status=422)
    by_category = [{"category": category, "projects": [p for p in chosen if p.category_id == category.pk]}
                   for category in selectors.categories(campaign)]
    context = _context(request, campaign, chosen=chosen, by_category=[g for g in by_category if g["projects"]])
    return TemplateResponse(request, "budget/ballot_review.html", context)


def ballot_review(request, campaign):
    """The confirmation: casting is final."""
    if request.method != "POST":
        return HttpResponseRedirect(f"{campaign.url}biuleten/")
    gate = _voting_gate(request, campaign)
    if gate is not None:
        return gate
    if request.POST.get("action") == "change":
        return ballot_form(request, campaign)
    try:
        services.ballot_cast(campaign=campaign, user=request.user, project_ids=_chosen_ids(request))
    except services.BudgetError as error:
        if error.code == "already_voted":
            messages.info(request, error.message)
            return HttpResponseRedirect(f"{campaign.url}miy-biuleten/")
        context = _ballot_context(request, campaign, _chosen_ids(request), errors=[error.message])
        return TemplateResponse(request, "budget/ballot_form.html", context, status=422)
    return HttpResponseRedirect(f"{campaign.url}biuleten/pryiniato/")


def ballot_done(request, campaign):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if services.my_ballot(campaign=campaign, user=request.user) is None:
        return HttpResponseRedirect(f"{campaign.url}biuleten/")
    return TemplateResponse(request, "budget/ballot_done.html", _context(request, campaign))


def my_ballot(request, campaign):
    """Only the voter's own session reaches their choices (through the keyed tag; see docs/budget.md)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    ballot = services.my_ballot(campaign=campaign, user=request.user)
    projects = []
    if ballot is not None:
        projects = list(selectors.ballot_projects(campaign).filter(pk__in=ballot.project_ids))
    participation = BudgetParticipation.objects.filter(campaign=campaign, user=request.user).first()
    response = TemplateResponse(request, "budget/my_ballot.html", _context(
        request, campaign, ballot=ballot, projects=projects, participation=participation))
    response["Cache-Control"] = "private, no-store"
    return response


def my_projects(request, campaign):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    return TemplateResponse(request, "budget/my_projects.html", _context(
        request, campaign, projects=selectors.projects_by_author(request.user).filter(campaign=campaign)))


def results(request, campaign):
    published = selectors.results_published(campaign)
    rows = list(selectors.results(campaign)) if published else []
    categories = selectors.categories(campaign)
    tables = []
    for category in categories:
        mine = [row for row in rows if row.category_id == category.pk]
        binding = "greedy_selected" if campaign.binding_rule == "greedy" else "mes_selected"
        spent = sum(row.cost for row in mine if getattr(row, binding))
        tables.append({"category": category, "rows": mine, "spent": spent, "left": category.budget - spent,
                       "binding": binding})
    return TemplateResponse(request, "budget/results.html", _context(
        request, campaign, published=published, tables=tables))


def statistics(request, campaign):
    published = campaign.phase() in (Phase.COUNTING, Phase.RESULTS)
    stats = selectors.statistics(campaign) if published else None
    if stats:
        for key in ("by_age", "by_district", "by_day", "by_channel"):
            top = max((row["count"] for row in stats[key]), default=0) or 1
            for row in stats[key]:
                row["percent"] = round(100 * row["count"] / top)
    return TemplateResponse(request, "budget/statistics.html", _context(request, campaign, stats=stats,
                                                                          published=published))
