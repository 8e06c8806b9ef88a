"""python manage.py import_addresses FILE — the address register for «Find my deputy»."""
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from sessions.imports import addresses_import
from sessions.services import CouncilError


class Command(BaseCommand):
    help = ("Import the address register (columns of 37-address-register.csv plus «areaId», the electoral "
            "district number). All or nothing; running it again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8 or Windows-1251) or XLSX")

    def handle(self, *args, file, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read the file: {error}")
        try:
            report = addresses_import(data=data, filename=file)
        except CouncilError as error:
            for line in error.lines:
                self.stderr.write(line)
            raise CommandError(error.message)
        self.stdout.write(self.style.SUCCESS(
            f"Addresses: {report.created} created, {report.updated} updated, {report.unchanged} unchanged."))
