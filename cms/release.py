"""Which release of the portal's code is running. What the caches keep of rendered output (pages, fragments, pickled
values: cms.pagecache) is stored per release, so a deploy never serves HTML rendered by the old templates, with the
old static files' hashed names, or unpickles objects of classes the new code changed; the purges (generations) stay
shared, so a publish on a machine still running the old release reaches the new release's copies too.

A deploy may name the release (``PORTAL_RELEASE``: a commit hash, a version). Otherwise it is a digest of the source
files' contents: machines running the same code share the cache whatever their files' dates."""
import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What renders a page: the code, templates, translations and the static files whose hashed names a page holds.
SOURCE_SUFFIXES = frozenset({".py", ".html", ".txt", ".xml", ".po", ".js", ".css", ".svg", ".json"})
# Directories under the project that never render anything a visitor is served.
NOT_SOURCE_DIRECTORIES = frozenset({"tests", "benchmarks", "docs", "examples", "media", "staticfiles",
                                    "node_modules", "__pycache__"})


def source_digest(root: Path) -> str:
    """A digest of every source file's path and contents under ``root`` (hidden directories such as .git, virtual
    environments and NOT_SOURCE_DIRECTORIES left out: a deploy that only upgrades dependencies names its release)."""
    digest = hashlib.sha256()
    files = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [name for name in subdirectories
                             if not name.startswith(".") and name not in NOT_SOURCE_DIRECTORIES
                             and not os.path.exists(os.path.join(directory, name, "pyvenv.cfg"))]
        files += [Path(directory, name) for name in names if Path(name).suffix in SOURCE_SUFFIXES]
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


@cache
def current_release() -> str:
    return getattr(settings, "PORTAL_RELEASE", "") or source_digest(Path(settings.BASE_DIR))


@receiver(setting_changed)
def _forget_release(setting, **kwargs):
    if setting in {"PORTAL_RELEASE", "BASE_DIR"}:
        current_release.cache_clear()
