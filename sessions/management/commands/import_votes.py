"""python manage.py import_votes VOTINGS_FILE [--events VOTE_EVENTS_FILE] --session SESSION_PAGE_ID"""
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from sessions.imports import votes_import
from sessions.models import SessionPage
from sessions.services import CouncilError


class Command(BaseCommand):
    help = ("Import roll-call votes of one session from files in the open-data columns (29-votes-votings.csv, "
            "optionally 29-votes-voteEvents.csv). All or nothing; running it again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("votings_file", help="CSV or XLSX with the columns of 29-votes-votings.csv")
        parser.add_argument("--events", dest="events_file", help="CSV or XLSX with the columns of "
                                                                  "29-votes-voteEvents.csv")
        parser.add_argument("--session", dest="session_id", type=int, required=True,
                            help="The id of the session page the votes belong to")

    def handle(self, *args, votings_file, events_file=None, session_id, **options):
        session = SessionPage.objects.filter(pk=session_id).first()
        if session is None:
            raise CommandError(f"There is no session page with id {session_id}.")
        try:
            votings = Path(votings_file).read_bytes()
            events = Path(events_file).read_bytes() if events_file else None
        except OSError as error:
            raise CommandError(f"Cannot read the file: {error}")
        try:
            report = votes_import(session=session, votings=votings, votings_name=votings_file, events=events,
                                  events_name=events_file or "")
        except CouncilError as error:
            for line in error.lines:
                self.stderr.write(line)
            raise CommandError(error.message)
        self.stdout.write(self.style.SUCCESS(
            f"{session.title}: {report.created} votes created, {report.updated} updated, "
            f"{report.unchanged} unchanged; {report.records} deputies' records."))
