"""Stop and resume with JOBDIR: a crawl stopped by Ctrl-C or killed with SIGKILL, then resumed,
loses no report and emits none twice (the union of its feeds holds each exactly once)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.portals import EXPECTED, served

SLOW = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1", "-s", "RETRY_BACKOFF_BASE=0.1",
        "-s", "DOWNLOAD_TIMEOUT=3", "-s", "DOWNLOAD_DELAY=0.1", "-s", "DOWNLOAD_DELAY_JITTER=0",
        "-s", "CONCURRENT_REQUESTS=1"]


@pytest.fixture
def portal(tmp_path: Path):
    with served(tmp_path) as (server, sites):
        yield server, sites


def command(sites: Path, tmp: Path, feed: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "gov_reports", "-a", f"registry={sites}",
            "-o", str(tmp / feed), "-s", f"JOBDIR={tmp / 'job'}", "-s", f"STATE_DB={tmp / 'state.sqlite'}",
            "-s", f"ERRORS_FEED={tmp / 'errors.jsonl'}", *SLOW]


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def complete_lines(path: Path) -> int:
    """Lines written so far; the crawl may be half-way through writing the next one."""
    return path.read_bytes().count(b"\n") if path.exists() else 0


def stop_midway(sites: Path, tmp: Path, how: signal.Signals) -> None:
    crawl = subprocess.Popen(command(sites, tmp, "first.jsonl"), cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while complete_lines(tmp / "first.jsonl") < 4 and time.monotonic() < deadline and crawl.poll() is None:
        time.sleep(0.05)
    crawl.send_signal(how)
    _, log = crawl.communicate(timeout=120)
    assert 4 <= len(records(tmp / "first.jsonl")) < sum(len(d) for d in EXPECTED.values()), log[-2000:]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl-C"])
def test_a_stopped_crawl_resumes_and_loses_nothing(portal, tmp_path: Path, how: signal.Signals) -> None:
    server, sites = portal
    stop_midway(sites, tmp_path, how)
    resumed = subprocess.run(command(sites, tmp_path, "second.jsonl"), cwd=ROOT, capture_output=True, text=True,
                             timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert ("the last crawl was killed" in resumed.stderr) == (how == signal.SIGKILL)
    union = records(tmp_path / "first.jsonl") + records(tmp_path / "second.jsonl")
    found = sorted(r["document_url"].removeprefix(server.base_url + "/") for r in union)
    assert found == sorted(doc for docs in EXPECTED.values() for doc in docs)  # each exactly once


def test_the_next_periodic_run_with_the_same_jobdir_reads_the_portals_again(portal, tmp_path: Path) -> None:
    _, sites = portal
    for feed in ("first.jsonl", "second.jsonl"):
        run = subprocess.run(command(sites, tmp_path, feed), cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-3000:]
        assert "'gov_reports/list_pages': 13" in run.stderr
    assert len(records(tmp_path / "first.jsonl")) == sum(len(d) for d in EXPECTED.values())
    assert records(tmp_path / "second.jsonl") == []  # nothing new, nothing changed
