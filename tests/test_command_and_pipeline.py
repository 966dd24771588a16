"""`scrapy extract` and the extraction pipeline, run for real: subprocesses, a server on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.mockserver import MockServer

SCRAPY = [sys.executable, "-m", "scrapy"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*SCRAPY, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def server():
    with MockServer(FIXTURES) as mock:
        yield mock


def test_extract_prints_one_line_per_input_and_reports_failures(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"garbage" * 100)
    seeds = [str(FIXTURES / "real" / n) for n in ("seed_000_tongliang_police_2025.txt",
                                                  "seed_004_quxian_police_2024.txt")]
    result = run("extract", seeds[0], str(broken), str(tmp_path / "missing.html"), seeds[1])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["agency"] for r in records] == ["重庆市铜梁区公安局", "渠县公安局"]
    assert result.returncode == 1
    assert f"extract: {broken}: " in result.stderr and "PDF" in result.stderr
    assert "missing.html: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_writes_a_file_and_takes_the_published_url(tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    result = run("extract", str(FIXTURES / "portal" / "trs_synthetic_tongliang_2025.html"), "-o", str(out),
                 "--url", "https://www.cqstl.gov.cn/report.html")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    record = json.loads(out.read_text("utf-8"))
    assert record["url"] == "https://www.cqstl.gov.cn/report.html"
    assert record["tables"]["requests"]["received"]["total"] == 15


def test_extract_fetches_urls(server: MockServer) -> None:
    result = run("extract", server.url("portal/hanweb_gb2312_synthetic_tongliang_2025.html"),
                 server.url("portal/nothing-here.html"), "-s", "ROBOTSTXT_OBEY=False")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1 and records[0]["year"] == 2025
    assert records[0]["url"].startswith("http://127.0.0.1:")
    assert "nothing-here.html" in result.stderr
    assert result.returncode == 1


def test_pipeline_turns_crawled_documents_into_records(server: MockServer, tmp_path: Path) -> None:
    urls = [server.url(f"portal/{n}") for n in ("trs_synthetic_tongliang_2025.html",
                                                 "pdf_synthetic_tongliang_2025.pdf",
                                                 "docx_synthetic_tongliang_2025.docx")]
    urls.append(server.url("real/pingtan_2014_letter_not_a_report.txt"))
    urls.append(server.url("bad/hongze_district_2023_truncated.pdf"))
    feed = tmp_path / "feed.jsonl"
    result = run("runspider", str(ROOT / "tests" / "spiders" / "fetch_documents.py"),
                 "-a", "urls=" + ",".join(urls), "-O", str(feed), "-s", "AUTOTHROTTLE_ENABLED=False",
                 "-s", "ROBOTSTXT_OBEY=False", "-s", "LOG_LEVEL=INFO", "-s", "ERRORS_FEED=",
                 "-s", "STATE_DB=")
    assert result.returncode == 0, result.stderr[-2000:]
    records = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    by_type = {r["document_type"]: r for r in records}
    assert set(by_type) == {"html", "pdf", "docx", "text"}
    for kind in ("html", "pdf", "docx"):
        assert by_type[kind]["tables"]["requests"]["total_processed"]["total"] == 16
        assert by_type[kind]["site"] == "fixtures"
        assert "body" not in by_type[kind]
    assert "'gov_reports/parsed_clean': 3" in result.stderr
    assert "'gov_reports/failed': 1" in result.stderr
    assert "unreadable report http://127.0.0.1" in result.stderr and "truncated" in result.stderr
