"""The council's imports, in one place: deputies (30-deputies.csv columns), the address register
(37-address-register.csv plus the district number) and roll-call votes (29-votes-votings.csv, 29-votes-voteEvents.csv).

All or nothing: every line is checked first and any problem rejects the whole file with a line-by-line report.
Importing the same files again changes nothing."""
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms import pagecache

from .models import AgendaItem, Choice, DeputyPage, VoteEvent, VoteKind, VoteRecord, VoteResult
from .models.votes import TOTAL_FIELDS
from .names import normalise_name
from .services import CouncilError, address_problems, session_votes_refusal, vote_time_refusal
from .tables import TableError, read_table

VOTINGS_COLUMNS = ["motionUid", "voterId", "voterName", "motionTitle", "result"]
EVENT_COLUMNS = ["uid", "motionUid", "projectNumber", "projectTitle", "startDate", "endDate", "result", "votingFor",
                 "votingAgainst", "votingAbstain", "notVoting", "absent", "textUrl", "text"]
TOTAL_COLUMNS = {"votingFor": Choice.FOR, "votingAgainst": Choice.AGAINST, "votingAbstain": Choice.ABSTAIN,
                 "notVoting": Choice.NOT_VOTING, "absent": Choice.ABSENT}
EVENT_FIELDS = ["session_id", "agenda_item_id", "motion_uid", "title", "project_number", "kind", "start", "end",
                "result", "votes_for", "votes_against", "votes_abstain", "not_voting", "absent", "text_url", "text",
                "position"]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: list[str] = field(default_factory=list)


def _row_messages(result) -> list[str]:
    lines = []
    for line_number, errors in result.row_errors():
        for error in errors:
            lines.append(_("Line %(line)s: %(message)s") % {"line": line_number + 1, "message": error.error})
    for invalid in result.invalid_rows:
        for messages in invalid.error_dict.values():
            for message in messages:
                text = message.messages[0] if isinstance(message, ValidationError) else str(message)
                lines.append(_("Line %(line)s: %(message)s") % {"line": invalid.number + 1, "message": text})
    return sorted(lines, key=lambda line: int("".join(ch for ch in line.split(":")[0] if ch.isdigit()) or 0))


def deputies_import(*, data: bytes, filename: str, user=None) -> ImportReport:
    """Import deputies in the 30-deputies.csv columns: all rows or none."""
    from .resources import DeputyResource

    try:
        dataset = read_table(data, filename)
    except TableError as error:
        raise CouncilError("invalid_file", error.message)
    resource = DeputyResource()
    try:
        resource.before_import(dataset)
    except ValidationError as error:
        raise CouncilError("invalid_file", error.messages[0])
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False,
                                      collect_failed_rows=True)
        if result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True)
            raise CouncilError("invalid_rows", _("The file was not imported: fix these lines and upload it again."),
                               lines=_row_messages(result))
        totals = result.totals
        report = ImportReport(created=totals.get("new", 0), updated=totals.get("update", 0),
                              unchanged=totals.get("skip", 0))
        if user is not None:
            from .models import DeputyIndexPage

            index = DeputyIndexPage.objects.first()
            log(instance=index, action="council.deputies.import", user=user,
                data={"created": report.created, "updated": report.updated, "file": filename})
    return report


ADDRESS_COLUMNS = ["uid", "addressThoroughfare", "addressLocatorDesignator", "areaId"]


def addresses_import(*, data: bytes, filename: str) -> ImportReport:
    """The address register (37-address-register.csv columns plus «areaId», the electoral district number).
    All rows or none; rows are matched by «uid», so importing the same file again changes nothing."""
    from .models import AddressRecord, ElectoralDistrict

    try:
        dataset = read_table(data, filename)
    except TableError as error:
        raise CouncilError("invalid_file", error.message)
    missing = [column for column in ADDRESS_COLUMNS if column not in dataset.headers]
    if missing:
        raise CouncilError("invalid_file", _("The file has no column(s) %(columns)s: use the columns of "
                                             "37-address-register.csv and «areaId» for the district number.")
                           % {"columns": ", ".join(missing)})
    districts = {str(district.number): district for district in ElectoralDistrict.objects.all()}
    lines, wanted, seen = [], {}, {}
    for line, row in enumerate(dataset.dict, start=2):
        row = {key: ("" if value is None else str(value).strip()) for key, value in row.items()}
        row = {key: ("" if value.lower() == "null" else value) for key, value in row.items()}
        problems = []
        if not row["uid"]:
            problems.append(_("uid is empty."))
        elif row["uid"] in seen:
            problems.append(_("the address «%(uid)s» is listed twice (line %(first)s).")
                            % {"uid": row["uid"], "first": seen[row["uid"]]})
        problems += address_problems(street=row["addressThoroughfare"], house=row["addressLocatorDesignator"])
        district = districts.get(row["areaId"])
        if district is None:
            problems.append(_("there is no electoral district № %(number)s.") % {"number": row["areaId"] or "—"})
        for problem in problems:
            lines.append(_("Line %(line)s: %(message)s") % {"line": line, "message": problem})
        if problems:
            continue
        seen[row["uid"]] = line
        wanted[row["uid"]] = {
            "thoroughfare": row["addressThoroughfare"], "locator_designator": row["addressLocatorDesignator"],
            "locator_building": row.get("addressLocatorBuilding", ""), "post_name": row.get("addressPostName", ""),
            "post_code": row.get("addressPostCode", ""), "status": row.get("statusType", ""), "district": district,
        }
    if lines:
        raise CouncilError("invalid_rows", _("The file was not imported: fix these lines and upload it again."),
                           lines=lines)
    report = ImportReport()
    with transaction.atomic():
        existing = {record.uid: record for record in AddressRecord.objects.filter(uid__in=list(wanted))}
        for uid, values in wanted.items():
            record = existing.get(uid)
            if record is None:
                AddressRecord(uid=uid, **values).save()
                report.created += 1
            elif any(getattr(record, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(record, name, value)
                record.save()
                report.updated += 1
            else:
                report.unchanged += 1
    if report.created or report.updated:
        # Once for the whole file (each row's save purges nothing): «Find my deputy» answers from the register.
        from .selectors import find_my_deputy_paths

        pagecache.module_purge(paths=find_my_deputy_paths())
    return report


# --- roll-call votes ---------------------------------------------------------------------------------------
@dataclass
class VoteImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    records: int = 0
    lines: list[str] = field(default_factory=list)


def _kind_of(title: str) -> str:
    lowered = title.casefold()
    if "процедур" in lowered:
        return VoteKind.PROCEDURAL
    if "поправк" in lowered:
        return VoteKind.AMENDMENT
    if "за основу" in lowered:
        return VoteKind.BASIS
    return VoteKind.WHOLE


def _load(data: bytes, filename: str, columns: list[str], label: str):
    try:
        dataset = read_table(data, filename)
    except TableError as error:
        raise CouncilError("invalid_file", f"{label}: {error.message}")
    missing = [column for column in columns if column not in dataset.headers]
    if missing:
        raise CouncilError("invalid_file", _("%(file)s: the columns %(columns)s are missing.")
                           % {"file": label, "columns": ", ".join(missing)})
    return [{key: ("" if value is None else str(value).strip()) for key, value in row.items()}
            for row in dataset.dict]


class _Matcher:
    """Deputies by voting-system identifier, otherwise by normalised full name."""

    def __init__(self):
        deputies = list(DeputyPage.objects.only("pk", "voting_identifier", "normalised_name", "faction_id",
                                                "family_name", "given_name", "patronymic"))
        self.by_id = {deputy.voting_identifier: deputy for deputy in deputies if deputy.voting_identifier}
        names = Counter(deputy.normalised_name for deputy in deputies)
        self.by_name = {deputy.normalised_name: deputy for deputy in deputies if names[deputy.normalised_name] == 1}

    def find(self, voter_id: str, voter_name: str):
        if voter_id and voter_id in self.by_id:
            return self.by_id[voter_id]
        return self.by_name.get(normalise_name(voter_name))


def _parse_time(value: str):
    if not value or value.lower() == "null":
        return None
    parsed = parse_datetime(value.replace(" ", "T", 1) if "T" not in value else value)
    if parsed is None:
        raise ValueError
    if parsed.tzinfo is None:
        from django.utils import timezone

        parsed = timezone.make_aware(parsed)
    return parsed


def votes_import(*, session, votings: bytes, votings_name: str, events: bytes | None = None,
                 events_name: str = "", user=None) -> VoteImportReport:
    """Refuses, saving nothing, votes of a session that has not begun (or was postponed or cancelled) and votes
    dated in the future."""
    refusal = session_votes_refusal(session=session)
    if refusal:
        raise CouncilError("session_not_held", _("The votes were not imported: %(reason)s") % {"reason": refusal})
    votings_label = _("Votings file")
    events_label = _("Vote events file")
    voting_rows = _load(votings, votings_name, VOTINGS_COLUMNS, votings_label)
    event_rows = _load(events, events_name, EVENT_COLUMNS, events_label) if events is not None else None
    errors: list[str] = []

    def error(label, line, message):
        errors.append(_("%(file)s, line %(line)s: %(message)s") % {"file": label, "line": line, "message": message})

    matcher = _Matcher()
    motions: dict[str, dict] = {}  # motionUid -> {"title", "records": {deputy_pk: (choice, deputy)}, "lines"}
    for line, row in enumerate(voting_rows, start=2):  # line 1 is the header
        motion = row["motionUid"]
        if not motion:
            error(votings_label, line, _("motionUid is empty."))
            continue
        entry = motions.setdefault(motion, {"title": row["motionTitle"], "records": {}, "first_line": line})
        deputy = matcher.find(row["voterId"], row["voterName"])
        if deputy is None:
            error(votings_label, line, _("unknown deputy «%(name)s» (voterId «%(id)s»): add the voting identifier "
                                         "to the deputy's page or correct the name.")
                  % {"name": row["voterName"], "id": row["voterId"]})
            continue
        if row["result"] not in Choice.values:
            error(votings_label, line, _("the choice «%(choice)s» is not one of: %(allowed)s.")
                  % {"choice": row["result"], "allowed": ", ".join(Choice.values)})
            continue
        if deputy.pk in entry["records"]:
            error(votings_label, line, _("%(name)s already voted in question «%(motion)s» (line %(first)s).")
                  % {"name": deputy.full_name, "motion": motion, "first": entry["records"][deputy.pk][2]})
            continue
        entry["records"][deputy.pk] = (row["result"], deputy, line)

    planned: list[dict] = []
    if event_rows is not None:
        seen_uids: dict[str, int] = {}
        for line, row in enumerate(event_rows, start=2):
            uid, motion = row["uid"], row["motionUid"]
            if not uid or not motion:
                error(events_label, line, _("uid and motionUid are required."))
                continue
            if uid in seen_uids:
                error(events_label, line, _("the vote «%(uid)s» is listed twice (line %(first)s).")
                      % {"uid": uid, "first": seen_uids[uid]})
                continue
            seen_uids[uid] = line
            if row["result"] not in VoteResult.values:
                error(events_label, line, _("the result «%(result)s» is not one of: %(allowed)s.")
                      % {"result": row["result"], "allowed": ", ".join(VoteResult.values)})
                continue
            try:
                totals = {column: int(row[column] or 0) for column in TOTAL_COLUMNS}
                if any(value < 0 for value in totals.values()):
                    raise ValueError
            except ValueError:
                error(events_label, line, _("the totals must be whole numbers, 0 or more."))
                continue
            try:
                start, end = _parse_time(row["startDate"]), _parse_time(row["endDate"])
            except ValueError:
                error(events_label, line, _("the dates must be written as YYYY-MM-DDTHH:MM:SS."))
                continue
            future = vote_time_refusal(start) or vote_time_refusal(end)
            if future:
                error(events_label, line, future)
                continue
            records = motions.get(motion, {}).get("records", {})
            counted = Counter(choice for choice, _deputy, _line in records.values())
            for column, choice in TOTAL_COLUMNS.items():
                if totals[column] != counted[choice]:
                    error(events_label, line, _("%(column)s is %(total)s, but the votings file has %(count)s "
                                                "records «%(choice)s» for «%(motion)s».")
                          % {"column": column, "total": totals[column], "count": counted[choice], "choice": choice,
                             "motion": motion})
            planned.append({"uid": uid, "motion": motion, "title": row["projectTitle"]
                            or motions.get(motion, {}).get("title", ""), "project_number": row["projectNumber"],
                            "start": start, "end": end, "result": row["result"], "text_url": row["textUrl"]
                            if row["textUrl"].lower() != "null" else "", "text": row["text"]
                            if row["text"].lower() != "null" else ""})
        described = {event["motion"] for event in planned}
        for motion, entry in motions.items():
            if motion not in described:
                error(votings_label, entry["first_line"], _("the question «%(motion)s» has no line in the vote "
                                                            "events file.") % {"motion": motion})
    else:
        # Without the events file each question is one vote; adopted with more than half of the deputies for.
        composition = DeputyPage.objects.filter(mandate_status="active").count()
        for motion, entry in motions.items():
            votes_for = sum(1 for choice, _deputy, _line in entry["records"].values() if choice == Choice.FOR)
            planned.append({"uid": motion, "motion": motion, "title": entry["title"], "project_number": "",
                            "start": None, "end": None, "text_url": "", "text": "",
                            "result": VoteResult.ADOPTED if votes_for * 2 > composition else VoteResult.NOT_ADOPTED})

    elsewhere = VoteEvent.objects.filter(uid__in=[event["uid"] for event in planned]).exclude(session=session)
    for uid in elsewhere.values_list("uid", flat=True):
        errors.append(_("The vote «%(uid)s» was already imported for another session.") % {"uid": uid})
    if errors:
        raise CouncilError("invalid_votes", _("The votes were not imported: fix these lines and import again."),
                           lines=errors)
    return _save(session, planned, motions, user, votings_name)


def _agenda_lookup(session):
    items = list(AgendaItem.objects.filter(session=session))
    by_uid = {item.motion_uid: item for item in items if item.motion_uid}
    by_title = {normalise_name(item.title): item for item in items}
    return lambda motion, title: by_uid.get(motion) or by_title.get(normalise_name(title))


@transaction.atomic
def _save(session, planned, motions, user, filename) -> VoteImportReport:
    report = VoteImportReport()
    find_item = _agenda_lookup(session)
    existing = {event.uid: event for event in VoteEvent.objects.select_for_update().filter(
        uid__in=[event["uid"] for event in planned])}
    for position, plan in enumerate(planned):
        records = motions.get(plan["motion"], {}).get("records", {})
        counted = Counter(choice for choice, _deputy, _line in records.values())
        item = find_item(plan["motion"], plan["title"])
        values = {
            "session_id": session.pk, "agenda_item_id": item.pk if item else None, "motion_uid": plan["motion"],
            "title": plan["title"][:1000], "project_number": plan["project_number"], "kind": _kind_of(plan["title"]),
            "start": plan["start"], "end": plan["end"], "result": plan["result"], "text_url": plan["text_url"],
            "text": plan["text"], "position": position,
            **{TOTAL_FIELDS[choice]: counted[choice] for choice in Choice.values},
        }
        wanted = {deputy_pk: choice for deputy_pk, (choice, _deputy, _line) in records.items()}
        event = existing.get(plan["uid"])
        if event is None:
            event = VoteEvent.objects.create(uid=plan["uid"], **values)
            report.created += 1
            changed_records = True
        else:
            changed_fields = [name for name in EVENT_FIELDS if getattr(event, name) != values[name]]
            current = dict(event.records.values_list("deputy_id", "choice"))
            changed_records = current != wanted
            if not changed_fields and not changed_records:
                report.unchanged += 1
                report.records += len(wanted)
                continue
            for name in changed_fields:
                setattr(event, name, values[name])
            event.save()
            report.updated += 1
        if changed_records:
            event.records.all().delete()
            VoteRecord.objects.bulk_create([
                VoteRecord(event=event, deputy_id=deputy_pk, choice=choice, faction_id=deputy.faction_id)
                for deputy_pk, (choice, deputy, _line) in records.items()])
        report.records += len(wanted)
    if report.created or report.updated:
        # The session, its vote pages, every deputy who voted, the agenda's drafts and decisions (sessions.signals).
        pagecache.purge_all()
    if user is not None and (report.created or report.updated):
        log(instance=session, action="council.votes.import", user=user,
            data={"file": filename, "created": report.created, "updated": report.updated})
    return report
