#!/usr/bin/env python3
"""What each imported package adds to a process's resident size, as gunicorn's master builds it (benchmarks/README.md,
"Worker memory"): an import hook reads the RSS before and after every module's code runs, nested imports subtracted,
then ``django.setup()`` and ``cms.wsgi`` run, and the sum per package (or per module, ``--depth``) is printed with
the RSS after each phase. ``--chain MODULE`` prints who imported a module first.

    .venv/bin/python benchmarks/import_memory.py --top 30
    .venv/bin/python benchmarks/import_memory.py --depth 3 --chain fido2 cryptography wagtail.api.v3.registry

Nothing reaches a database or Redis (production settings with an unreachable DATABASE_URL unless one is given).
Figures are RSS: they include pages of shared libraries the imports map, and memory a module's code allocates
(schemas it builds, regular expressions it compiles) as well as its own objects."""
import argparse
import importlib.abc
import os
import secrets
import sys
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 2 ** 20


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


class Recorder:
    def __init__(self):
        self.own: dict[str, int] = {}
        self.importer: dict[str, str | None] = {}
        self._stack: list[list] = []  # [module, RSS at start, RSS of nested imports]

    def run(self, loader, module):
        name = module.__name__
        self.importer[name] = self._stack[-1][0] if self._stack else None
        frame = [name, rss(), 0]
        self._stack.append(frame)
        try:
            loader.exec_module(module)
        finally:
            self._stack.pop()
            grown = rss() - frame[1]
            self.own[name] = grown - frame[2]
            if self._stack:
                self._stack[-1][2] += grown

    def chain(self, name: str) -> str:
        names = [name]
        while self.importer.get(names[-1]):
            names.append(self.importer[names[-1]])
        return " <- ".join(names) + ("" if name in self.importer else " (not imported)")


class MeasuredLoader(importlib.abc.Loader):
    def __init__(self, loader, recorder: Recorder):
        self.loader, self.recorder = loader, recorder

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.recorder.run(self.loader, module)

    def __getattr__(self, name):  # get_resource_reader, is_package, ... of the real loader
        return getattr(self.loader, name)


class MeasuringFinder(importlib.abc.MetaPathFinder):
    def __init__(self, recorder: Recorder):
        self.recorder = recorder

    def find_spec(self, name, path, target=None):
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = MeasuredLoader(spec.loader, self.recorder)
                return spec
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depth", type=int, default=1, help="sum by the first N parts of module names (default 1)")
    parser.add_argument("--top", type=int, default=40, help="lines to print (default 40)")
    parser.add_argument("--chain", nargs="+", default=[], metavar="MODULE", help="who imported MODULE first")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "portal.example")
    os.environ.setdefault("DATABASE_URL", "postgres://nobody@127.0.0.1:9/unreachable")
    sys.path.insert(0, str(BASE_DIR))
    recorder = Recorder()
    sys.meta_path.insert(0, MeasuringFinder(recorder))
    phases = [("start", rss())]
    import django

    django.setup()
    phases.append(("django.setup()", rss()))
    import cms.wsgi  # noqa: F401  (the URL map and what cms.wsgi builds before gunicorn forks)

    phases.append(("cms.wsgi", rss()))

    for phase, size in phases:
        print(f"RSS after {phase:<16} {size / MIB:7.1f} MiB")
    by_package: dict[str, int] = defaultdict(int)
    for name, size in recorder.own.items():
        by_package[".".join(name.split(".")[:args.depth])] += size
    print(f"\nMiB of RSS added while importing, by package (all: {sum(by_package.values()) / MIB:.1f})")
    for name, size in sorted(by_package.items(), key=lambda item: -item[1])[:args.top]:
        print(f"{size / MIB:8.2f}  {name}")
    for name in args.chain:
        print(recorder.chain(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
