"""The commission's import and export of projects (CSV/XLSX) in the columns of the open-data standard
(35-budget-projects.csv) plus the columns its rules need and the standard lacks: every row is checked first (cost
breakdown that adds up to budgetPlan, the category's cost limits, a known category and district, a point inside the
city), the plan (created / updated / unchanged) is shown, and then every row is saved in one transaction or none."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.csv_export import FORMULA_STARTS
from cms.tables import TableError, read_table
from home.identity import council_name

from .models import (
    BudgetCampaignPage,
    BudgetCostItem,
    BudgetProject,
    District,
    Phase,
    ProjectStatus,
)
from .models.projects import DESCRIPTION_MAX_LENGTH, DESCRIPTION_MIN_LENGTH, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH
from .opendata import PROJECT_COLUMNS, STATUS_WORDS
from .services import MAX_COST_ITEMS, BudgetError, _clean_location, check_cost_limits, purge_campaign_pages

# The standard's columns first, then what the portal's rules need: the breakdown ("name|quantity|price" per item,
# items separated by ";" or new lines), the address and the point.
EXTRA_COLUMNS = ["costItems", "address", "latitude", "longitude"]
COLUMNS = PROJECT_COLUMNS + EXTRA_COLUMNS
REQUIRED = ["title", "description", "kind", "creator", "budgetPlan"]
WHOLE_CITY_WORDS = {"", "загальноміський", "загальноміські", "місто", "whole city"}
UID = re.compile(r"^(\d{1,18})-(\d{1,18})$")
MAX_ROWS = 2000
MAX_BYTES = 1024 * 1024
# Phases in which the ballot is not yet fixed: afterwards the costs and categories voters saw must stay.
OPEN_PHASES = (Phase.UPCOMING, Phase.SUBMISSION, Phase.REVIEW)


class ImportRefused(Exception):
    """The file is not imported; ``lines`` say what to fix, row by row (Ukrainian)."""

    def __init__(self, message: str, lines: list[str] | None = None):
        super().__init__(message)
        self.message, self.lines = message, lines or []


@dataclass
class PlannedRow:
    line: int
    action: str  # "create", "update" or "unchanged"
    uid: str
    title: str
    category: str
    cost: int
    changes: list[str] = field(default_factory=list)
    project: BudgetProject | None = None
    values: dict = field(default_factory=dict)
    items: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return {"create": _("will be created"), "update": _("will be updated"),
                "unchanged": _("no changes")}[self.action]


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    # Our export (cms.csv_export) prefixes text a spreadsheet would run as a formula with "'": read it back as text.
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def read_rows(data: bytes, filename: str) -> list[tuple[int, dict]]:
    """(line number, {column: text}) from a CSV or XLSX file; line 1 names the columns."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 1 MB: split it into several files."))
    try:
        dataset = read_table(data, filename)
    except TableError as error:
        raise ImportRefused(error.message)
    headers = [_text(header).lstrip("\ufeff") for header in dataset.headers or []]
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise ImportRefused(_("The file has no column(s) %(columns)s. The first line must name the columns: "
                              "%(required)s.") % {"columns": ", ".join(missing), "required": ", ".join(COLUMNS)})
    rows = []
    for number, values in enumerate(dataset, start=2):
        row = {header: _text(value) for header, value in zip(headers, values, strict=False) if header}
        if any(row.values()):
            rows.append((number, row))
    if not rows:
        raise ImportRefused(_("The file has no projects."))
    if len(rows) > MAX_ROWS:
        raise ImportRefused(_("The file has more than %(limit)d projects: split it.") % {"limit": MAX_ROWS})
    return rows


def _money(text: str) -> int | None:
    """Whole hryvnias from «98765», «98765.00» or «98 765,00»; None when it is not such a sum."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.to_integral_value() or value < 0 or value > 10**12:
        return None
    return int(value)


def parse_cost_items(text: str) -> list[tuple[str, int, int]]:
    """«Лавка|10|5000; Урна|5|1200» → [(name, quantity, price)]; BudgetError("invalid_costs") when malformed."""
    items = []
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        pieces = [piece.strip() for piece in part.split("|")]
        quantity = int(pieces[1]) if len(pieces) == 3 and pieces[1].isdigit() else 0
        price = _money(pieces[2]) if len(pieces) == 3 else None
        if len(pieces) != 3 or not pieces[0] or quantity < 1 or quantity > 1_000_000 or not price:
            raise BudgetError("invalid_costs", _(
                "the cost item «%(item)s» must be written as «name|quantity|price» with a whole quantity of at "
                "least 1 and a price of at least 1 hryvnia.") % {"item": part.strip()[:80]})
        items.append((" ".join(pieces[0].split())[:200], quantity, price))
    if len(items) > MAX_COST_ITEMS:
        raise BudgetError("invalid_costs", _("a project can have at most %(limit)d cost items.")
                          % {"limit": MAX_COST_ITEMS})
    return items


def format_cost_items(items) -> str:
    # The separators cannot appear inside a name, or the cell would read back as other items.
    return "; ".join(f"{item.name.replace('|', '/').replace(';', ',')}|{item.quantity}|{item.unit_price}"
                     for item in items)


class _Planner:
    def __init__(self, campaign: BudgetCampaignPage):
        self.campaign = campaign
        self.categories = {}
        for category in campaign.categories.all():
            self.categories[category.name.casefold()] = category
            self.categories[category.slug.casefold()] = category
        self.districts = {}
        for district in District.objects.all():
            self.districts[district.name.casefold()] = district
            self.districts[district.slug.casefold()] = district
        self.projects = {project.pk: project for project in BudgetProject.objects.filter(campaign=campaign)
                         .exclude(status=ProjectStatus.DRAFT).select_related("category", "district")
                         .prefetch_related("cost_items")}
        self.by_external_id = {project.external_id: project for project in self.projects.values()
                               if project.external_id}

    def _existing(self, uid: str, problems: list[str]) -> BudgetProject | None:
        match = UID.match(uid)
        if match and int(match.group(1)) == self.campaign.pk:
            project = self.projects.get(int(match.group(2)))
            if project is None:
                problems.append(_("there is no project %(uid)s in this campaign.") % {"uid": uid})
            return project
        if match:
            problems.append(_("the project %(uid)s belongs to another campaign.") % {"uid": uid})
            return None
        return self.by_external_id.get(uid) if uid else None

    def plan_row(self, number: int, row: dict, problems: list[str]) -> PlannedRow | None:
        for column in REQUIRED:
            if not row.get(column):
                problems.append(_("«%(column)s» is empty.") % {"column": column})
        uid = row.get("uid", "")
        if len(uid) > 100:
            problems.append(_("«uid» is longer than 100 characters."))
        project = self._existing(uid, problems)
        title = " ".join(row.get("title", "").split())
        if title and not TITLE_MIN_LENGTH <= len(title) <= TITLE_MAX_LENGTH:
            problems.append(_("the title must be %(min)d to %(max)d characters long.")
                            % {"min": TITLE_MIN_LENGTH, "max": TITLE_MAX_LENGTH})
        description = row.get("description", "").replace("\r\n", "\n").strip()
        if description and not DESCRIPTION_MIN_LENGTH <= len(description) <= DESCRIPTION_MAX_LENGTH:
            problems.append(_("the description must be %(min)d to %(max)d characters long.")
                            % {"min": DESCRIPTION_MIN_LENGTH, "max": DESCRIPTION_MAX_LENGTH})
        category = self.categories.get(row.get("kind", "").casefold())
        if row.get("kind") and category is None:
            problems.append(_("there is no category «%(category)s» in this campaign (categories: %(known)s).")
                            % {"category": row["kind"][:100],
                               "known": ", ".join(c.name for c in self.campaign.categories.all())})
        district_text = row.get("type", "")
        district = self.districts.get(district_text.casefold())
        if district is None and district_text.casefold() not in WHOLE_CITY_WORDS:
            problems.append(_("there is no district «%(district)s» (or write «загальноміський»).")
                            % {"district": district_text[:100]})
        creator = " ".join(row.get("creator", "").split())
        if len(creator) > 255:
            problems.append(_("«creator» is longer than 255 characters."))
        total = _money(row.get("budgetPlan", "")) if row.get("budgetPlan") else None
        if row.get("budgetPlan") and total is None:
            problems.append(_("«budgetPlan» must be a sum in whole hryvnias like 98765 or 98765.00, not "
                              "«%(value)s».") % {"value": row["budgetPlan"][:50]})
        items = []
        try:
            items = parse_cost_items(row.get("costItems", ""))
        except BudgetError as error:
            problems.append(error.message)
        if total is not None and not items and not row.get("costItems"):
            items = [(_("Project cost (no breakdown in the file)"), 1, total)] if total else []
        breakdown = sum(quantity * price for _name, quantity, price in items)
        if total is not None and items and breakdown != total:
            problems.append(_("the cost breakdown adds up to %(sum)s UAH, but budgetPlan is %(total)s UAH.")
                            % {"sum": breakdown, "total": total})
        if total is not None and category is not None:
            try:
                check_cost_limits(total, category)
            except BudgetError as error:
                problems.append(error.message)
        try:
            latitude, longitude = _clean_location(row.get("latitude", "").replace(",", ".") or None,
                                                  row.get("longitude", "").replace(",", ".") or None)
        except BudgetError as error:
            problems.append(error.message)
            latitude = longitude = None
        address = " ".join(row.get("address", "").split())
        department = " ".join(row.get("projectResposible", "").split())
        for column, value, limit in (("address", address, 300), ("projectResposible", department, 255)):
            if len(value) > limit:
                problems.append(_("«%(column)s» is longer than %(limit)s characters.")
                                % {"column": column, "limit": limit})
        if problems:
            return None
        values = {"title": title, "description": description, "category": category, "district": district,
                  "address": address, "latitude": _decimal(latitude), "longitude": _decimal(longitude),
                  "cost": total, "department": department}
        if project is None or not project.author_id:
            values["author_name"] = creator
        planned = PlannedRow(line=number, action="create", uid=uid, title=title, category=category.name, cost=total,
                             project=project, values=values, items=items)
        if project is not None:
            planned.changes = _changes(project, values, items)
            planned.action = "update" if planned.changes else "unchanged"
        return planned


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


LABELS = {"title": "title", "description": "description", "category": "kind", "district": "type",
          "address": "address", "latitude": "latitude", "longitude": "longitude", "cost": "budgetPlan",
          "department": "projectResposible", "author_name": "creator"}


def _changes(project: BudgetProject, values: dict, items) -> list[str]:
    changed = [LABELS[name] for name, value in values.items() if getattr(project, name) != value]
    current = [(item.name, item.quantity, item.unit_price) for item in project.cost_items.all()]
    if current != list(items):
        changed.append("costItems")
    return changed


def _check_phase(campaign: BudgetCampaignPage, now: datetime.datetime) -> None:
    if campaign.phase(now) not in OPEN_PHASES:
        raise ImportRefused(_("Projects can be imported only until voting starts: the ballot voters see must not "
                              "change."))


def plan_import(*, campaign: BudgetCampaignPage, data: bytes, filename: str,
                now: datetime.datetime | None = None) -> ImportPlan:
    """What the file would do (nothing is saved), or ImportRefused with one line per row that has problems."""
    _check_phase(campaign, now or timezone.now())
    rows = read_rows(data, filename)
    planner = _Planner(campaign)
    planned, lines, seen = [], [], {}
    for number, row in rows:
        problems: list[str] = []
        uid = row.get("uid", "")
        if uid and uid in seen:
            problems.append(_("the uid «%(uid)s» is already used in line %(line)s.") % {"uid": uid[:100],
                                                                                       "line": seen[uid]})
        if uid:
            seen.setdefault(uid, number)
        result = planner.plan_row(number, row, problems)
        if problems:
            lines.append(_("Line %(number)s: %(problems)s") % {"number": number, "problems": " ".join(problems)})
        else:
            planned.append(result)
    if lines:
        raise ImportRefused(_("The file was not imported: fix these lines and upload it again. Nothing was saved."),
                            lines)
    return ImportPlan(rows=planned)


@transaction.atomic
def projects_import(*, campaign: BudgetCampaignPage, data: bytes, filename: str, by,
                    now: datetime.datetime | None = None) -> ImportPlan:
    """Check every row again (under a lock on the campaign, so two imports do not interleave) and save all of
    them; new projects enter review as submitted, existing ones keep their status."""
    now = now or timezone.now()
    BudgetCampaignPage.objects.select_for_update().filter(pk=campaign.pk).first()
    plan = plan_import(campaign=campaign, data=data, filename=filename, now=now)
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        project = row.project
        if project is None:
            project = BudgetProject(campaign=campaign, status=ProjectStatus.SUBMITTED, created_at=now,
                                    submitted_at=now, external_id=row.uid)
        for name, value in row.values.items():
            setattr(project, name, value)
        project.save()
        project.cost_items.all().delete()
        BudgetCostItem.objects.bulk_create([
            BudgetCostItem(project=project, name=name, quantity=quantity, unit_price=price, position=index)
            for index, (name, quantity, price) in enumerate(row.items)])
        row.project = project
    log(instance=campaign, action="budget.import", user=by,
        data={"created": plan.created, "updated": plan.updated, "filename": filename[:200]})
    purge_campaign_pages(campaign.pk)
    return plan


def export_rows(queryset, base_url: str):
    """The admin export: the open-data columns (description in full) plus the import's own columns, so an edited
    file can be imported back."""
    authority = council_name()
    for project in queryset:
        campaign = project.campaign
        result = getattr(project, "result", None)
        url = f"{base_url}{project.get_absolute_url().lstrip('/')}"
        yield {
            "uid": project.uid, "kind": project.category.name,
            "type": project.district.name if project.district else "загальноміський",
            "title": project.title, "description": project.description, "url": url, "text": url,
            "authorityName": authority, "authorityId": "", "authorityCattutc": "",
            "count": str(result.votes) if result else "", "creator": project.author_name,
            "status": STATUS_WORDS.get(project.status, project.get_status_display()),
            "decisionDate": campaign.decision_date.isoformat() if campaign.decision_date else "",
            "decisionUrl": campaign.decision_url, "decisionText": "",
            "budgetPlan": f"{project.cost}.00", "budgetFact": f"{project.spent}.00" if project.spent else "",
            "projectResposible": project.department,
            "costItems": format_cost_items(project.cost_items.all()), "address": project.address,
            "latitude": "" if project.latitude is None else str(project.latitude),
            "longitude": "" if project.longitude is None else str(project.longitude),
        }
