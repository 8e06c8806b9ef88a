#!/usr/bin/env python3
"""What the framework alone costs a process, against what the portal costs (benchmarks/README.md, "Worker memory"):
a bare project made by ``wagtail start`` with a given Python's Wagtail (production settings, PostgreSQL's database
backend loaded, no database reached), and the portal, each measured in a fresh process after the same phases
(``django.setup()``, the URL map with its reverse index in every language) and, for the portal, after ``import
cms.wsgi`` (all a gunicorn master holds before it forks its workers).

    .venv/bin/python benchmarks/framework_memory.py
    .venv/bin/python benchmarks/framework_memory.py --python /path/to/a/venv-with-wagtail-7.2/bin/python

A worker's RSS cannot be lower than what its master held at the fork (the pages are counted in full in each worker,
shared or not), so this is the floor of a worker's RSS for each install: the portal's minus the bare project's is
what the portal's own code, its API and its libraries add to Wagtail's. Each ``--python`` needs Wagtail, Django and
psycopg installed; the portal is measured with the Python running this script."""
import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]

# Run in the measured process: prints one JSON line of RSS (MiB) after each phase.
PHASES = r"""
import json, os, sys
PAGE = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2 ** 20
figures = {"start": rss()}
import django
django.setup()
from django.db import connection
connection.ops  # loads the database backend (psycopg) as the first query would, without connecting
figures["django.setup()"] = rss()
from django.conf import settings
from django.urls import get_resolver
from django.utils import translation
# The portal serves its two LANGUAGES; a bare project one (Django's default LANGUAGES lists ~100 it never serves).
for code in [code for code, _name in settings.LANGUAGES] if sys.argv[1] == "portal" else [settings.LANGUAGE_CODE]:
    with translation.override(code):
        get_resolver().reverse_dict
figures["URL map"] = rss()
if sys.argv[1] == "portal":
    import cms.wsgi
    figures["import cms.wsgi"] = rss()
import wagtail
figures["modules"] = len(sys.modules)
figures["wagtail"] = wagtail.__version__
print(json.dumps(figures))
"""

LOCAL_SETTINGS = """
SECRET_KEY = {secret!r}
ALLOWED_HOSTS = ["bare.example"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "NAME": "unreachable",
                          "HOST": "127.0.0.1", "PORT": "9", "USER": "nobody"}}}}
"""


def measure(python: str, cwd: Path, kind: str, env: dict) -> dict:
    result = subprocess.run([python, "-c", PHASES, kind], cwd=cwd, env=env, capture_output=True, text=True,
                            check=False)
    if result.returncode:
        raise SystemExit(f"{python} ({kind}) failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bare_project(python: str, workdir: Path) -> dict:
    name = "bare"
    subprocess.run([python, "-m", "wagtail.bin.wagtail", "start", name], cwd=workdir, check=True,
                   capture_output=True)
    project = workdir / name
    (project / name / "settings" / "local.py").write_text(LOCAL_SETTINGS.format(secret=secrets.token_urlsafe(50)))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": f"{name}.settings.production", "PYTHONPATH": str(project)}
    return measure(python, project, "bare", env)


def portal() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.production",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "portal.example",
           "DATABASE_URL": "postgres://nobody@127.0.0.1:9/unreachable", "PYTHONPATH": str(BASE_DIR)}
    env.pop("REDIS_URL", None)
    return measure(sys.executable, BASE_DIR, "portal", env)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", action="append", default=[], metavar="PATH",
                        help="another Python with Wagtail installed, for its bare project (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per line; the lowest is kept (3)")
    args = parser.parse_args(argv)

    rows = []
    for python in [sys.executable, *args.python]:
        runs = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="bare-wagtail-") as workdir:
                runs.append(bare_project(python, Path(workdir)))
        rows.append((f"bare `wagtail start`, Wagtail {runs[0]['wagtail']}", min(runs, key=lambda r: r["URL map"])))
    runs = [portal() for _ in range(args.repeat)]
    rows.append((f"the portal, Wagtail {runs[0]['wagtail']}", min(runs, key=lambda r: r["import cms.wsgi"])))

    phases = ["start", "django.setup()", "URL map", "import cms.wsgi"]
    print(f"RSS in MiB after each phase (lowest of {args.repeat} fresh processes)\n")
    print(f"| process | {' | '.join(phases)} | modules |")
    print(f"|---|{'---|' * (len(phases) + 1)}")
    for label, figures in rows:
        cells = [f"{figures[phase]:.1f}" if phase in figures else "—" for phase in phases]
        print(f"| {label} | {' | '.join(cells)} | {figures['modules']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
