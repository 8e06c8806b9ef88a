"""Every write of the participatory budget that carries a rule: projects (save, submit, withdraw), review,
voting online and on paper, results, implementation. Each is one transaction with coded refusals (BudgetError)."""
import dataclasses
import datetime
import hashlib
import hmac
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms import pagecache
from cms.errors import RuleError
from cms.maps import city_bounds
from cms.names import name_errors
from cms.services import user_has_verified_email
from cms.uploads import UploadRejected, check_upload
from participation.notifications import notify_users

from . import rules
from .ballot_config import PAGE_FIELDS, BallotConfig, ballot_config
from .ballot_config import build as build_ballot_config
from .models import (
    ON_BALLOT_STATUSES,
    BallotRule,
    BudgetBallot,
    BudgetCampaignPage,
    BudgetCategory,
    BudgetCoAuthor,
    BudgetCostItem,
    BudgetProject,
    BudgetProjectFile,
    BudgetResult,
    BudgetReview,
    Channel,
    District,
    ImplementationUpdate,
    Phase,
    ProjectStatus,
    Residency,
    ReviewDecision,
    VoterProfile,
)
from .models.projects import DESCRIPTION_MAX_LENGTH, DESCRIPTION_MIN_LENGTH, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH

REVIEW = "budget.review_budgetproject"
PAPER = "budget.enter_paper_ballot"
TRACK = "budget.track_implementation"
MAX_COST_ITEMS = 50
MAX_COAUTHORS = 5
PHOTO_TYPES = frozenset({"png", "jpeg"})
FILE_MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 6
AGE_GROUPS = ((14, 17), (18, 29), (30, 44), (45, 59), (60, 200))


class BudgetError(RuleError):
    """A rule refused the action; ``code`` is stable for API clients, ``message`` is for people (Ukrainian)."""

    STATUS = {
        "not_verified": 403, "identity_required": 403, "not_eligible": 403, "not_author": 403,
        "name_required": 422, "already_voted": 409, "voting_closed": 409, "submission_closed": 409,
        "invalid_state": 409, "results_not_ready": 409, "not_found": 404,
        "over_budget": 422, "too_many_projects": 422, "too_few_projects": 422, "empty_ballot": 422,
        "unknown_project": 422, "invalid_title": 422, "invalid_description": 422, "invalid_category": 422,
        "invalid_costs": 422, "cost_out_of_limits": 422, "invalid_location": 422, "invalid_coauthor": 422,
        "invalid_file": 422, "reason_required": 422, "invalid_decision": 422, "invalid_identity": 422,
        "invalid_progress": 422, "birth_date_required": 422,
    }


def _require(user, permission: str) -> None:
    if not (user and user.is_authenticated and user.has_perm(permission)):
        raise PermissionDenied


def _absolute(url: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


# Identity and secrecy -----------------------------------------------------------------------------------------

def _ballot_key() -> bytes:
    """The key of the voter↔ballot link; its own setting so the site's SECRET_KEY can rotate separately."""
    configured = getattr(settings, "BUDGET_BALLOT_KEY", "") or ""
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"budget-ballot-key", hashlib.sha256).digest()


def normalise_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name or "").casefold().replace("’", "ʼ").replace("'", "ʼ")
    return " ".join(name.replace("-", " ").split())


def person_key(*, full_name: str, birth_date: datetime.date) -> str:
    """One person across channels: a keyed hash of the normalised full name and the birth date."""
    message = f"person|{normalise_name(full_name)}|{birth_date.isoformat()}".encode()
    return hmac.new(_ballot_key(), message, hashlib.sha256).hexdigest()


def owner_tag(*, campaign_id: int, user_id: int) -> str:
    """What joins an online voter to their ballot: computable only with the ballot key and the voter's account."""
    return hmac.new(_ballot_key(), f"ballot|{campaign_id}|{user_id}".encode(), hashlib.sha256).hexdigest()


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_group(age: int) -> str:
    for low, high in AGE_GROUPS:
        if low <= age <= high:
            return f"{low}-{high}" if high < 200 else f"{low}+"
    return f"<{AGE_GROUPS[0][0]}"


# Projects ------------------------------------------------------------------------------------------------------

def _check_resident(user) -> None:
    if not user or not user.is_authenticated or not user_has_verified_email(user):
        raise BudgetError("not_verified", _("Confirm your e-mail address to submit projects and vote."))
    if not (user.full_name or "").strip():
        raise BudgetError("name_required", _("Add your full name in your profile first."))


def _check_submission_open(campaign: BudgetCampaignPage, now: datetime.datetime) -> None:
    if campaign.phase(now) != Phase.SUBMISSION:
        raise BudgetError("submission_closed", _("Projects can be submitted and changed only during the "
                                                 "submission phase."))


@dataclass
class CostLine:
    name: str
    quantity: int
    unit_price: int


def clean_cost_items(items: Iterable, category: BudgetCategory) -> tuple[list[CostLine], int]:
    """Each line: a name, a whole quantity and a price in whole hryvnias; the total must fit the category."""
    lines = []
    for raw in items:
        if isinstance(raw, CostLine):
            raw = {"name": raw.name, "quantity": raw.quantity, "unit_price": raw.unit_price}
        name = " ".join(str(raw.get("name") or "").split())[:200]
        if not name and not raw.get("quantity") and not raw.get("unit_price"):
            continue  # an empty row of the form
        try:
            quantity, price = int(str(raw.get("quantity")).strip()), int(str(raw.get("unit_price")).strip())
        except (TypeError, ValueError):
            raise BudgetError("invalid_costs", _("Each cost item needs a whole quantity and a price in whole "
                                                 "hryvnias."))
        if not name or quantity < 1 or price < 1 or quantity > 1_000_000 or price > 10**12:
            raise BudgetError("invalid_costs", _("Each cost item needs a name, a quantity of at least 1 and a "
                                                 "price of at least 1 hryvnia."))
        lines.append(CostLine(name=name, quantity=quantity, unit_price=price))
    if not lines:
        raise BudgetError("invalid_costs", _("Add at least one cost item."))
    if len(lines) > MAX_COST_ITEMS:
        raise BudgetError("invalid_costs", _("A project can have at most %(limit)d cost items.")
                          % {"limit": MAX_COST_ITEMS})
    total = sum(line.quantity * line.unit_price for line in lines)
    check_cost_limits(total, category)
    return lines, total


def check_cost_limits(total: int, category: BudgetCategory) -> None:
    if total < category.min_cost or total > category.max_cost:
        raise BudgetError("cost_out_of_limits", _(
            "The project costs %(total)s UAH, but projects in «%(category)s» must cost from %(min)s to %(max)s UAH."
        ) % {"total": f"{total:,}".replace(",", " "), "category": category.name,
             "min": f"{category.min_cost:,}".replace(",", " "), "max": f"{category.max_cost:,}".replace(",", " ")})


def _check_files(files: Sequence, existing: int, *, allowed=frozenset({"pdf", "png", "jpeg"})) -> None:
    """Types checked by reading the file as that type (cms.uploads), size, count."""
    if existing + len(files) > MAX_FILES:
        raise BudgetError("invalid_file", _("A project can have at most %(limit)d files.") % {"limit": MAX_FILES})
    for upload in files:
        try:
            check_upload(upload, allowed=set(allowed))
        except UploadRejected as error:
            raise BudgetError("invalid_file", error.message)
        if upload.size > FILE_MAX_BYTES:
            raise BudgetError("invalid_file", _("«%(name)s» is too large: a file can be at most 5 MB.")
                              % {"name": upload.name[:100]})


def _clean_location(latitude, longitude) -> tuple:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        latitude, longitude = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise BudgetError("invalid_location", _("Give both latitude and longitude as numbers, or neither."))
    if not city_bounds().contains(latitude=latitude, longitude=longitude):
        raise BudgetError("invalid_location", _("The point is outside the city: check the latitude and "
                                                "longitude (or leave both empty and give the address)."))
    return round(latitude, 6), round(longitude, 6)


def _coauthors(emails: Iterable[str], author) -> list:
    from allauth.account.models import EmailAddress

    users = []
    for email in {e.strip().lower() for e in emails if e and e.strip()}:
        address = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
        if address is None or address.user_id == author.pk or not (address.user.full_name or "").strip():
            raise BudgetError("invalid_coauthor", _(
                "«%(email)s» is not a registered resident with a confirmed e-mail and a full name (nor the author)."
            ) % {"email": email[:100]})
        users.append(address.user)
    if len(users) > MAX_COAUTHORS:
        raise BudgetError("invalid_coauthor", _("A project can have at most %(limit)d co-authors.")
                          % {"limit": MAX_COAUTHORS})
    return users


@transaction.atomic
def project_save(*, author, campaign: BudgetCampaignPage, title: str, description: str, category: BudgetCategory,
                 cost_items: Iterable, district: District | None = None, address: str = "", latitude=None,
                 longitude=None, coauthor_emails: Iterable[str] = (), files: Sequence = (), photos: Sequence = (),
                 project: BudgetProject | None = None, submit: bool = False,
                 now: datetime.datetime | None = None) -> BudgetProject:
    """Create or change a project during the submission phase (the author only); ``submit`` sends it to review.
    A submitted project stays editable by its author until submission ends."""
    now = now or timezone.now()
    _check_resident(author)
    _check_submission_open(campaign, now)
    if project is not None:
        project = BudgetProject.objects.select_for_update().get(pk=project.pk)
        if project.author_id != author.pk or project.campaign_id != campaign.pk:
            raise BudgetError("not_author", _("Only the author can change this project."))
        if project.status not in (ProjectStatus.DRAFT, ProjectStatus.SUBMITTED):
            raise BudgetError("invalid_state", _("This project can no longer be changed."))
    title = " ".join((title or "").split())
    if not TITLE_MIN_LENGTH <= len(title) <= TITLE_MAX_LENGTH:
        raise BudgetError("invalid_title", _("The title must be %(min)d to %(max)d characters long.")
                          % {"min": TITLE_MIN_LENGTH, "max": TITLE_MAX_LENGTH})
    description = (description or "").replace("\r\n", "\n").strip()
    if not DESCRIPTION_MIN_LENGTH <= len(description) <= DESCRIPTION_MAX_LENGTH:
        raise BudgetError("invalid_description", _("Describe the project in %(min)d to %(max)d characters.")
                          % {"min": DESCRIPTION_MIN_LENGTH, "max": DESCRIPTION_MAX_LENGTH})
    if category is None or category.campaign_id != campaign.pk:
        raise BudgetError("invalid_category", _("Choose a category of this campaign."))
    lines, total = clean_cost_items(cost_items, category)
    latitude, longitude = _clean_location(latitude, longitude)
    coauthors = _coauthors(coauthor_emails, author)
    uploads = [(file, BudgetProjectFile.Kind.ATTACHMENT) for file in files] + \
        [(file, BudgetProjectFile.Kind.PHOTO) for file in photos]
    _check_files([file for file, _kind in uploads], project.files.count() if project else 0)
    _check_files(list(photos), 0, allowed=PHOTO_TYPES)
    if project is None:
        project = BudgetProject(campaign=campaign, author=author, created_at=now)
    project.title, project.description, project.category = title, description, category
    project.district, project.address = district, " ".join((address or "").split())[:300]
    project.latitude, project.longitude, project.cost = latitude, longitude, total
    project.author_name = author.full_name.strip()
    if submit and project.status == ProjectStatus.DRAFT:
        project.status, project.submitted_at = ProjectStatus.SUBMITTED, now
    project.save()
    project.cost_items.all().delete()
    BudgetCostItem.objects.bulk_create([
        BudgetCostItem(project=project, name=line.name, quantity=line.quantity, unit_price=line.unit_price,
                       position=index) for index, line in enumerate(lines)])
    project.coauthors.exclude(user__in=coauthors).delete()
    for user in coauthors:
        BudgetCoAuthor.objects.get_or_create(project=project, user=user, defaults={"name": user.full_name.strip()})
    for upload, kind in uploads:
        BudgetProjectFile.objects.create(project=project, kind=kind, file=upload, name=upload.name[:200],
                                         size=upload.size)
    return project


@transaction.atomic
def project_withdraw(*, project: BudgetProject, author, now: datetime.datetime | None = None) -> BudgetProject:
    """The author withdraws a draft or submitted project until submission ends."""
    now = now or timezone.now()
    project = BudgetProject.objects.select_for_update().select_related("campaign").get(pk=project.pk)
    if not author.is_authenticated or project.author_id != author.pk:
        raise BudgetError("not_author", _("Only the author can withdraw this project."))
    _check_submission_open(project.campaign, now)
    if project.status not in (ProjectStatus.DRAFT, ProjectStatus.SUBMITTED):
        raise BudgetError("invalid_state", _("This project can no longer be withdrawn."))
    project.status = ProjectStatus.WITHDRAWN
    project.save(update_fields=["status"])
    return project


@transaction.atomic
def project_review(*, project: BudgetProject, reviewer, checklist: dict[str, bool] | None = None,
                   comments: str = "", corrected_cost: int | None = None, decision: str = "",
                   reason: str = "", now: datetime.datetime | None = None) -> BudgetReview:
    """The commission's review: checklist and comments at any time before voting; a decision admits the project to
    the ballot or rejects it with a public reason, and the author is notified."""
    _require(reviewer, REVIEW)
    now = now or timezone.now()
    project = BudgetProject.objects.select_for_update().select_related("campaign", "category").get(pk=project.pk)
    if project.status not in (ProjectStatus.SUBMITTED, ProjectStatus.ADMITTED, ProjectStatus.REJECTED):
        raise BudgetError("invalid_state", _("Only submitted projects are reviewed."))
    voting_started = project.campaign.phase(now) in (Phase.VOTING, Phase.COUNTING, Phase.RESULTS)
    if voting_started and (decision or corrected_cost != project.corrected_cost):
        # The cost is part of the decision: voters chose (and the knapsack was checked) with the cost on the ballot.
        raise BudgetError("invalid_state", _("Decisions cannot change once voting has started."))
    if decision not in ("", *ReviewDecision.values):
        raise BudgetError("invalid_decision", _("Choose «admitted» or «rejected»."))
    reason = (reason or "").strip()
    if decision == ReviewDecision.REJECTED and not reason:
        raise BudgetError("reason_required", _("Give the reason for rejection: the author and the public see it."))
    if corrected_cost is not None:
        if corrected_cost < 1:
            raise BudgetError("invalid_costs", _("The corrected cost must be a positive number of hryvnias."))
        if decision == ReviewDecision.ADMITTED:
            check_cost_limits(corrected_cost, project.category)
    review, _created = BudgetReview.objects.get_or_create(project=project)
    for field in BudgetReview.CHECKLIST:
        if checklist and field in checklist:
            setattr(review, field, bool(checklist[field]))
    review.comments, review.reviewer, review.updated_at = (comments or "").strip()[:5000], reviewer, now
    previous = review.decision
    review.decision = decision
    review.save()
    project.corrected_cost = corrected_cost
    fields = ["corrected_cost"]
    if decision:
        project.status = ProjectStatus(decision)
        project.rejection_reason = reason if decision == ReviewDecision.REJECTED else ""
        project.decided_at = now
        fields += ["status", "rejection_reason", "decided_at"]
    project.save(update_fields=fields)
    log(instance=project, action="budget.review", user=reviewer, data={"decision": decision})
    purge_campaign_pages(project.campaign_id)
    if decision and decision != previous:
        title = (_("Your project «%(title)s» is admitted to voting") if decision == ReviewDecision.ADMITTED
                 else _("Your project «%(title)s» is rejected")) % {"title": project.title}
        recipients = [project.author, *[c.user for c in project.coauthors.select_related("user")]]
        transaction.on_commit(lambda: notify_users(recipients, project, kind="status", title=title, body=reason,
                                                   url=project.get_absolute_url()))
    return review


def purge_campaign_pages(campaign_id: int) -> None:
    """Public pages of the campaign (catalogue, project pages, map) after a change staff made, once committed."""
    from .selectors import campaign_url

    transaction.on_commit(lambda: pagecache.module_purge(trees=[campaign_url(campaign_id)]))


@transaction.atomic
def project_relocate(*, project: BudgetProject, by, address: str, latitude, longitude) -> BudgetProject:
    """The commission corrects where a project will be carried out: the address text and the point on the map
    (inside the city's bounds). Allowed in any phase: the place does not change what voters chose."""
    _require(by, REVIEW)
    project = BudgetProject.objects.select_for_update().get(pk=project.pk)
    if project.status == ProjectStatus.DRAFT:
        raise BudgetError("invalid_state", _("A draft is its author's own: it is corrected after submission."))
    latitude, longitude = _clean_location(latitude, longitude)
    address = " ".join((address or "").split())
    if len(address) > 300:
        raise BudgetError("invalid_location", _("The address can be at most 300 characters long."))
    project.address, project.latitude, project.longitude = address, latitude, longitude
    project.save(update_fields=["address", "latitude", "longitude"])
    log(instance=project, action="budget.location", user=by,
        data={"address": address, "latitude": latitude, "longitude": longitude})
    purge_campaign_pages(project.campaign_id)
    return project


# Voting ----------------------------------------------------------------------------------------------------

def _check_voting_open(campaign: BudgetCampaignPage, now: datetime.datetime) -> None:
    if campaign.phase(now) != Phase.VOTING:
        raise BudgetError("voting_closed", _("Voting is not open: it runs from %(start)s to %(end)s.") % {
            "start": timezone.localtime(campaign.voting_starts).strftime("%d.%m.%Y %H:%M"),
            "end": timezone.localtime(campaign.voting_ends).strftime("%d.%m.%Y %H:%M")})


def ballot_projects(campaign: BudgetCampaignPage) -> dict[int, BudgetProject]:
    return {project.pk: project for project in
            BudgetProject.objects.filter(campaign=campaign, status__in=ON_BALLOT_STATUSES).select_related("category")}


def check_choice(*, config, project_ids: Iterable[int]) -> list[int]:
    """The ballot rules of each category, on the campaign's ballot configuration (budget.ballot_config): known
    projects, at most N (approval) or within the category's fund (knapsack), at least the minimum where one is set;
    at least one project in all. Returns the chosen ids, sorted."""
    try:
        chosen_ids = sorted({int(pk) for pk in project_ids})
    except (TypeError, ValueError, OverflowError):
        raise BudgetError("unknown_project", _("The ballot names a project that is not on it."))
    if not chosen_ids:
        raise BudgetError("empty_ballot", _("Choose at least one project."))
    projects = config.projects
    if any(pk not in projects for pk in chosen_ids):
        raise BudgetError("unknown_project", _("The ballot names a project that is not on it."))
    for category in config.categories:
        costs = [projects[pk][1] for pk in chosen_ids if projects[pk][0] == category.pk]
        if not costs:
            continue
        if category.min_projects and len(costs) < category.min_projects:
            raise BudgetError("too_few_projects", _(
                "In «%(category)s» choose at least %(count)d projects.") % {"category": category.name,
                                                                            "count": category.min_projects})
        if category.max_projects and len(costs) > category.max_projects:
            raise BudgetError("too_many_projects", _(
                "In «%(category)s» you can choose at most %(count)d projects; you chose %(chosen)d.") % {
                "category": category.name, "count": category.max_projects, "chosen": len(costs)})
        if category.ballot_rule == BallotRule.KNAPSACK:
            total, fund = sum(costs), category.budget
            if total > fund:
                raise BudgetError("over_budget", _(
                    "The projects you chose in «%(category)s» cost %(total)s UAH together, more than the "
                    "category's fund of %(fund)s UAH.") % {"category": category.name,
                                                           "total": f"{total:,}".replace(",", " "),
                                                           "fund": f"{fund:,}".replace(",", " ")})
    return chosen_ids


def check_ballot(*, campaign: BudgetCampaignPage, project_ids: Iterable[int]) -> list[BudgetProject]:
    """check_choice for pages that show the chosen projects (the web ballot's review step)."""
    chosen_ids = check_choice(config=_config(campaign), project_ids=project_ids)
    projects = ballot_projects(campaign)
    return [projects[pk] for pk in chosen_ids if pk in projects]


def _config(campaign) -> BallotConfig:
    if isinstance(campaign, BallotConfig):
        return campaign
    config = ballot_config(campaign.pk)
    if config is None:  # not live: the page object itself is the configuration
        return build_ballot_config(campaign)
    # A page the caller already holds is the word on its own dates and eligibility settings; the categories and
    # projects come from the cache.
    return dataclasses.replace(config, **{name: getattr(campaign, name) for name in PAGE_FIELDS})


def has_verified_identity(user) -> bool:
    """Logged in through the state identity service (allauth's OpenID Connect provider), when one is set up."""
    from django.apps import apps

    if not apps.is_installed("allauth.socialaccount"):
        return False
    return user.socialaccount_set.filter(provider="openid_connect").exists()


class VoterFacts(NamedTuple):
    """What eligibility needs from a voter profile; the fields are the columns of budget_voterprofile."""
    birth_date: datetime.date | None
    district_id: int | None
    residency_declared: bool
    residency_verified: bool


NO_VOTER_PROFILE = VoterFacts(None, None, False, False)  # refused as a profile without a birth date is
_VOTER_FACTS = (f"SELECT {', '.join(VoterFacts._fields)} FROM {VoterProfile._meta.db_table} WHERE user_id = %s")


def voter_facts(user) -> VoterFacts:
    """The voter's profile as eligibility reads it (one plain statement: this runs on every ballot)."""
    with connection.cursor() as cursor:
        cursor.execute(_VOTER_FACTS, [user.pk])
        row = cursor.fetchone()
    return VoterFacts(*row) if row else NO_VOTER_PROFILE


def voter_eligibility(*, campaign: BudgetCampaignPage, user, now: datetime.datetime | None = None,
                      facts: VoterFacts | None = None) -> VoterFacts:
    """Refuses a voter who may not vote online in this campaign; returns what their voter profile says. ``facts``:
    the profile as the caller read it in this request (the API reads it with the resident's token), otherwise it
    is read here."""
    _check_resident(user)
    now = now or timezone.now()
    if campaign.identity_required and not has_verified_identity(user):
        raise BudgetError("identity_required", _("This vote needs a verified identity: log in through the state "
                                                 "identity service first."))
    profile = facts if facts is not None else voter_facts(user)
    if profile.birth_date is None:
        raise BudgetError("birth_date_required", _("Give your date of birth: voting starts at %(age)d years.")
                          % {"age": campaign.min_age})
    if age_on(profile.birth_date, timezone.localdate(now)) < campaign.min_age:
        raise BudgetError("not_eligible", _("Residents vote from the age of %(age)d.") % {"age": campaign.min_age})
    if campaign.residency == Residency.DECLARED and not (profile.residency_declared or profile.residency_verified):
        raise BudgetError("not_eligible", _("Only residents of the city vote: confirm that you live here."))
    if campaign.residency == Residency.VERIFIED and not profile.residency_verified:
        raise BudgetError("not_eligible", _("Only residents whose residence the city has verified vote. Visit a "
                                            "service centre or vote on paper there."))
    return profile


@transaction.atomic
def voter_profile_update(*, user, birth_date: datetime.date | None = None, district: District | None = None,
                         residency_declared: bool | None = None) -> VoterProfile:
    profile, _created = VoterProfile.objects.select_for_update().get_or_create(user=user)
    today = timezone.localdate()
    if birth_date is not None:
        if birth_date > today or birth_date.year < today.year - 120:
            raise BudgetError("invalid_identity", _("Give a real date of birth."))
        profile.birth_date = birth_date
    if district is not None:
        profile.district = district
    if residency_declared is not None:
        profile.residency_declared = residency_declared
    profile.save()
    return profile


# One statement, so one transaction even in autocommit: the participation row first, under both unique
# constraints (person, account), and the ballot only when that row was inserted.
_INSERT_VOTE = """
WITH participation AS (
    INSERT INTO budget_budgetparticipation (campaign_id, person_key, user_id, channel, voted_on, age_group,
        district_id, full_name, birth_date, document, service_centre, recorded_by_id)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT DO NOTHING RETURNING id
)
INSERT INTO budget_budgetballot (id, campaign_id, channel, cast_on, project_ids, owner_tag)
SELECT %s, %s, %s, %s, %s, %s FROM participation
RETURNING id"""


def _record_vote(*, campaign_id: int, key: str, user_id: int | None, channel: str, day: datetime.date, age: int,
                 district_id: int | None, chosen_ids: list[int], tag: str | None,
                 paper: dict | None = None) -> BudgetBallot:
    """The participation row and the ballot in one statement. Both unique constraints (person, account) decide a
    duplicate: ON CONFLICT DO NOTHING waits for a concurrent insert of the same person and then skips, so two
    parallel requests give one ballot and one `already_voted`."""
    paper = paper or {}
    ballot = BudgetBallot(id=uuid.uuid4(), campaign_id=campaign_id, channel=channel, cast_on=day,
                          project_ids=sorted(chosen_ids), owner_tag=tag)
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_VOTE, [
            campaign_id, key, user_id, channel, day, age_group(age), district_id, paper.get("full_name", ""),
            paper.get("birth_date"), paper.get("document", ""), paper.get("service_centre", ""),
            paper.get("recorded_by"),
            ballot.id, campaign_id, channel, day, ballot.project_ids, tag])
        if cursor.fetchone() is None:
            raise BudgetError("already_voted", _("This person has already voted in this campaign (online or on "
                                                 "paper). Each resident votes once."))
    ballot._state.adding, ballot._state.db = False, connection.alias
    return ballot


def ballot_cast(*, campaign: BudgetCampaignPage | BallotConfig, user, project_ids: Iterable[int],
                now: datetime.datetime | None = None, voter: VoterFacts | None = None) -> BudgetBallot:
    """A resident's confirmed online ballot: final once cast, exactly one per person. Reads the voter's profile
    (unless the caller has: ``voter``) and writes the vote in one statement; the campaign's rules come from its
    cached ballot configuration."""
    now = now or timezone.now()
    config = _config(campaign)
    _check_voting_open(config, now)
    profile = voter_eligibility(campaign=config, user=user, now=now, facts=voter)
    chosen_ids = check_choice(config=config, project_ids=project_ids)
    day = timezone.localdate(now)
    return _record_vote(campaign_id=config.campaign_id,
                        key=person_key(full_name=user.full_name, birth_date=profile.birth_date), user_id=user.pk,
                        channel=Channel.ONLINE, day=day, age=age_on(profile.birth_date, day),
                        district_id=profile.district_id, chosen_ids=chosen_ids,
                        tag=owner_tag(campaign_id=config.campaign_id, user_id=user.pk))


def ballot_cast_paper(*, campaign: BudgetCampaignPage, staff, full_name: str, birth_date: datetime.date | None,
                      document: str, project_ids: Iterable[int], district: District | None = None,
                      service_centre: str = "", now: datetime.datetime | None = None) -> BudgetBallot:
    """A paper ballot entered by staff at a service centre, with the identity they checked; refused when the
    person already voted online (and an online vote is refused after it)."""
    _require(staff, PAPER)
    now = now or timezone.now()
    _check_voting_open(campaign, now)
    full_name = " ".join((full_name or "").split())
    document = " ".join((document or "").split())
    if birth_date is None or not document or name_errors(full_name, min_words=2):
        raise BudgetError("invalid_identity", " ".join([str(_("Enter the voter's full name, date of birth and "
                                                              "identity document as checked."))]
                                                       + [str(e) for e in name_errors(full_name, min_words=2)]))
    day = timezone.localdate(now)
    if age_on(birth_date, day) < campaign.min_age:
        raise BudgetError("not_eligible", _("Residents vote from the age of %(age)d.") % {"age": campaign.min_age})
    chosen_ids = check_choice(config=_config(campaign), project_ids=project_ids)
    with transaction.atomic():
        ballot = _record_vote(
            campaign_id=campaign.pk, key=person_key(full_name=full_name, birth_date=birth_date), user_id=None,
            channel=Channel.PAPER, day=day, age=age_on(birth_date, day),
            district_id=district.pk if district else None, chosen_ids=chosen_ids, tag=None,
            paper={"full_name": full_name[:255], "birth_date": birth_date, "document": document[:100],
                   "service_centre": (service_centre or "")[:200], "recorded_by": staff.pk})
        log(instance=campaign, action="budget.paper_ballot", user=staff, data={"service_centre": service_centre})
    return ballot


def my_ballot(*, campaign: BudgetCampaignPage, user) -> BudgetBallot | None:
    """The voter's own online ballot, found through the keyed tag only their account gives."""
    if not user.is_authenticated:
        return None
    return BudgetBallot.objects.filter(campaign=campaign,
                                       owner_tag=owner_tag(campaign_id=campaign.pk, user_id=user.pk)).first()


# Results ---------------------------------------------------------------------------------------------------

def _ballots_by_category(campaign: BudgetCampaignPage, category_of: dict[int, int]) -> dict[int, list[list[int]]]:
    by_category: dict[int, list[list[int]]] = {}
    rows = BudgetBallot.objects.filter(campaign=campaign).values_list("project_ids", flat=True)
    for project_ids in rows.iterator(chunk_size=5000):
        split: dict[int, list[int]] = {}
        for pk in project_ids:
            category = category_of.get(pk)
            if category is not None:
                split.setdefault(category, []).append(pk)
        for category, chosen in split.items():
            by_category.setdefault(category, []).append(chosen)
    return by_category


def compute_outcomes(campaign: BudgetCampaignPage) -> dict[int, dict]:
    """Per category: votes, greedy winners and MES winners (ids), from the stored ballots."""
    projects = list(BudgetProject.objects.filter(campaign=campaign, status__in=ON_BALLOT_STATUSES)
                    .only("pk", "category_id", "cost", "corrected_cost"))
    category_of = {project.pk: project.category_id for project in projects}
    ballots = _ballots_by_category(campaign, category_of)
    outcomes = {}
    for category in campaign.categories.all():
        candidates = [rules.Candidate(project.pk, project.effective_cost)
                      for project in projects if project.category_id == category.pk]
        mine = ballots.get(category.pk, [])
        votes = rules.vote_counts(candidates, mine)
        outcomes[category.pk] = {
            "votes": votes, "candidates": candidates, "budget": category.budget, "ballots": len(mine),
            "greedy": rules.greedy_by_votes(candidates, votes, category.budget),
            "mes": rules.equal_shares(candidates, mine, category.budget),
        }
    return outcomes


@transaction.atomic
def results_compute(*, campaign: BudgetCampaignPage, by=None, now: datetime.datetime | None = None) -> int:
    """Count after voting ends: store each project's votes, place and both methods' choice, and mark the binding
    method's winners. Idempotent; refuses while voting is open."""
    now = now or timezone.now()
    if campaign.phase(now) not in (Phase.COUNTING, Phase.RESULTS):
        raise BudgetError("results_not_ready", _("Results are counted after voting ends."))
    BudgetCampaignPage.objects.select_for_update().filter(pk=campaign.pk).first()
    outcomes = compute_outcomes(campaign)
    BudgetResult.objects.filter(campaign=campaign).delete()
    rows, winners = [], set()
    for category_id, outcome in outcomes.items():
        votes, greedy, mes = outcome["votes"], set(outcome["greedy"]), set(outcome["mes"])
        ranking = sorted(outcome["candidates"], key=lambda c: (-votes[c.id], *rules.tie_key(c)))
        for place, candidate in enumerate(ranking, start=1):
            rows.append(BudgetResult(campaign=campaign, category_id=category_id, project_id=candidate.id,
                                     votes=votes[candidate.id], rank=place, cost=candidate.cost,
                                     greedy_selected=candidate.id in greedy, mes_selected=candidate.id in mes,
                                     computed_at=now))
        winners |= greedy if campaign.binding_rule == "greedy" else mes
    BudgetResult.objects.bulk_create(rows, batch_size=1000)
    on_ballot = BudgetProject.objects.filter(campaign=campaign, status__in=(
        ProjectStatus.ADMITTED, ProjectStatus.WINNER, ProjectStatus.NOT_SELECTED))
    on_ballot.filter(pk__in=winners).update(status=ProjectStatus.WINNER)
    on_ballot.exclude(pk__in=winners).update(status=ProjectStatus.NOT_SELECTED)
    # Bulk writes send no save signal: the results, the catalogue and each project's status are purged here.
    purge_campaign_pages(campaign.pk)
    log(instance=campaign, action="budget.results", user=by, data={"projects": len(rows)})
    return len(rows)


# Implementation --------------------------------------------------------------------------------------------

@transaction.atomic
def implementation_update(*, project: BudgetProject, by, text: str, progress: int, spent: int,
                          date: datetime.date | None = None, department: str | None = None,
                          photo=None) -> ImplementationUpdate:
    """A dated step of a winner's implementation; 100 % marks the project implemented."""
    _require(by, TRACK)
    project = BudgetProject.objects.select_for_update().get(pk=project.pk)
    if project.status not in (ProjectStatus.WINNER, ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED):
        raise BudgetError("invalid_state", _("Only winning projects are implemented."))
    text = (text or "").strip()
    if not text:
        raise BudgetError("invalid_progress", _("Describe what was done."))
    if not (0 <= int(progress) <= 100) or int(spent) < 0:
        raise BudgetError("invalid_progress", _("Progress is 0 to 100 per cent and the money spent is not "
                                                "negative."))
    update = ImplementationUpdate.objects.create(project=project, text=text[:3000], progress=progress, spent=spent,
                                                 date=date or timezone.localdate(), photo=photo, created_by=by)
    project.progress, project.spent = progress, spent
    if department is not None:
        project.department = department.strip()[:255]
    project.status = ProjectStatus.IMPLEMENTED if progress == 100 else ProjectStatus.IMPLEMENTING
    project.save(update_fields=["progress", "spent", "department", "status"])
    purge_campaign_pages(project.campaign_id)  # the project's page, its status in the catalogue and on the map
    return update
