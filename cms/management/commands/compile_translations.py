"""Compile .po catalogues to .mo with polib, so a fresh machine needs no GNU gettext."""
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand


def catalogue_dirs() -> list[Path]:
    """LOCALE_PATHS plus the ``locale`` folder of every app at the top of this repository (not in .venv)."""
    base = Path(settings.BASE_DIR).resolve()
    app_dirs = [Path(config.path) / "locale" for config in apps.get_app_configs()
                if Path(config.path).resolve().parent == base and (Path(config.path) / "locale").is_dir()]
    return list(dict.fromkeys(path.resolve() for path in [*map(Path, settings.LOCALE_PATHS), *app_dirs]))


class Command(BaseCommand):
    help = "Compile the .po files of LOCALE_PATHS and of the portal's own apps to .mo (pure Python)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_path in catalogue_dirs():
            for po_path in Path(locale_path).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Translations compiled: {compiled}")
