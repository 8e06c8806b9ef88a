"""Every CSV and XLSX the portal writes goes through cms.csv_export: no module writes one on its own."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Readers of uploaded tables and the demo's own import files write nothing staff or the public download.
ALLOWED = {"cms/csv_export.py", "sessions/tables.py", "sessions/demo_votes.py"}
WRITERS = re.compile(r"csv\.(DictWriter|writer)\(|\.export\(\s*[\"'](csv|xlsx)|\bdataset\.(csv|xlsx)\b|openpyxl")


def test_no_module_writes_csv_or_xlsx_past_the_formula_safe_writer():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.split("/")[0] in {".venv", "tests", "benchmarks", "node_modules"} or relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if WRITERS.search(line.split("#")[0]):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "write CSV/XLSX through cms.csv_export:\n" + "\n".join(offenders)
