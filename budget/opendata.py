"""Open data of the participatory budget: projects and votes in the columns of the national standard
(35-budget-projects.csv, 35-budget-votes.csv), results, and anonymised ballots (random ballot ids) anyone can
recount with. Votes and ballots are published only after voting ends, and nothing names a voter."""
import json

from django.http import StreamingHttpResponse

from cms.csv_export import csv_lines
from home.identity import council_name

from . import selectors
from .models import BudgetBallot, BudgetProject, Phase, ProjectStatus

PROJECT_COLUMNS = ["uid", "kind", "type", "title", "description", "url", "text", "authorityName", "authorityId",
                   "authorityCattutc", "count", "creator", "status", "decisionDate", "decisionUrl", "decisionText",
                   "budgetPlan", "budgetFact", "projectResposible"]
VOTE_COLUMNS = ["projectUid", "voterID", "projectTitle", "voteDate"]
RESULT_COLUMNS = ["category", "rank", "projectUid", "title", "votes", "cost", "greedySelected", "mesSelected",
                  "winner"]
BALLOT_COLUMNS = ["ballotId", "channel", "date", "projectUids"]
STATUS_WORDS = {  # the standard's own words where it has them
    ProjectStatus.ADMITTED: "допущено до голосування", ProjectStatus.REJECTED: "відхилено",
    ProjectStatus.WINNER: "переможець", ProjectStatus.NOT_SELECTED: "не переміг",
    ProjectStatus.IMPLEMENTING: "в стадії реалізації", ProjectStatus.IMPLEMENTED: "реалізований",
}
DATASETS = {"projects": PROJECT_COLUMNS, "votes": VOTE_COLUMNS, "results": RESULT_COLUMNS,
            "ballots": BALLOT_COLUMNS}
BATCH = 2000


def votes_public(campaign) -> bool:
    return campaign.phase() in (Phase.COUNTING, Phase.RESULTS)


def project_rows(campaign, base_url: str):
    authority = council_name()
    counted = votes_public(campaign)
    projects = selectors.visible_projects(campaign).select_related("result").order_by("pk")
    for project in projects.iterator(chunk_size=BATCH):
        url = f"{base_url}proiekty/{project.pk}/"
        result = getattr(project, "result", None) if counted else None
        yield {
            "uid": project.uid, "kind": project.category.name,
            "type": project.district.name if project.district else "загальноміський",
            "title": project.title, "description": project.description[:500], "url": url, "text": url,
            "authorityName": authority, "authorityId": "", "authorityCattutc": "",
            "count": str(result.votes) if result else "", "creator": project.author_name,
            "status": STATUS_WORDS.get(project.status, project.status),
            "decisionDate": campaign.decision_date.isoformat() if campaign.decision_date else "",
            "decisionUrl": campaign.decision_url, "decisionText": "",
            "budgetPlan": f"{project.effective_cost}.00", "budgetFact": f"{project.spent}.00" if project.spent else "",
            "projectResposible": project.department,
        }


def _ballots(campaign):
    if not votes_public(campaign):
        return BudgetBallot.objects.none()
    # Random ids in random order: the row order says nothing about when (or by whom) a ballot was cast.
    return BudgetBallot.objects.filter(campaign=campaign).order_by("id").values_list("id", "channel", "cast_on",
                                                                                   "project_ids")


def vote_rows(campaign):
    titles = dict(BudgetProject.objects.filter(campaign=campaign).values_list("pk", "title"))
    for ballot_id, _channel, day, project_ids in _ballots(campaign).iterator(chunk_size=BATCH):
        for pk in project_ids:
            yield {"projectUid": f"{campaign.pk}-{pk}", "voterID": str(ballot_id), "projectTitle": titles.get(pk, ""),
                   "voteDate": day.isoformat()}


def ballot_rows(campaign):
    for ballot_id, channel, day, project_ids in _ballots(campaign).iterator(chunk_size=BATCH):
        yield {"ballotId": str(ballot_id), "channel": channel, "date": day.isoformat(),
               "projectUids": ",".join(f"{campaign.pk}-{pk}" for pk in project_ids)}


def result_rows(campaign):
    if campaign.phase() != Phase.RESULTS:
        return
    winners = {"greedy": "greedy_selected", "mes": "mes_selected"}[campaign.binding_rule]
    for result in selectors.results(campaign):
        yield {"category": result.category.name, "rank": result.rank,
               "projectUid": f"{campaign.pk}-{result.project_id}",
               "title": result.project.title, "votes": result.votes, "cost": result.cost,
               "greedySelected": int(result.greedy_selected), "mesSelected": int(result.mes_selected),
               "winner": int(getattr(result, winners))}


def _json(rows):
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",") + json.dumps(row, ensure_ascii=False, default=str)
        first = False
    yield "]"


def rows_for(campaign, dataset: str, base_url: str):
    return {"projects": lambda: project_rows(campaign, base_url), "votes": lambda: vote_rows(campaign),
            "results": lambda: result_rows(campaign), "ballots": lambda: ballot_rows(campaign)}[dataset]()


def open_data_response(request, campaign, dataset: str, fmt: str) -> StreamingHttpResponse:
    rows = rows_for(campaign, dataset, request.build_absolute_uri(selectors.campaign_url(campaign.pk)))
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(rows, DATASETS[dataset]), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json(rows), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="budget-{campaign.year}-{dataset}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def dataset_urls(request, key: str) -> dict[str, str]:
    """The open-data catalogue's links (cms.modules.OpenDataSet): the latest public campaign's projects or votes;
    nothing until a campaign exists (votes: until its voting ends)."""
    from django.urls import reverse

    campaign = selectors.public_campaigns().first()
    dataset = {"budget-projects": "projects", "budget-votes": "votes"}[key]
    if campaign is None or (dataset == "votes" and not votes_public(campaign)):
        return {}
    return {fmt: request.build_absolute_uri(reverse(f"wagtailapi_v3:budget_open_data_{dataset}_{fmt}",
                                                    args=[campaign.pk])) for fmt in ("csv", "json")}
