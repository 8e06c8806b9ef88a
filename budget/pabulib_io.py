"""Campaigns to and from Pabulib: import a `.pb` file as a past campaign (one category, anonymised ballots), and
export a campaign as one `.pb` file per category with votes, `selected` (the binding rule) and anonymised ballots."""
import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from . import pabulib, selectors, services
from .models import (
    BallotRule,
    BindingRule,
    BudgetBallot,
    BudgetCampaignPage,
    BudgetCategory,
    BudgetIndexPage,
    BudgetProject,
    Channel,
    Phase,
    ProjectStatus,
)

DATE_PATTERNS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%Y %H:%M")


def _date(value: str | None) -> datetime.date | None:
    for pattern in DATE_PATTERNS:
        try:
            return datetime.datetime.strptime((value or "").strip(), pattern).date()
        except ValueError:
            continue
    return None


def _index() -> BudgetIndexPage:
    index = BudgetIndexPage.objects.first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page if site else Page.objects.filter(depth=2).first()
    if root is None:
        raise pabulib.PabulibError(_("The site has no home page to put the participatory budget under."))
    index = BudgetIndexPage(title="Громадський бюджет", slug="hromadskyi-biudzhet")
    root.add_child(instance=index)
    index.save_revision().publish()
    return index


@transaction.atomic
def import_election(text: str, *, title: str | None = None) -> BudgetCampaignPage:
    """Everything or nothing: a refused file leaves no page, project or ballot behind."""
    election = pabulib.parse(text)
    meta = election.meta
    end = _date(meta.get("date_end")) or timezone.localdate()
    begin = _date(meta.get("date_begin")) or end
    year = end.year
    tz = timezone.get_current_timezone()
    at = lambda day, days=0: timezone.make_aware(  # noqa: E731
        datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(9)), tz)
    rule = meta.get("rule", "").strip().lower()
    index = _index()
    base_title = title or " — ".join(filter(None, [meta.get("unit"), meta.get("instance"), meta.get("subunit")]))
    base_title = (base_title or meta.get("description") or "Pabulib")[:200]
    slug_base = slugify(f"pabulib-{meta.get('unit', '')}-{meta.get('instance', '')}")[:60] or "pabulib"
    slug, number = slug_base, 1
    while Page.objects.filter(slug=slug, path__startswith=index.path).exists():
        number += 1
        slug = f"{slug_base}-{number}"
    max_cost = max(project.cost for project in election.projects)
    campaign = BudgetCampaignPage(
        title=base_title, slug=slug, year=min(max(year, 2000), 2100), fund=election.budget,
        intro=(meta.get("description") or "")[:3000],
        submission_starts=at(begin, -60), submission_ends=at(begin, -30), voting_starts=at(begin),
        voting_ends=at(end, 1), results_at=at(end, 2), min_age=0, residency="none",
        binding_rule=BindingRule.MES if rule.startswith("equalshares") else BindingRule.GREEDY)
    max_length = election.max_length
    knapsack = max_length is None and election.max_sum_cost is not None
    campaign.categories = [BudgetCategory(
        name=(meta.get("subunit") or meta.get("district") or "Проєкти")[:100], slug="proiekty", share=Decimal(100),
        min_cost=0, max_cost=max(max_cost, 1),
        ballot_rule=BallotRule.KNAPSACK if knapsack else BallotRule.APPROVAL,
        max_projects=None if knapsack else min(max_length or len(election.projects), 32767),
        min_projects=min(election.min_length, 32767))]
    index.add_child(instance=campaign)
    campaign.save_revision().publish()
    category = campaign.categories.get()
    created = BudgetProject.objects.bulk_create([BudgetProject(
        campaign=campaign, category=category, title=(project.name or f"Проєкт {project.id}")[:200],
        description=(project.extra.get("description") or project.name or "")[:10000],
        author_name="Pabulib", status=ProjectStatus.ADMITTED, cost=project.cost, external_id=project.id[:100],
        submitted_at=at(begin, -40)) for project in election.projects])
    ids = {project.id: row.pk for project, row in zip(election.projects, created, strict=True)}
    BudgetBallot.objects.bulk_create([
        BudgetBallot(campaign=campaign, channel=Channel.IMPORTED, cast_on=end,
                     project_ids=sorted(ids[pk] for pk in chosen))
        for _voter, chosen in election.votes if chosen], batch_size=5000)
    services.results_compute(campaign=campaign, now=campaign.results_at)
    return campaign


def _number(value) -> str:
    return str(int(value))


def export_campaign(campaign: BudgetCampaignPage, out_dir: Path) -> list[Path]:
    """One `.pb` per category. Voters are numbered in the order of their random ballot ids: nothing links them to
    people or to the order in which they voted."""
    if campaign.phase() not in (Phase.COUNTING, Phase.RESULTS):
        raise pabulib.PabulibError(_("Ballots are exported after voting ends."))
    outcomes = services.compute_outcomes(campaign)
    projects = {p.pk: p for p in BudgetProject.objects.filter(campaign=campaign, pk__in=[
        c.id for outcome in outcomes.values() for c in outcome["candidates"]])}
    ballots = list(BudgetBallot.objects.filter(campaign=campaign).order_by("id").values_list("project_ids",
                                                                                           flat=True))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for category in selectors.categories(campaign):
        outcome = outcomes[category.pk]
        selected = set(outcome["greedy"] if campaign.binding_rule == BindingRule.GREEDY else outcome["mes"])
        mine = {c.id for c in outcome["candidates"]}
        votes = []
        for ballot in ballots:
            chosen = [pk for pk in ballot if pk in mine]
            if chosen:
                votes.append((str(len(votes) + 1), chosen))
        meta = {
            "description": f"{campaign.title}: {category.name}", "country": "Ukraine",
            "unit": campaign.get_site().site_name if campaign.get_site() else "City",
            "instance": str(campaign.year), "subunit": category.name,
            "num_projects": str(len(mine)), "num_votes": str(len(votes)), "budget": _number(category.budget),
            "vote_type": "approval", "rule": "greedy" if campaign.binding_rule == BindingRule.GREEDY else "equalshares",
            "date_begin": timezone.localtime(campaign.voting_starts).strftime("%d.%m.%Y"),
            "date_end": timezone.localtime(campaign.voting_ends).strftime("%d.%m.%Y"),
            "language": "uk", "currency": "UAH",
        }
        if category.ballot_rule == BallotRule.APPROVAL and category.max_projects:
            meta["max_length"] = str(category.max_projects)
        if category.ballot_rule == BallotRule.KNAPSACK:
            meta["max_sum_cost"] = _number(category.budget)
        if category.min_projects:
            meta["min_length"] = str(category.min_projects)
        rows = [{"project_id": str(c.id), "cost": _number(c.cost), "votes": str(outcome["votes"][c.id]),
                 "name": projects[c.id].title, "selected": "1" if c.id in selected else "0"}
                for c in sorted(outcome["candidates"], key=lambda c: c.id)]
        path = out_dir / f"{re.sub(r'[^a-z0-9-]', '-', campaign.slug)}_{category.slug}.pb"
        path.write_text(pabulib.write(meta=meta, projects=rows, votes=votes), encoding="utf-8")
        paths.append(path)
    return paths
