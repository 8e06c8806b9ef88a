"""JSON API of the participatory budget (/api/v3/budget/): campaigns, projects, results, open data; a resident's
ballot, "my ballot", voter profile and projects (submit, edit, withdraw). Errors are problem documents with
stable codes (not_eligible, voting_closed, over_budget, too_many_projects, already_voted, ...)."""
import datetime
import json
import uuid

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictInt

from cms.api_helpers import (
    MAX_DB_INT,
    AccountRow,
    Pagination,
    in_id_range,
    public,
    resident_auth,
    resident_auth_reading,
)
from cms.errors import ApiProblem

from . import opendata, selectors, services
from .ballot_config import ballot_config
from .models import PUBLIC_STATUSES, BudgetCampaignPage, BudgetProject, District, VoterProfile

router = Router(tags=["budget"])
# A ballot cast with a token reads the voter's profile in the token's statement (one round trip fewer per ballot).
VOTER_PROFILE_ROW = AccountRow(table=VoterProfile._meta.db_table, columns=services.VoterFacts._fields)


class BudgetCategoryOut(Schema):
    id: int
    name: str
    slug: str
    share: float
    fund: int
    min_cost: int
    max_cost: int
    ballot_rule: str
    max_projects: int | None
    min_projects: int

    @staticmethod
    def resolve_fund(obj):
        return obj.budget


class PhaseOut(Schema):
    phase: str
    label: str
    starts: datetime.datetime
    ends: datetime.datetime | None
    current: bool


class CampaignItem(Schema):
    id: int
    title: str
    year: int
    fund: int
    url: str
    phase: str
    phase_label: str
    voting_starts: datetime.datetime
    voting_ends: datetime.datetime

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(selectors.campaign_url(obj.pk))

    @staticmethod
    def resolve_phase(obj):
        return obj.phase()

    @staticmethod
    def resolve_phase_label(obj):
        return obj.phase_label()


class CampaignDetail(CampaignItem):
    intro: str
    min_age: int
    residency: str
    identity_required: bool
    binding_rule: str
    categories: list[BudgetCategoryOut]
    timeline: list[PhaseOut]

    @staticmethod
    def resolve_categories(obj):
        return selectors.categories(obj)

    @staticmethod
    def resolve_timeline(obj):
        return [{"phase": str(step["phase"].value), "label": str(step["label"]), "starts": step["starts"],
                 "ends": step["ends"], "current": step["current"]} for step in obj.timeline()]


class CostItemOut(Schema):
    name: str
    quantity: int
    unit_price: int
    total: int


class ProjectItem(Schema):
    id: int
    uid: str
    title: str
    url: str
    status: str
    status_label: str
    category: str
    district: str | None
    address: str
    latitude: float | None
    longitude: float | None
    cost: int
    author_name: str

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_absolute_url())

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_category(obj):
        return obj.category.slug

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district else None

    @staticmethod
    def resolve_cost(obj):
        return obj.effective_cost


class ProjectDetail(ProjectItem):
    description: str
    submitted_cost: int
    cost_items: list[CostItemOut]
    coauthors: list[str]
    rejection_reason: str
    progress: int
    spent: int
    department: str

    @staticmethod
    def resolve_submitted_cost(obj):
        return obj.cost

    @staticmethod
    def resolve_cost_items(obj):
        return [{"name": i.name, "quantity": i.quantity, "unit_price": i.unit_price, "total": i.total}
                for i in obj.cost_items.all()]

    @staticmethod
    def resolve_coauthors(obj):
        return [coauthor.name for coauthor in obj.coauthors.all()]


class ResultOut(Schema):
    category: str
    rank: int
    project_id: int
    title: str
    votes: int
    cost: int
    greedy_selected: bool
    mes_selected: bool
    winner: bool


class BudgetResultsOut(Schema):
    binding_rule: str
    results: list[ResultOut]


class BallotIn(Schema):
    # Strict: a lax model turns true into project 1 and "12" into 12, and the ballot is final.
    project_ids: list[StrictInt] = Field(..., max_length=500)


class BallotOut(Schema):
    ballot_id: uuid.UUID
    campaign_id: int
    cast_on: datetime.date
    project_ids: list[int]


class VoterProfileIn(Schema):
    birth_date: datetime.date | None = None
    district: str | None = Field(None, max_length=100)
    residency_declared: bool | None = None


class VoterProfileOut(Schema):
    birth_date: datetime.date | None
    district: str | None
    residency_declared: bool
    residency_verified: bool

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district else None


class CostItemIn(Schema):
    name: str = Field(..., max_length=200)
    quantity: int = Field(..., ge=0, le=MAX_DB_INT)
    unit_price: int = Field(..., ge=0, le=MAX_DB_INT)


class ProjectIn(Schema):
    title: str = Field(..., max_length=500)
    description: str = Field(..., max_length=20000)
    category: str = Field(..., max_length=50)
    district: str | None = Field(None, max_length=100)
    address: str = Field("", max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    cost_items: list[CostItemIn] = Field(..., max_length=100)
    coauthor_emails: list[str] = Field([], max_length=10)
    submit: bool = True


class ProjectFilters(Schema):
    category: str | None = Field(None, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")
    district: str | None = Field(None, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")
    status: str | None = Field(None, max_length=20)
    q: str | None = Field(None, max_length=200)


def _refuse(error: services.BudgetError):
    raise ApiProblem(error.status, error.code, error.message)


def _campaign_or_404(campaign_id: int) -> BudgetCampaignPage:
    campaign = selectors.public_campaign(campaign_id) if 0 < campaign_id <= MAX_DB_INT else None
    if campaign is None:
        raise ApiProblem(404, "not_found", _("There is no such campaign."))
    return campaign


def _project_or_404(request, project_id: int) -> BudgetProject:
    project = None
    if 0 < project_id <= MAX_DB_INT:
        project = (BudgetProject.objects.filter(pk=project_id, campaign__live=True)
                   .select_related("category", "district", "campaign").first())
    if project is None or not selectors.project_visible_to(project, request.user):
        raise ApiProblem(404, "not_found", _("There is no such project."))
    return project


def _district(slug: str | None) -> District | None:
    if not slug:
        return None
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise ApiProblem(422, "unknown_district", _("There is no such district."))
    return district


@router.get("/campaigns/", response=list[CampaignItem], auth=public, summary="Campaigns, newest first")
@paginate(Pagination)
def list_campaigns(request: HttpRequest):
    return selectors.public_campaigns()


@router.get("/campaigns/{campaign_id}/", response=CampaignDetail, auth=public,
            summary="A campaign with its phases, categories and rules")
def campaign_detail(request: HttpRequest, campaign_id: int):
    return _campaign_or_404(campaign_id)


@router.get("/campaigns/{campaign_id}/projects/", response=list[ProjectItem], auth=public,
            summary="Public projects of a campaign (filters: category, district, status, q)")
@paginate(Pagination)
def list_projects(request: HttpRequest, campaign_id: int, filters: ProjectFilters = Query(...)):  # noqa: B008
    campaign = _campaign_or_404(campaign_id)
    if filters.status and filters.status not in PUBLIC_STATUSES:
        raise ApiProblem(400, "unknown_status", _("There is no such project status."))
    return selectors.filter_projects(selectors.visible_projects(campaign), category=filters.category or "",
                                     district=filters.district or "", status=filters.status or "",
                                     query=(filters.q or "").strip())


@router.get("/projects/{project_id}/", response=ProjectDetail, auth=public, summary="One project")
def project_detail(request: HttpRequest, project_id: int):
    project = _project_or_404(request, project_id)
    return selectors.project_detail(project.pk, project.campaign)


@router.get("/campaigns/{campaign_id}/results/", response=BudgetResultsOut, auth=public,
            summary="Ranking, votes, costs and winners by both methods (after the results are announced)")
def campaign_results(request: HttpRequest, campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    if not selectors.results_published(campaign):
        raise ApiProblem(409, "results_not_ready", _("The results are not announced yet."))
    rows = list(opendata.result_rows(campaign))
    return {"binding_rule": campaign.binding_rule, "results": [
        {"category": row["category"], "rank": row["rank"], "project_id": int(row["projectUid"].split("-")[1]),
         "title": row["title"], "votes": row["votes"], "cost": row["cost"],
         "greedy_selected": bool(row["greedySelected"]), "mes_selected": bool(row["mesSelected"]),
         "winner": bool(row["winner"])} for row in rows]}


@router.post("/campaigns/{campaign_id}/ballot/", response={201: BallotOut},
             auth=resident_auth_reading(VOTER_PROFILE_ROW), url_name="budget_ballot",
             summary="Cast my ballot (final once cast; one per person)")
def cast_ballot(request: HttpRequest, campaign_id: int, data: BallotIn):
    # The busiest write of the module: the campaign's cached ballot configuration instead of its page (the same
    # visibility: live and public, otherwise 404).
    config = ballot_config(campaign_id) if in_id_range(campaign_id) else None
    if config is None or not config.public:
        raise ApiProblem(404, "not_found", _("There is no such campaign."))
    voter = None
    if hasattr(request, "account_row"):  # read with the token; a session's request leaves it to the service
        voter = services.VoterFacts(*request.account_row) if request.account_row else services.NO_VOTER_PROFILE
    try:
        ballot = services.ballot_cast(campaign=config, user=request.user, project_ids=data.project_ids,
                                      voter=voter)
    except services.BudgetError as error:
        _refuse(error)
    # BallotOut, written directly from values whose types are known: validating our own answer against the schema
    # and rendering it through the schema cost more CPU than the rest of the view (the same bytes as Ninja's).
    payload = {"ballot_id": str(ballot.id), "campaign_id": config.campaign_id, "cast_on": ballot.cast_on.isoformat(),
               "project_ids": [int(pk) for pk in ballot.project_ids]}
    return HttpResponse(json.dumps(payload), status=201, content_type="application/json; charset=utf-8")


@router.get("/campaigns/{campaign_id}/my-ballot/", response=BallotOut, auth=resident_auth,
            summary="My own ballot (only I can see it)")
def get_my_ballot(request: HttpRequest, campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    ballot = services.my_ballot(campaign=campaign, user=request.user)
    if ballot is None:
        raise ApiProblem(404, "not_found", _("You have not voted online in this campaign."))
    return {"ballot_id": ballot.id, "campaign_id": campaign.pk, "cast_on": ballot.cast_on,
            "project_ids": ballot.project_ids}


@router.get("/voter-profile/", response=VoterProfileOut, auth=resident_auth, summary="My voter profile")
def get_voter_profile(request: HttpRequest):
    from .models import VoterProfile

    return VoterProfile.objects.select_related("district").get_or_create(user=request.user)[0]


@router.put("/voter-profile/", response=VoterProfileOut, auth=resident_auth,
            summary="Set my date of birth, district and residency declaration")
def put_voter_profile(request: HttpRequest, data: VoterProfileIn):
    try:
        return services.voter_profile_update(user=request.user, birth_date=data.birth_date,
                                             district=_district(data.district),
                                             residency_declared=data.residency_declared)
    except services.BudgetError as error:
        _refuse(error)


def _save_project(request, campaign, data: ProjectIn, project=None):
    category = next((c for c in campaign.categories.all() if c.slug == data.category), None)
    if category is None:
        raise ApiProblem(422, "invalid_category", _("Choose a category of this campaign."))
    try:
        return services.project_save(
            author=request.user, campaign=campaign, project=project, title=data.title,
            description=data.description, category=category, district=_district(data.district),
            address=data.address, latitude=data.latitude, longitude=data.longitude,
            cost_items=[item.dict() for item in data.cost_items], coauthor_emails=data.coauthor_emails,
            submit=data.submit)
    except services.BudgetError as error:
        _refuse(error)


@router.post("/campaigns/{campaign_id}/projects/", response={201: ProjectDetail}, auth=resident_auth,
             summary="Submit a project (or save a draft with submit=false)")
def submit_project(request: HttpRequest, campaign_id: int, data: ProjectIn):
    campaign = _campaign_or_404(campaign_id)
    project = _save_project(request, campaign, data)
    return Status(201, selectors.project_detail(project.pk, campaign))


@router.put("/projects/{project_id}/", response=ProjectDetail, auth=resident_auth,
            summary="Change my project (until submission ends)")
def edit_project(request: HttpRequest, project_id: int, data: ProjectIn):
    project = _project_or_404(request, project_id)
    project = _save_project(request, project.campaign, data, project)
    return selectors.project_detail(project.pk, project.campaign)


@router.post("/projects/{project_id}/withdraw/", response=ProjectDetail, auth=resident_auth,
             summary="Withdraw my project (until submission ends)")
def withdraw_project(request: HttpRequest, project_id: int):
    project = _project_or_404(request, project_id)
    try:
        services.project_withdraw(project=project, author=request.user)
    except services.BudgetError as error:
        _refuse(error)
    return selectors.project_detail(project.pk, project.campaign)


@router.get("/my-projects/", response=list[ProjectItem], auth=resident_auth, summary="Projects I (co-)authored")
@paginate(Pagination)
def my_projects(request: HttpRequest):
    return selectors.projects_by_author(request.user).select_related("district")


def _open_data(dataset: str, fmt: str):
    def view(request: HttpRequest, campaign_id: int):
        return opendata.open_data_response(request, _campaign_or_404(campaign_id), dataset, fmt)

    view.__name__ = f"open_data_{dataset}_{fmt}"
    return view


for _dataset in opendata.DATASETS:
    for _fmt in ("csv", "json"):
        router.get(f"/campaigns/{{campaign_id}}/open-data/{_dataset}.{_fmt}", auth=None,
                   url_name=f"budget_open_data_{_dataset}_{_fmt}",
                   summary=f"Open data: {_dataset} ({_fmt.upper()}); votes and ballots after voting ends, anonymised")(
            _open_data(_dataset, _fmt))
