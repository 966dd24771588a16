"""`scrapy crawl gov_reports`, run for real against the fixture portals on 127.0.0.1."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, record_validator
from tests.portals import EXPECTED, EXPECTED_FAILURES, served

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1", "-s", "RETRY_BACKOFF_BASE=0.1",
        "-s", "DOWNLOAD_TIMEOUT=3"]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory):
    with served(tmp_path_factory.mktemp("crawl")) as (server, sites):
        yield server, sites


def crawl(sites: Path, out: Path, *args: str) -> tuple[list[dict], str]:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "gov_reports", "-a", f"registry={sites}", "-O", str(out),
         "-s", f"ERRORS_FEED={out.with_suffix('.errors.jsonl')}", "-s", "STATE_DB=", *FAST, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()], result.stderr


def found(records: list[dict], base: str) -> dict[str, set[str]]:
    by_site: dict[str, set[str]] = {}
    for record in records:
        by_site.setdefault(record["site"], set()).add(record["document_url"].removeprefix(base + "/"))
    return by_site


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feeds")


@pytest.fixture(scope="module")
def full_crawl(portal, feeds: Path) -> tuple[list[dict], str, str]:
    server, sites = portal
    records, log = crawl(sites, feeds / "reports.jsonl", "-O", f"{feeds / 'cells.csv'}:cells",
                         "-s", f"ERRORS_FEED={feeds / 'errors.jsonl'}")
    return records, log, server.base_url


def test_finds_exactly_the_reports_of_every_portal(full_crawl) -> None:
    records, _, base = full_crawl
    expected = {site: docs for site, docs in EXPECTED.items() if docs}
    assert found(records, base) == expected
    assert len(records) == sum(len(docs) for docs in EXPECTED.values())  # none twice


def test_records_are_the_documents_read_right(full_crawl) -> None:
    records, _, base = full_crawl
    by_doc = {r["document_url"].removeprefix(base + "/"): r for r in records}
    for doc, record in by_doc.items():
        assert record["schema"] == "gov-report/1" and record["id"]
        if record["year"] == 2025:  # the seed, served as page, GB2312 page, div tables, DOCX and PDF
            assert record["title"] == "重庆市铜梁区公安局2025年政府信息公开工作年度报告", doc
            assert record["tables"]["requests"]["received"]["total"] == 15, doc
            assert all(check["ok"] for check in record["checks"]), doc
    hongze = by_doc["trs_synthetic/zfxxgknb/202401/P020240125389284828373.pdf"]
    assert hongze["url"] == base + "/trs_synthetic/zfxxgknb/202401/t20240125_1002.html"  # the page it was found on
    assert hongze["document_type"] == "pdf" and hongze["year"] == 2023
    vsb_docx = by_doc["vsb_synthetic/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=7001"]
    assert vsb_docx["document_type"] == "docx"
    assert by_doc["trs_synthetic/zfxxgknb/201204/t20120401_1007.html"]["format"] == "legacy"
    assert by_doc["trs_synthetic/zfxxgknb/202001/t20200120_1006.html"]["format"] == "2019"


def test_every_record_follows_the_json_schema(full_crawl) -> None:
    records, _, _ = full_crawl
    validator = record_validator()
    formats = {r["format"] for r in records}
    assert formats == {"2021", "2019", "legacy"}
    for record in records:
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, (record["document_url"], errors[:5])


def test_errors_feed_holds_every_failure_with_its_url(full_crawl, feeds: Path) -> None:
    _, _, base = full_crawl
    errors = [json.loads(line) for line in (feeds / "errors.jsonl").read_text("utf-8").splitlines()]
    by_reason = {(e["site"], e["stage"], e["reason"].split(" (")[0]): e["url"].removeprefix(base + "/") for e in errors}
    assert by_reason == {
        ("trs-synthetic", "report", "HTTP 404"): "trs_synthetic/zfxxgknb/202501/t20250120_1005.html",
        ("trs-synthetic", "report", "HTTP 500"): "status/500/trs_synthetic/t1011.html",
        ("trs-synthetic", "report", "Forbidden by robots.txt"): "trs_synthetic/private/t20250101_1014.html",
        ("gbk-synthetic", "report", "timeout"): "slow/5/gbk_synthetic/content_8004.htm",
        ("vsb-synthetic", "extract", "PDF is broken or truncated"):
            "vsb_synthetic/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=7002",
        ("blocked-synthetic", "list", "blocked: HTTP 412: 瑞数 JS challenge"): "blocked_synthetic/zfxxgknb/",
    }
    assert all(e["at"].endswith("Z") for e in errors)


def test_long_csv_has_one_row_per_table_cell(full_crawl, feeds: Path) -> None:
    records, _, _ = full_crawl
    with (feeds / "cells.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["id", "agency", "year", "table", "row", "column", "value"]
    tables = [table for r in records for table in (r["tables"] or {}).values() if table]
    expected = sum(len(cells or {}) for table in tables for cells in table.values())
    assert len(rows) == expected
    trs_page = next(r for r in records if r["document_url"].endswith("t20260116_1001.html"))
    cell = {(c["table"], c["row"], c["column"]): c["value"] for c in rows if c["id"] == trs_page["id"]}
    assert cell[("requests", "received", "total")] == "15"
    assert cell[("proactive", "fees", "amount_10k_yuan")] == "142.85"
    assert len(cell) == 7 * 26 + 10 + 15 - 7  # table 三 (the 2021 generation has no one-row 其他处理), 二, 四


def test_failures_and_blocks_are_counted_with_reasons(full_crawl) -> None:
    _, log, _ = full_crawl
    for site, reasons in EXPECTED_FAILURES.items():
        for reason in reasons:
            assert f"'site/{site}/failed/{reason}': 1" in log
    assert "'site/trs-synthetic/failed': 3" in log
    assert "'site/blocked-synthetic/blocked': 1" in log
    assert "blocked at" in log and "瑞数 JS challenge" in log
    assert "'site/hanweb-synthetic/failed'" not in log
    assert "'site/trs-synthetic/offsite_links': 1" in log  # a report on another domain is not fetched
    assert "www.example.gov.cn" not in log.replace("offsite_links", "")


def test_summary_table_at_the_end(full_crawl) -> None:
    _, log, _ = full_crawl
    summary = log[log.index("crawl finished (finished): 5 site(s)"):]
    rows = {line.split()[0]: line.split()[1:7] for line in summary.splitlines()[2:] if line and not line[0].isspace()}
    #                   list pages, reports found, clean, warnings, failed, blocked
    assert rows["trs-synthetic"] == ["4", "6", "6", "0", "3", "0"]
    assert rows["hanweb-synthetic"] == ["3", "4", "4", "0", "0", "0"]
    assert rows["vsb-synthetic"] == ["3", "4", "3", "0", "1", "0"]  # found 4, one unreadable
    assert rows["gbk-synthetic"] == ["3", "3", "3", "0", "1", "0"]
    assert rows["blocked-synthetic"] == ["0", "0", "0", "0", "0", "1"]
    assert "1 x report: HTTP 500" in summary and "no reports: column moved, blocked" in summary


def test_site_and_year_selection(portal, tmp_path: Path) -> None:
    server, sites = portal
    records, _ = crawl(sites, tmp_path / "r.jsonl", "-a", "site=trs-synthetic,hanweb-synthetic", "-a", "year=2023")
    assert found(records, server.base_url) == {
        "trs-synthetic": {"trs_synthetic/zfxxgknb/202401/P020240125389284828373.pdf"},
        "hanweb-synthetic": {"hanweb_synthetic/module/download/downfile.jsp?classid=0&filename=2401291234567.pdf"},
    }
    records, _ = crawl(sites, tmp_path / "s.jsonl", "-a", "site=trs-synthetic", "-a", "since=2025")
    assert {r["year"] for r in records} == {2025} and len(records) == 3


def test_an_adhoc_start_url(portal, tmp_path: Path) -> None:
    server, sites = portal
    records, log = crawl(sites, tmp_path / "r.jsonl", "-a", f"url={server.url('vsb_synthetic/xxgk/ndbg.htm')}")
    assert found(records, server.base_url) == {"127.0.0.1": EXPECTED["vsb-synthetic"]}


def test_bad_arguments_end_with_a_usage_error(portal) -> None:
    _, sites = portal
    for args, message in ((["-a", "site=nope"], "unknown site key(s): nope"),
                          (["-a", "year=twenty"], "-a year needs a year")):
        result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "gov_reports", "-a", f"registry={sites}",
                                 *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_without_feed_options_the_default_feed_is_written(portal, tmp_path: Path) -> None:
    _, sites = portal
    default = json.dumps({str(tmp_path / "reports-%(time)s.jsonl"): {"format": "jsonlines"}})
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "gov_reports", "-a", f"registry={sites}", "-a", "site=gbk-synthetic",
         "-s", f"DEFAULT_FEEDS={default}", "-s", f"ERRORS_FEED={tmp_path / 'errors.jsonl'}",
         "-s", f"STATE_DB={tmp_path / 'state.sqlite'}", *FAST],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [feed] = tmp_path.glob("reports-*.jsonl")
    assert len(feed.read_text("utf-8").splitlines()) == 3
