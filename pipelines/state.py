"""Incremental crawls: remember each report's content hash, emit only what is new or changed.

An embedded SQLite file (STATE_DB, default `output/state.sqlite`; empty turns it off) keyed by
report id. A new report is emitted with `revision: 1`; a report whose document changed is emitted
again with the next revision and `previous_sha256`; an unchanged one is counted and not emitted,
unless EMIT_UNCHANGED is set. The state is written once the feed has the record (item_scraped), so
a crawl killed mid-way never marks as emitted a report its feed does not hold.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawler.summary import count

SCHEMA = """CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, revision INTEGER NOT NULL,
    url TEXT, document_url TEXT, first_seen TEXT, last_changed TEXT)"""


class ReportState:
    """The SQLite store: what was emitted for each report id."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path))
        # WAL + NORMAL: a commit survives a killed process (it is in the OS's cache, like the feed
        # lines), without an fsync per record; only a power cut can lose the last ones.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(SCHEMA)

    def last(self, report_id: str) -> tuple[str, int] | None:
        """(sha256, revision) last emitted for the report, or None for a report never seen."""
        return self.db.execute("SELECT sha256, revision FROM reports WHERE id = ?", (report_id,)).fetchone()

    def save(self, record: dict) -> None:
        self.db.execute(
            """INSERT INTO reports VALUES (:id, :sha256, :revision, :url, :document_url, :fetched_at, :fetched_at)
               ON CONFLICT(id) DO UPDATE SET
               last_changed = CASE WHEN sha256 = :sha256 THEN last_changed ELSE :fetched_at END,
               sha256 = :sha256, revision = :revision, url = :url, document_url = :document_url""",
            {k: record.get(k) for k in ("id", "sha256", "revision", "url", "document_url", "fetched_at")},
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()


class StatePipeline:
    """Marks records new (revision 1) or changed (revision n + 1), and drops the unchanged ones."""

    def __init__(self, crawler: Crawler, state: ReportState, emit_unchanged: bool) -> None:
        self.crawler, self.state, self.emit_unchanged = crawler, state, emit_unchanged

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        path = crawler.settings.get("STATE_DB")
        if not path:
            raise NotConfigured
        pipeline = cls(crawler, ReportState(path), crawler.settings.getbool("EMIT_UNCHANGED"))
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.state.close, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item):  # noqa: ANN001, ANN201 - records are dicts; anything else passes
        if not isinstance(item, dict) or "sha256" not in item:
            return item
        last = self.state.last(item["id"])
        if last is None:
            item["revision"] = 1
            count(self.crawler.stats, item.get("site"), "new")
        elif last[0] == item["sha256"]:
            count(self.crawler.stats, item.get("site"), "unchanged")
            if not self.emit_unchanged:
                raise DropItem(f"unchanged since revision {last[1]}: {item['document_url']}", log_level="DEBUG")
            item["revision"] = last[1]
        else:
            item["revision"], item["previous_sha256"] = last[1] + 1, last[0]
            count(self.crawler.stats, item.get("site"), "revised")
        return item

    def item_scraped(self, item) -> None:  # noqa: ANN001
        if isinstance(item, dict) and "revision" in item:
            self.state.save(item)
