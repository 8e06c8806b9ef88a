"""Writes of the council that carry a rule: imports of deputies and roll-call votes, the address register."""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .tables import TableError, read_table


class CouncilError(Exception):
    """A rule refused the action; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str, lines: list[str] | None = None):
        super().__init__(message)
        self.code, self.message, self.lines = code, message, lines or []


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
