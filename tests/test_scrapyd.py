"""Scheduling: deploy the project to a real scrapyd on 127.0.0.1, schedule a crawl through its
HTTP API, and read the feed it writes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.portals import EXPECTED, served

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(base: str, endpoint: str, data: dict | list | bytes | None = None, **headers: str) -> dict:
    body = urllib.parse.urlencode(data).encode() if isinstance(data, (dict, list)) else data
    request = urllib.request.Request(f"{base}/{endpoint}", data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


@pytest.fixture
def scrapyd(tmp_path: Path):
    if not (BIN / "scrapyd").exists():
        reason = "scrapyd is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home}/eggs\n"
        f"logs_dir = {home}/logs\nitems_dir = {home}/items\ndbs_dir = {home}/dbs\n", "utf-8")
    daemon = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                api(base, "daemonstatus.json")
                break
            except OSError:
                time.sleep(0.1)
        else:
            daemon.terminate()
            pytest.fail(f"scrapyd did not start in 30 s: {daemon.communicate(timeout=30)[1].decode()[-2000:]}")
        yield base, home
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


def test_a_scrapyd_scheduled_crawl_writes_its_feed(scrapyd, tmp_path: Path) -> None:
    base, home = scrapyd
    egg = tmp_path / "gov_reports.egg"
    built = subprocess.run([str(BIN / "scrapyd-deploy"), f"--build-egg={egg}"], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    boundary = "gov-reports-egg"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"project\"\r\n\r\ngov_reports\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"egg\"; filename=\"p.egg\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    form += egg.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    added = api(base, "addversion.json", form, **{"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert added["status"] == "ok" and added["spiders"] >= 1, added

    with served(tmp_path) as (_, sites):
        settings = ["AUTOTHROTTLE_ENABLED=False", "RETRY_TIMES=1", "RETRY_BACKOFF_BASE=0.1", "DOWNLOAD_TIMEOUT=3",
                    f"STATE_DB={tmp_path / 'state.sqlite'}", f"ERRORS_FEED={tmp_path / 'errors.jsonl'}"]
        job = api(base, "schedule.json", [("project", "gov_reports"), ("spider", "gov_reports"),
                                          ("registry", str(sites)), *[("setting", s) for s in settings]])
        assert job["status"] == "ok", job
        for _ in range(600):
            jobs = api(base, "listjobs.json?project=gov_reports")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the scheduled crawl did not finish in 120 s")
    feed = home / "items" / "gov_reports" / "gov_reports" / f"{job['jobid']}.jl"
    log = home / "logs" / "gov_reports" / "gov_reports" / f"{job['jobid']}.log"
    assert feed.exists(), log.read_text("utf-8")[-3000:] if log.exists() else "no job log"
    records = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    assert len(records) == sum(len(docs) for docs in EXPECTED.values())
    assert "重庆市铜梁区公安局" in feed.read_text("utf-8")  # Chinese as itself, not \\u escapes
