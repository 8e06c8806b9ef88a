"""python manage.py import_directory FILE — city objects from CSV, XLSX or GeoJSON (README, "City directory")."""
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from directory.services import DirectoryError, directory_import


class Command(BaseCommand):
    help = ("Import city objects from CSV (UTF-8 with or without BOM, or Windows-1251), XLSX or GeoJSON; the format "
            "is told by the extension. All or nothing; objects with the same external_id are updated.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv, .xlsx, .geojson or .json file")

    def handle(self, *args, file, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read the file: {error}")
        try:
            result = directory_import(data=data, filename=file)
        except DirectoryError as error:
            for line in error.lines:
                self.stderr.write(line)
            raise CommandError(error.message)
        self.stdout.write(self.style.SUCCESS(f"City objects: {result.created} created, {result.updated} updated."))
