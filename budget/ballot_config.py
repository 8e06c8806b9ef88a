"""What casting a ballot needs to know about a campaign — phase dates, eligibility settings, the categories' rules and
the projects on the ballot with their costs — as plain data, cached, so the busiest write of the budget reads no
campaign, category or project rows. The configuration is fixed during voting (review decisions and corrected costs
are frozen then); whatever changes it anyway (publishing the campaign page, saving a category or a project, view
restrictions) drops the cached copy at once and again after the commit, and the copy expires after TTL seconds."""
from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from .models import ON_BALLOT_STATUSES, BudgetCampaignPage, BudgetCategory, BudgetProject

TTL = 30  # seconds: the bound on staleness should a change bypass the signals (a queryset update)
# Each web process also keeps the copy this long, sparing the shared cache's round trip on every ballot; another
# process sees a change after at most this (closing time is exact anyway: the phase is computed from the dates).
LOCAL_TTL = 2.0
_local: dict[int, tuple[float, BallotConfig]] = {}
PAGE_FIELDS = ("submission_starts", "submission_ends", "voting_starts", "voting_ends", "results_at", "min_age",
               "residency", "identity_required")
VERSION = 1  # part of the key: a deploy that changes these classes does not read old pickles


@dataclass(frozen=True)
class CategoryRule:
    pk: int
    name: str
    ballot_rule: str
    max_projects: int | None
    min_projects: int
    budget: int


@dataclass(frozen=True)
class BallotConfig:
    campaign_id: int
    public: bool  # live and without view restrictions: what the public API may act on
    submission_starts: datetime.datetime
    submission_ends: datetime.datetime
    voting_starts: datetime.datetime
    voting_ends: datetime.datetime
    results_at: datetime.datetime
    min_age: int
    residency: str
    identity_required: bool
    categories: tuple[CategoryRule, ...]
    projects: dict[int, tuple[int, int]]  # project id → (category id, cost on the ballot)

    @property
    def pk(self) -> int:
        return self.campaign_id

    def phase(self, now: datetime.datetime | None = None) -> str:
        # The campaign page's own rule, applied to the same dates.
        return BudgetCampaignPage.phase(self, now)


def _key(campaign_id: int) -> str:
    return f"budget:ballot-config:{VERSION}:{campaign_id}"


def build(campaign: BudgetCampaignPage) -> BallotConfig:
    from .selectors import public_campaigns

    categories = []
    for category in campaign.categories.all():
        category.campaign = campaign  # category.budget reads the campaign's fund
        categories.append(CategoryRule(pk=category.pk, name=category.name, ballot_rule=category.ballot_rule,
                                       max_projects=category.max_projects, min_projects=category.min_projects,
                                       budget=category.budget))
    projects = {pk: (category_id, corrected if corrected is not None else cost)
                for pk, category_id, cost, corrected in BudgetProject.objects.filter(
                    campaign_id=campaign.pk, status__in=ON_BALLOT_STATUSES).values_list(
                    "pk", "category_id", "cost", "corrected_cost")}
    return BallotConfig(
        campaign_id=campaign.pk, public=public_campaigns().filter(pk=campaign.pk).exists(),
        submission_starts=campaign.submission_starts, submission_ends=campaign.submission_ends,
        voting_starts=campaign.voting_starts, voting_ends=campaign.voting_ends, results_at=campaign.results_at,
        min_age=campaign.min_age, residency=campaign.residency, identity_required=campaign.identity_required,
        categories=tuple(categories), projects=projects)


def ballot_config(campaign_id: int) -> BallotConfig | None:
    """The campaign's ballot configuration (cached), or None when there is no such campaign."""
    now = time.monotonic()
    local = _local.get(campaign_id)
    if local is not None and local[0] > now:
        return local[1]
    config = cache.get(_key(campaign_id))
    if config is None:
        campaign = BudgetCampaignPage.objects.live().filter(pk=campaign_id).first()
        if campaign is None:
            return None
        config = build(campaign)
        cache.set(_key(campaign_id), config, TTL)
    _local[campaign_id] = (now + LOCAL_TTL, config)
    return config


def forget(campaign_id: int | None) -> None:
    if campaign_id is None:
        return
    _local.pop(campaign_id, None)
    cache.delete(_key(campaign_id))
    # A request that read the old rows before this transaction commits may have cached them: drop it again.
    transaction.on_commit(lambda: (_local.pop(campaign_id, None), cache.delete(_key(campaign_id))))


def _forget_page(sender, instance, **kwargs):
    forget(instance.pk)


def _forget_owner(sender, instance, **kwargs):
    forget(getattr(instance, "campaign_id", None))


def _forget_all(sender, instance, **kwargs):
    for pk in BudgetCampaignPage.objects.values_list("pk", flat=True):
        forget(pk)


def connect() -> None:
    """Called once from the app's ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_forget_page, sender=BudgetCampaignPage, dispatch_uid=f"budget-config-page-{signal}")
        signal.connect(_forget_owner, sender=BudgetCategory, dispatch_uid=f"budget-config-category-{signal}")
        signal.connect(_forget_owner, sender=BudgetProject, dispatch_uid=f"budget-config-project-{signal}")
        signal.connect(_forget_all, sender=PageViewRestriction, dispatch_uid=f"budget-config-restriction-{signal}")
    for signal in (page_published, page_unpublished):
        signal.connect(_forget_page, sender=BudgetCampaignPage, dispatch_uid=f"budget-config-publish-{signal}")
