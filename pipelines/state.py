"""Incremental crawls: remember each report's content hash, emit only what is new or changed.

An embedded SQLite file (STATE_DB, default `output/state.sqlite`; empty turns it off) keyed by
report id; in cluster mode (REDIS_URL set), one Redis hash that all the workers share. A new
report is emitted with `revision: 1`; a report whose document changed is emitted again with the
next revision and `previous_sha256`; an unchanged one is counted and not emitted, unless
EMIT_UNCHANGED is set. The state is written once the feed has the record (item_scraped), so
a crawl killed mid-way never marks as emitted a report its feed does not hold.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from redis import Redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.settings import BaseSettings
from scrapy_redis.connection import get_redis_from_settings

from crawler.cluster import Keys, enabled
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


# One round trip, atomic: keep first_seen, and last_changed unless the document changed.
MERGE = """
local entry = cjson.decode(ARGV[2])
local before = redis.call('HGET', KEYS[1], ARGV[1])
if before then
  before = cjson.decode(before)
  entry.first_seen = before.first_seen
  if before.sha256 == entry.sha256 then entry.last_changed = before.last_changed end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
"""


class RedisReportState:
    """The same store for a cluster: one Redis hash, report id -> JSON, shared by every worker.
    The duplicate filter gives each report page to one worker, so no two write one id at once."""

    def __init__(self, server: Redis, key: str) -> None:
        self.server, self.key = server, key
        self.merge = server.register_script(MERGE)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RedisReportState:
        return cls(get_redis_from_settings(settings), Keys(settings.get("REDIS_KEY_PREFIX")).reports)

    def last(self, report_id: str) -> tuple[str, int] | None:
        raw = self.server.hget(self.key, report_id)
        if raw is None:
            return None
        entry = json.loads(raw)
        return entry["sha256"], entry["revision"]

    def save(self, record: dict) -> None:
        entry = {k: record.get(k) for k in ("sha256", "revision", "url", "document_url")}
        entry["first_seen"] = entry["last_changed"] = record.get("fetched_at")
        self.merge(keys=[self.key], args=[record["id"], json.dumps(entry, ensure_ascii=False)])

    def close(self) -> None:
        self.server.close()


def open_state(settings: BaseSettings) -> ReportState | RedisReportState | None:
    """The store the settings ask for: Redis in cluster mode, else STATE_DB, else none."""
    if enabled(settings):
        return RedisReportState.from_settings(settings)
    path = settings.get("STATE_DB")
    return ReportState(path) if path else None


class StatePipeline:
    """Marks records new (revision 1) or changed (revision n + 1), and drops the unchanged ones."""

    def __init__(self, crawler: Crawler, state: ReportState | RedisReportState, emit_unchanged: bool) -> None:
        self.crawler, self.state, self.emit_unchanged = crawler, state, emit_unchanged

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        state = open_state(crawler.settings)
        if state is None:
            raise NotConfigured
        pipeline = cls(crawler, state, crawler.settings.getbool("EMIT_UNCHANGED"))
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
