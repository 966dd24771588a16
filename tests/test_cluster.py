"""Cluster mode: real `scrapy crawl gov_reports` workers sharing one real redis-server on 127.0.0.1
crawl the fixture portals together. The union of their feeds is exactly the report set, each
once; both do work; no page is fetched twice; a worker killed mid-way loses nothing; and the
next crawl of the cluster is incremental."""

from __future__ import annotations

import json
import pickle
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from scrapy.utils.request import RequestFingerprinter

from crawler.cluster import Keys
from crawler.fingerprints import FolderFormFingerprinter
from crawler.spiders.gov_reports import GovReportsSpider
from pipelines.state import RedisReportState, ReportState
from tests.conftest import ROOT, record_validator
from tests.portals import EXPECTED, served
from tests.redisserver import RedisServer, in_ci, missing_reason

# Paced so that two workers both get work; no retries, so a page fetched twice is a real duplicate.
PACE = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=3",
        "-s", "DOWNLOAD_DELAY=0.1", "-s", "DOWNLOAD_DELAY_JITTER=0", "-s", "CONCURRENT_REQUESTS=2",
        "-s", "REDIS_WORKER_TIMEOUT=2"]
KEYS = Keys("gov_reports")
REPORTS = sum(len(docs) for docs in EXPECTED.values())


def redis_or_skip(folder: Path) -> RedisServer:
    reason = missing_reason()
    if reason and in_ci():
        pytest.fail(f"{reason}: CI must install it (.ci/run)")
    if reason:
        pytest.skip(reason)
    return RedisServer(folder)


@pytest.fixture
def redis(tmp_path: Path):
    with redis_or_skip(tmp_path / "redis") as server:
        yield server


def worker(sites: Path, out: Path, redis_url: str, *args: str) -> subprocess.Popen:
    """A worker process writing its own feed (out), errors feed and log (a file: a pipe nobody
    reads would block the worker while it holds requests, and the others would wait for it)."""
    command = [sys.executable, "-m", "scrapy", "crawl", "gov_reports", "-a", f"registry={sites}", "-o", str(out),
               "-s", f"REDIS_URL={redis_url}", "-s", f"ERRORS_FEED={out.with_suffix('.errors.jsonl')}",
               "-s", f"LOG_FILE={out.with_suffix('.log')}", *PACE, *args]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    process.log = out.with_suffix(".log")
    return process


def finish(process: subprocess.Popen) -> str:
    try:
        process.wait(timeout=300)
    except subprocess.TimeoutExpired:
        process.kill()  # no worker outlives its test
        process.wait()
    log = process.log.read_text("utf-8")
    assert process.returncode == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert "DeprecationWarning" not in log, log[log.index("DeprecationWarning") - 300:][:600]  # the adapter is current
    return log


def stop(processes: list[subprocess.Popen]) -> None:
    """Kill what is still running (a failed test must not leave workers behind)."""
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def records(path: Path) -> list[dict]:
    """The feed's complete lines (a killed worker may have been half-way through the next one)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines(keepends=True) if line.endswith("\n")]


def documents(feeds: list[list[dict]], base: str) -> list[str]:
    return sorted(r["document_url"].removeprefix(base + "/") for feed in feeds for r in feed)


def expected_documents() -> list[str]:
    return sorted(doc for docs in EXPECTED.values() for doc in docs)


def stat(log: str, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def fetched_twice(requests: list[tuple[str, str, bytes]]) -> list[tuple[str, str, bytes]]:
    pages = [r for r in requests if not r[1].endswith("/robots.txt")]  # each worker reads robots.txt itself
    return sorted({r for r in pages if pages.count(r) > 1})


# -- two workers, one crawl ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster_crawl(tmp_path_factory: pytest.TempPathFactory):
    """Two workers started together on the fixture portals, then (the next periodic run) one more."""
    tmp = tmp_path_factory.mktemp("cluster")
    with redis_or_skip(tmp / "redis") as redis, served(tmp) as (server, sites):
        pair = [worker(sites, tmp / f"worker-{n}.jsonl", redis.url) for n in (1, 2)]
        try:
            logs = [finish(p) for p in pair]
        finally:
            stop(pair)
        requests = list(server.requests)
        keys_after = sorted(k.decode() for k in redis.client().keys("*"))
        state = redis.client().hlen(KEYS.reports)
        rerun_log = finish(worker(sites, tmp / "next-run.jsonl", redis.url))
        yield {"feeds": [records(tmp / f"worker-{n}.jsonl") for n in (1, 2)], "logs": logs, "requests": requests,
               "keys_after": keys_after, "state": state, "base": server.base_url,
               "next_run": records(tmp / "next-run.jsonl"), "next_run_log": rerun_log}


def test_union_of_the_feeds_is_the_report_set_each_once(cluster_crawl) -> None:
    assert documents(cluster_crawl["feeds"], cluster_crawl["base"]) == expected_documents()
    validator = record_validator()
    for record in (r for feed in cluster_crawl["feeds"] for r in feed):
        assert not list(validator.iter_errors(record)), record["document_url"]
        assert record["revision"] == 1


def test_both_workers_did_work(cluster_crawl) -> None:
    for feed, log in zip(cluster_crawl["feeds"], cluster_crawl["logs"], strict=True):
        assert feed, "a worker emitted nothing"
        assert stat(log, "scheduler/dequeued/redis") > 0
        assert "the crawl is complete" in log


def test_no_page_is_fetched_twice(cluster_crawl) -> None:
    assert fetched_twice(cluster_crawl["requests"]) == []


def test_redis_keeps_only_the_seen_reports_when_the_crawl_is_over(cluster_crawl) -> None:
    """Queue, in-flight lists, worker registrations and the duplicate filter are gone; the
    seen-reports state stays, for the next crawl."""
    assert cluster_crawl["keys_after"] == [KEYS.reports]
    assert cluster_crawl["state"] == REPORTS


def test_the_next_cluster_crawl_fetches_again_and_emits_only_what_changed(cluster_crawl) -> None:
    log = cluster_crawl["next_run_log"]
    assert stat(log, "gov_reports/list_pages") > 0  # the duplicate filter was cleared
    assert stat(log, "gov_reports/unchanged") == REPORTS  # the shared state remembered every report
    assert cluster_crawl["next_run"] == []


# -- a worker killed mid-way ---------------------------------------------------------------------

def test_a_killed_worker_loses_nothing(redis: RedisServer, tmp_path: Path) -> None:
    with served(tmp_path) as (server, sites):
        doomed = worker(sites, tmp_path / "doomed.jsonl", redis.url)
        survivor = worker(sites, tmp_path / "survivor.jsonl", redis.url)
        try:
            in_flight = KEYS.in_flight(f"{socket.gethostname()}-{doomed.pid}")
            client = redis.client()
            deadline = time.monotonic() + 120
            while not (records(tmp_path / "doomed.jsonl") and client.llen(in_flight)):
                assert time.monotonic() < deadline and doomed.poll() is None, "the worker to kill never got going"
                time.sleep(0.02)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait()
            killed_at = len(server.requests)
            held = [pickle.loads(data)["url"] for data in client.lrange(in_flight, 0, -1)]
            log = finish(survivor)
        finally:
            stop([doomed, survivor])
        refetched = {path for _, path, _ in server.requests[killed_at:]}

    assert held, "the killed worker held no request"
    assert stat(log, "cluster/reclaimed") == len(held)
    # picked up by the survivor: fetched again, or refused (robots.txt) and in its errors feed
    refused = {error["url"] for error in records(tmp_path / "survivor.errors.jsonl")}
    assert {url for url in held if url not in refused} <= {server.base_url + path for path in refetched}
    feeds = [records(tmp_path / "doomed.jsonl"), records(tmp_path / "survivor.jsonl")]
    assert feeds[0] and feeds[1]
    assert documents(feeds, server.base_url) == expected_documents()  # nothing lost, nothing twice


# -- the switch and its parts --------------------------------------------------------------------

def spider_settings(**overrides: str) -> Settings:
    settings = get_project_settings().copy()
    settings.setdict(overrides, priority="cmdline")
    GovReportsSpider.update_settings(settings)
    return settings


def test_single_machine_by_default() -> None:
    settings = spider_settings()
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy.dupefilters.RFPDupeFilter"


def test_redis_url_switches_to_the_cluster_and_command_line_settings_still_win() -> None:
    settings = spider_settings(REDIS_URL="redis://127.0.0.1:1/0", SCHEDULER_QUEUE_KEY="mine:requests")
    assert settings["SCHEDULER"] == "crawler.cluster.ClusterScheduler"
    assert settings["DUPEFILTER_CLASS"] == "crawler.cluster.ClusterDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert settings["SCHEDULER_QUEUE_KEY"] == "mine:requests"
    tag = f"{socket.gethostname()}-"
    assert all(tag in uri for uri in settings.getdict("FEEDS"))  # workers on one machine: one file each
    assert tag in settings["ERRORS_FEED"]


def refused_worker(tmp_path: Path, redis_url: str, *args: str) -> subprocess.CompletedProcess:
    """A worker that must stop before crawling: exit 1, one line on stderr, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "gov_reports", "-a", "url=http://127.0.0.1:9/nb/", *args,
         "-s", f"REDIS_URL={redis_url}", "-O", str(tmp_path / "feed.jsonl"),
         "-s", f"ERRORS_FEED={tmp_path / 'e.jsonl'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    return result


def test_an_unreachable_redis_ends_with_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{closed.getsockname()[1]}/0"
    result = refused_worker(tmp_path, url)
    assert f"scrapy: error: cannot reach Redis at {url}" in result.stderr


def test_a_worker_with_another_selection_is_refused(redis: RedisServer, tmp_path: Path) -> None:
    """It would take the running crawl's requests and drop those outside its own sites."""
    redis.client().set(KEYS.selection, "2 site(s) [registry entries 0123456789ab], year=any, since=any")
    result = refused_worker(tmp_path, redis.url, "-a", "year=2024")
    assert "scrapy: error: the crawl running in Redis (gov_reports) selected 2 site(s)" in result.stderr
    assert "this worker 1 site(s)" in result.stderr and "year=2024" in result.stderr
    assert redis.client().llen(KEYS.requests) == 0  # it queued nothing


def test_a_list_page_and_its_index_html_are_one_page() -> None:
    fingerprint = FolderFormFingerprinter().fingerprint
    assert fingerprint(Request("http://a.gov.cn/col/")) == fingerprint(Request("http://a.gov.cn/col/index.html"))
    assert fingerprint(Request("http://a.gov.cn/col/")) != fingerprint(Request("http://a.gov.cn/col/index_1.html"))
    plain = RequestFingerprinter().fingerprint(Request("http://a.gov.cn/col/t1.html"))
    assert fingerprint(Request("http://a.gov.cn/col/t1.html")) == plain


@pytest.mark.parametrize("store", ["sqlite", "redis"])
def test_both_state_stores_keep_revisions_alike(store: str, tmp_path: Path) -> None:
    def record(sha: str, revision: int, at: str) -> dict:
        return {"id": "r1", "sha256": sha, "revision": revision, "url": "u", "document_url": "d", "fetched_at": at}

    def check(state: ReportState | RedisReportState) -> None:
        assert state.last("r1") is None
        state.save(record("a", 1, "2026-01-01"))
        state.save(record("a", 1, "2026-02-01"))
        assert state.last("r1") == ("a", 1)
        state.save(record("b", 2, "2026-03-01"))
        assert state.last("r1") == ("b", 2)

    if store == "sqlite":
        state = ReportState(tmp_path / "state.sqlite")
        check(state)
        row = state.db.execute("SELECT first_seen, last_changed FROM reports").fetchone()
        assert row == ("2026-01-01", "2026-03-01")
        return
    with redis_or_skip(tmp_path / "redis") as redis:
        state = RedisReportState(redis.client(), KEYS.reports)
        check(state)
        entry = json.loads(redis.client().hget(KEYS.reports, "r1"))
        assert (entry["first_seen"], entry["last_changed"]) == ("2026-01-01", "2026-03-01")
