"""Periodic crawls: the second run emits only the report added and the one changed in between."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipelines.state import ReportState
from tests.conftest import ROOT, record_validator
from tests.portals import EXPECTED, served
from tests.test_crawl import FAST


def run(sites: Path, state: Path, feed: Path, *args: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "gov_reports", "-a", f"registry={sites}", "-O", str(feed),
         "-s", f"STATE_DB={state}", "-s", f"ERRORS_FEED={feed.with_suffix('.errors')}", *FAST, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in feed.read_text("utf-8").splitlines()]


def test_second_crawl_emits_only_the_new_and_the_changed_report(tmp_path: Path) -> None:
    root = tmp_path / "portals"
    with served(tmp_path) as (server, sites):
        state = tmp_path / "state.sqlite"

        first = run(sites, state, tmp_path / "first.jsonl")
        assert len(first) == sum(len(docs) for docs in EXPECTED.values())
        assert {r["revision"] for r in first} == {1}

        changed = root / "trs_synthetic/zfxxgknb/202601/t20260116_1001.html"
        changed.write_text(changed.read_text("utf-8").replace("142.85", "142.95"), "utf-8")
        nb = root / "gbk_synthetic/xxgk/nb"
        listing = (nb / "list.htm").read_bytes()
        item = '<li><a href="content_8009.htm" title="铜梁区新局2025年政府信息公开工作年度报告">x</a></li>'
        (nb / "list.htm").write_bytes(listing.replace(b"<ul>", b"<ul>" + item.encode("gbk")))
        (nb / "content_8009.htm").write_bytes((nb / "content_8001.htm").read_bytes())

        second = run(sites, state, tmp_path / "second.jsonl")
        by_doc = {r["document_url"].removeprefix(server.base_url + "/"): r for r in second}
        assert set(by_doc) == {"trs_synthetic/zfxxgknb/202601/t20260116_1001.html",
                               "gbk_synthetic/xxgk/nb/content_8009.htm"}
        revised = by_doc["trs_synthetic/zfxxgknb/202601/t20260116_1001.html"]
        assert revised["revision"] == 2 and revised["tables"]["proactive"]["fees"]["amount_10k_yuan"] == 142.95
        old = next(r for r in first if r["id"] == revised["id"])
        assert revised["previous_sha256"] == old["sha256"] != revised["sha256"]
        assert by_doc["gbk_synthetic/xxgk/nb/content_8009.htm"]["revision"] == 1

        third = run(sites, state, tmp_path / "third.jsonl", "-s", "EMIT_UNCHANGED=True")
        assert len(third) == len(first) + 1
        assert {r["id"]: r["revision"] for r in third}[revised["id"]] == 2
        validator = record_validator()
        assert not [e.message for r in first + second + third for e in validator.iter_errors(r)]


def test_state_store_keeps_first_seen_and_last_changed() -> None:
    state = ReportState(":memory:")
    record = {"id": "a" * 16, "sha256": "1" * 64, "revision": 1, "url": "u", "document_url": "d", "fetched_at": "T1"}
    state.save(record)
    state.save({**record, "fetched_at": "T2"})  # emitted again unchanged (EMIT_UNCHANGED)
    state.save({**record, "sha256": "2" * 64, "revision": 2, "fetched_at": "T3"})
    assert state.db.execute("SELECT first_seen, last_changed FROM reports").fetchall() == [("T1", "T3")]
    assert state.last("a" * 16) == ("2" * 64, 2)
