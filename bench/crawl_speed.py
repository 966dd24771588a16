"""Crawl speed: `scrapy crawl gov_reports` over a generated portal on 127.0.0.1, against `scrapy bench`.

    .venv/bin/python bench/crawl_speed.py [--lists 250] [--per-page 20]

Generates a TRS-style column of LISTS list pages (createPageHTML pager), each listing PER_PAGE
reports (the seed as a TRS page, 16 KB, extraction on), serves it from a separate process, crawls
it with politeness off (AutoThrottle off, robots.txt on, 16 concurrent requests), then runs
`scrapy bench` (its own server, Scrapy's defaults) in the same run. Prints both pages/min, their
ratio (target >= 0.8) and the crawl's peak memory. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "fixtures" / "portal" / "trs_synthetic_tongliang_2025.html"
SCRAPY = [sys.executable, "-m", "scrapy"]


def build_portal(root: Path, lists: int, per_page: int) -> int:
    """Write the column; return how many pages a crawl fetches (lists + reports)."""
    column = root / "bench_synthetic" / "ndbg"
    (column / "reports").mkdir(parents=True)
    for page in range(lists):
        items = []
        for n in range(per_page):
            number = page * per_page + n
            name = f"t2026011{number % 10}_{number}.html"
            os.link(REPORT, column / "reports" / name)  # one file, many names: the disk stays small
            items.append(f'<li><a href="./reports/{name}" title="铜梁区第{number}局2025年政府信息公开工作年度报告">'
                         f"铜梁区第{number}局2025年政府信息公开工作年度报告</a><span>2026-01-16</span></li>")
        html = (f'<html><head><meta charset="utf-8"><title>年报</title></head><body><ul>{"".join(items)}</ul>'
                f'<script>createPageHTML({lists}, {page}, "index", "html");</script></body></html>')
        (column / ("index.html" if page == 0 else f"index_{page}.html")).write_text(html, "utf-8")
    return lists * (per_page + 1)


@contextmanager
def served_portal(root: Path) -> Iterator[Path]:
    """Serve root from a separate process (not the crawl's); give a registry naming its column."""
    server = subprocess.Popen([sys.executable, "-m", "tests.mockserver", str(root)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        base = server.stdout.readline().strip()
        registry = root / "sites.toml"
        registry.write_text(f'[[site]]\nkey = "bench-synthetic"\nagency = "bench"\n'
                            f'start_urls = ["{base}/bench_synthetic/ndbg/"]\n', "utf-8")
        yield registry
    finally:
        server.terminate()
        server.wait()


def crawl(root: Path, feed: Path) -> dict:
    with served_portal(root) as registry:
        result = subprocess.run(
            [*SCRAPY, "crawl", "gov_reports", "-a", f"registry={registry}", "-O", str(feed),
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO",
             "-s", "MEMUSAGE_CHECK_INTERVAL_SECONDS=1", "-s", f"STATE_DB={root / 'state.sqlite'}",
             "-s", f"ERRORS_FEED={root / 'errors.jsonl'}"],
            cwd=ROOT, capture_output=True, text=True,
        )
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return stats_of(result.stderr)


def scrapy_bench() -> dict:
    """`scrapy bench` outside the project, so it runs with Scrapy's own defaults."""
    with tempfile.TemporaryDirectory() as elsewhere:
        result = subprocess.run([*SCRAPY, "bench"], cwd=elsewhere, capture_output=True, text=True)
    return stats_of(result.stderr)


def stats_of(log: str) -> dict:
    dump = log[log.rindex("Dumping Scrapy stats:"):]
    pick = {
        "pages": r"'response_received_count': (\d+)",
        "seconds": r"'elapsed_time_seconds': ([\d.]+)",
        "items": r"'item_scraped_count': (\d+)",
        "memory": r"'memusage/max': (\d+)",
    }
    found = {k: re.search(p, dump) for k, p in pick.items()}
    return {k: float(m.group(1)) if m else 0.0 for k, m in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lists", type=int, default=250)
    parser.add_argument("--per-page", type=int, default=20)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    try:
        pages = build_portal(root, args.lists, args.per_page)
        ours = crawl(root, root / "feed.jsonl")
        records = sum(1 for _ in (root / "feed.jsonl").open(encoding="utf-8"))
        first = json.loads((root / "feed.jsonl").open(encoding="utf-8").readline())
        peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # before scrapy bench runs
    finally:
        shutil.rmtree(root, ignore_errors=True)
    bench = scrapy_bench()
    ours_rate = ours["pages"] / ours["seconds"] * 60
    bench_rate = bench["pages"] / bench["seconds"] * 60
    print(f"generated portal: {pages} pages ({args.lists} list pages, {pages - args.lists} report pages)")
    print(f"gov_reports:  {ours['pages']:.0f} pages in {ours['seconds']:.1f} s = {ours_rate:.0f} pages/min, "
          f"{records} records (first: {first['title']}, {first['tables']['requests']['received']['total']} received)")
    print(f"scrapy bench: {bench['pages']:.0f} pages in {bench['seconds']:.1f} s = {bench_rate:.0f} pages/min")
    print(f"ratio: {ours_rate / bench_rate:.2f} (target >= 0.8)")
    print(f"peak memory of the crawl: {peak_rss:.0f} MB max RSS (Scrapy memusage/max: {ours['memory'] / 2**20:.0f} MB)")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"(benchmark ran {time.perf_counter() - t0:.0f} s)")
