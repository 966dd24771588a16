"""HTML reports per second through extract(), on one core, against a bare lxml parse of the same pages.

    .venv/bin/python bench/html_speed.py [seconds]
Target (issue 2): >= 300 reports/s and <= 3x the bare parse.
"""

import sys
import time
from pathlib import Path

from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipelines.report import extract  # noqa: E402

PAGES = sorted((Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "portal").glob("*.html"))


def rate(work, seconds: float) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for page in BODIES:
            work(page)
        done += len(BODIES)
    return done / (time.perf_counter() - start)


BODIES = [p.read_bytes() for p in PAGES]
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
ours = rate(lambda body: extract(body, "https://bench.example/report.html"), seconds)
bare = rate(lambda body: lxml_html.document_fromstring(body), seconds)
print(f"pages: {len(PAGES)} portal fixtures, {sum(map(len, BODIES)) // len(BODIES)} bytes on average")
print(f"extract(): {ours:.0f} reports/s")
print(f"bare lxml parse: {bare:.0f} pages/s")
print(f"ratio: {bare / ours:.2f}x the bare parse's time")
