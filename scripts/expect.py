"""Write tests/expected/NAME.json from the current extraction of a fixture: review it before committing!

    .venv/bin/python scripts/expect.py tests/fixtures/real/seed_000_tongliang_police_2025.txt
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipelines.report import extract  # noqa: E402

for arg in sys.argv[1:]:
    path = Path(arg)
    record = extract(path.read_bytes(), f"https://fixtures.example/{path.name}", fetched_at="2026-01-01T00:00:00Z")
    target = Path("tests/expected") / f"{path.stem}.json"
    target.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(target)
