"""Per-field accuracy over the corpus: each document against its reviewed expected record.

    .venv/bin/python bench/accuracy.py
"""

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipelines.report import extract  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
EXP = ROOT / "tests" / "expected"
SEED_000 = EXP / "seed_000_tongliang_police_2025.json"
CORPUS = {p: EXP / f"{p.stem}.json" for p in (FIX / "real").iterdir() if (EXP / f"{p.stem}.json").exists()}
CORPUS.update({p: SEED_000 for p in (FIX / "portal").iterdir() if "tongliang" in p.name})
METADATA = ("title", "agency", "year", "published", "format")


def cells(record: dict):
    for table, rows in (record["tables"] or {}).items():
        for row, values in (rows or {}).items():
            for column, value in (values or {}).items():
                yield f"{table}.{row}.{column}", value


right, total = Counter(), Counter()
for path, expected_path in sorted(CORPUS.items()):
    expected = json.loads(expected_path.read_text("utf-8"))
    got = extract(path.read_bytes(), f"https://bench.example/{path.name}")
    for field in METADATA:
        if expected_path == SEED_000 and field == "published" and path.suffix in (".pdf", ".docx"):
            continue  # the attachment carries no date; the page it hangs on does
        total[field] += 1
        right[field] += got[field] == expected[field]
    got_cells = dict(cells(got))
    for name, value in cells(expected):
        group = "table " + name.split(".")[0]
        total[group] += 1
        right[group] += got_cells.get(name, "missing") == value
    total["sections"] += 1
    right["sections"] += [s["key"] for s in got["sections"]] == [s["key"] for s in expected["sections"]]

print(f"{len(CORPUS)} documents")
for field in total:
    print(f"{field:28s} {right[field]:5d}/{total[field]:<5d} {100 * right[field] / total[field]:6.1f}%")
