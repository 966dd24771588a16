"""Cluster speed: the large generated portal crawled by 1 and by 2 cluster workers sharing a Redis.

    .venv/bin/python bench/cluster_speed.py [--lists 250] [--per-page 20]

The portal is bench/crawl_speed.py's (a TRS column of LISTS list pages, PER_PAGE seed reports each,
extraction on), served from a separate process; Redis is a throwaway redis-server. Each run starts
from an empty Redis and its workers run together until the crawl is over (every worker exited);
the figure is that wall time. The single-machine crawl (no Redis) runs too, as the baseline for
cluster mode's own cost. Politeness off as in crawl_speed (AutoThrottle off, 16 concurrent requests
per worker). Prints wall time, pages/min and each run's split of pages between its workers.
Traffic stays on 127.0.0.1; the machine has 2 cores, shared by the workers, the server and Redis.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_speed import build_portal, served_portal, stats_of  # noqa: E402
from tests.redisserver import RedisServer  # noqa: E402

SCRAPY = [sys.executable, "-m", "scrapy"]
PACE = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "-s", "LOG_LEVEL=INFO"]


def run(workers: int, root: Path, registry: Path, redis: RedisServer | None) -> tuple[float, list[int], int]:
    """Wall seconds until every worker exited, pages each fetched, records written."""
    runs = root / f"run-{workers}-{'redis' if redis else 'single'}"
    runs.mkdir()
    cluster = ["-s", f"REDIS_URL={redis.url}"] if redis else ["-s", f"STATE_DB={runs / 'state.sqlite'}"]
    if redis:
        redis.client().flushall()
    started = time.perf_counter()
    processes = [
        subprocess.Popen([*SCRAPY, "crawl", "gov_reports", "-a", f"registry={registry}", "-O", str(runs / f"{n}.jsonl"),
                          "-s", f"ERRORS_FEED={runs / f'{n}.errors.jsonl'}", "-s", f"LOG_FILE={runs / f'{n}.log'}",
                          *cluster, *PACE], cwd=ROOT)
        for n in range(workers)
    ]
    for process in processes:
        process.wait()
    wall = time.perf_counter() - started
    if any(p.returncode for p in processes):
        sys.exit(f"a worker failed: see {runs}")
    pages = [int(stats_of((runs / f"{n}.log").read_text("utf-8"))["pages"]) for n in range(workers)]
    records = sum(sum(1 for _ in (runs / f"{n}.jsonl").open(encoding="utf-8")) for n in range(workers))
    return wall, pages, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lists", type=int, default=250)
    parser.add_argument("--per-page", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as folder:
        root = Path(folder)
        pages = build_portal(root, args.lists, args.per_page)
        with served_portal(root) as registry, RedisServer(root / "redis") as redis:
            results = {"single machine, no Redis": run(1, root, registry, None),
                       "cluster, 1 worker": run(1, root, registry, redis),
                       "cluster, 2 workers": run(2, root, registry, redis)}
    print(f"generated portal: {pages} pages ({args.lists} list pages, {pages - args.lists} report pages)")
    one = results["cluster, 1 worker"][0]
    for label, (wall, split, records) in results.items():
        print(f"{label:26} {wall:6.1f} s wall  {sum(split) / wall * 60:7.0f} pages/min  {records} records  "
              f"pages per worker {split}  speed-up vs 1 worker {one / wall:.2f}x")


if __name__ == "__main__":
    main()
