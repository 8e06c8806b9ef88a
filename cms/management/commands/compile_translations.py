"""Compile .po catalogues to .mo with polib, so a fresh machine needs no GNU gettext."""
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import BaseCommand


class Command(BaseCommand):
    help = "Compile every LOCALE_PATHS .po file to .mo (pure Python; replaces compilemessages)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in Path(locale_path).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Translations compiled: {compiled}")
