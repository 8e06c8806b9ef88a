"""Where the national open-data standard lies: beside the repository (../shared/open-data-standard), as on the
team's machines and in CI; OPEN_DATA_STANDARD names another folder."""
import os
from pathlib import Path

STANDARD_DIR = Path(os.environ.get("OPEN_DATA_STANDARD")
                    or Path(__file__).resolve().parents[2] / "shared" / "open-data-standard")


def standard_file(name: str) -> Path:
    return STANDARD_DIR / name
