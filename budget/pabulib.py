"""The Pabulib `.pb` format (pabulib.org/format): reading a file into plain data with clear Ukrainian errors, and
writing one. Only approval elections are read (the portal's ballots are approval ballots)."""
import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

SECTIONS = ("META", "PROJECTS", "VOTES")


class PabulibError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class PbProject:
    id: str
    cost: int
    name: str = ""
    votes: int | None = None
    selected: bool | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class PbElection:
    meta: dict[str, str]
    projects: list[PbProject]
    votes: list[tuple[str, list[str]]]  # (voter id, approved project ids)
    budget: int = 0

    @property
    def max_length(self) -> int | None:
        return _optional_int(self.meta.get("max_length"))

    @property
    def min_length(self) -> int:
        return _optional_int(self.meta.get("min_length")) or 0

    @property
    def max_sum_cost(self) -> int | None:
        return _optional_int(self.meta.get("max_sum_cost"))


def _optional_int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _money(value: str, *, what: str, line: int) -> int:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        raise PabulibError(_("Line %(line)d: %(what)s «%(value)s» is not a number.")
                           % {"line": line, "what": what, "value": str(value)[:40]})
    if number < 0 or number != number.to_integral_value() or number > 10**15:
        raise PabulibError(_("Line %(line)d: %(what)s must be a whole, non-negative number of hryvnias.")
                           % {"line": line, "what": what})
    return int(number)


def parse(text: str) -> PbElection:
    """Parse a `.pb` file; raises PabulibError with the line that is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise PabulibError(_("The file is empty."))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    section, header = None, None
    meta: dict[str, str] = {}
    projects: list[PbProject] = []
    votes: list[tuple[str, list[str]]] = []
    seen_sections: list[str] = []
    for number, row in enumerate(rows, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        first = row[0].strip()
        if len(row) == 1 and first.upper() in SECTIONS:
            section, header = first.upper(), None
            seen_sections.append(section)
            continue
        if section is None:
            raise PabulibError(_("Line %(line)d: the file must begin with the META section.") % {"line": number})
        if header is None:
            header = [cell.strip() for cell in row]
            required = {"META": ["key", "value"], "PROJECTS": ["project_id", "cost"],
                        "VOTES": ["voter_id", "vote"]}[section]
            missing = [name for name in required if name not in header]
            if missing:
                raise PabulibError(_("Line %(line)d: the %(section)s section needs the columns %(columns)s.")
                                   % {"line": number, "section": section, "columns": ", ".join(missing)})
            continue
        if len(row) != len(header):
            raise PabulibError(_("Line %(line)d: %(count)d values for %(columns)d columns.")
                               % {"line": number, "count": len(row), "columns": len(header)})
        record = dict(zip(header, (cell.strip() for cell in row), strict=True))
        if section == "META":
            meta[record["key"]] = record["value"]
        elif section == "PROJECTS":
            if not record["project_id"]:
                raise PabulibError(_("Line %(line)d: a project without an id.") % {"line": number})
            selected = record.get("selected")
            projects.append(PbProject(
                id=record["project_id"], cost=_money(record["cost"], what="cost", line=number),
                name=record.get("name") or record.get("title") or "",
                votes=_optional_int(record.get("votes")),
                selected=None if selected in (None, "") else selected.strip() not in ("0", "false"),
                extra={key: value for key, value in record.items()
                       if key not in ("project_id", "cost", "name", "votes", "selected")}))
        else:
            chosen = [item.strip() for item in record["vote"].split(",") if item.strip()]
            votes.append((record["voter_id"], chosen))
    for name in SECTIONS:
        if name not in seen_sections:
            raise PabulibError(_("The file has no %(section)s section.") % {"section": name})
    if "budget" not in meta:
        raise PabulibError(_("META has no budget."))
    vote_type = meta.get("vote_type", "").strip().lower()
    if vote_type != "approval":
        raise PabulibError(_("Only approval elections can be imported; this file has vote_type «%(type)s».")
                           % {"type": vote_type[:30]})
    budget = _money(meta["budget"], what="budget", line=0)
    if budget <= 0:
        raise PabulibError(_("The budget must be positive."))
    ids = [project.id for project in projects]
    if not projects:
        raise PabulibError(_("The file has no projects."))
    if len(set(ids)) != len(ids):
        raise PabulibError(_("Project ids repeat in PROJECTS."))
    known, voters = set(ids), set()
    for voter, chosen in votes:
        if voter in voters:
            raise PabulibError(_("Voter «%(voter)s» appears twice in VOTES.") % {"voter": voter[:40]})
        voters.add(voter)
        unknown = [pk for pk in chosen if pk not in known]
        if unknown:
            raise PabulibError(_("Voter «%(voter)s» voted for project «%(project)s», which is not in PROJECTS.")
                               % {"voter": voter[:40], "project": unknown[0][:40]})
        if len(set(chosen)) != len(chosen):
            raise PabulibError(_("Voter «%(voter)s» chose the same project twice.") % {"voter": voter[:40]})
    return PbElection(meta=meta, projects=projects, votes=votes, budget=budget)


def _clean(value) -> str:
    return str(value).replace(";", ",").replace("\n", " ").replace("\r", " ")


def write(*, meta: dict, projects: list[dict], votes: list[tuple[str, list]]) -> str:
    """A `.pb` file: META (key;value), PROJECTS (project_id first, then the given columns), VOTES (voter_id;vote)."""
    lines = ["META", "key;value"]
    lines += [f"{key};{_clean(value)}" for key, value in meta.items()]
    columns = list(projects[0].keys()) if projects else ["project_id", "cost"]
    lines += ["PROJECTS", ";".join(columns)]
    lines += [";".join(_clean(project[column]) for column in columns) for project in projects]
    lines += ["VOTES", "voter_id;vote"]
    lines += [f"{voter};{','.join(str(pk) for pk in chosen)}" for voter, chosen in votes]
    return "\n".join(lines) + "\n"
