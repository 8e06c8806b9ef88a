"""Where the national open-data standard lies: OPEN_DATA_STANDARD names its folder; otherwise it is looked for
beside the repository (../shared/open-data-standard, as on the team's machines and in CI) and, for a clone made
elsewhere on such a machine, in the team's shared folder."""
import os
from pathlib import Path

_CANDIDATES = [
    Path(__file__).resolve().parents[2] / "shared" / "open-data-standard",
    Path("/work/shared/open-data-standard"),
]
STANDARD_DIR = Path(os.environ["OPEN_DATA_STANDARD"]) if os.environ.get("OPEN_DATA_STANDARD") else next(
    (path for path in _CANDIDATES if path.is_dir()), _CANDIDATES[0])


def standard_file(name: str) -> Path:
    return STANDARD_DIR / name
