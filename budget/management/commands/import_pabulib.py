"""manage.py import_pabulib FILE.pb: a past campaign from a Pabulib file; prints the new page's id last."""
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from budget.pabulib import PabulibError
from budget.pabulib_io import import_election


class Command(BaseCommand):
    help = "Import a Pabulib .pb file (approval ballots) as a campaign with one category and anonymised ballots."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .pb file")
        parser.add_argument("--title", help="page title (default: unit and instance from META)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Не вдалося прочитати файл {path}: {error}")
        try:
            campaign = import_election(text, title=options.get("title"))
        except PabulibError as error:
            raise CommandError(f"Файл {path.name} не імпортовано, нічого не збережено: {error.message}")
        self.stdout.write(f"Imported «{campaign.title}»: {campaign.projects.count()} projects, "
                          f"{campaign.ballots.count()} ballots.")
        self.stdout.write(str(campaign.pk))
