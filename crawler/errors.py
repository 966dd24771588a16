"""Failures as data: every failed page, unreadable document and block, written to an errors feed.

The spider and the pipelines `emit()` a CrawlError; the ErrorsFeed extension writes one JSON line
per error to ERRORS_FEED (default `output/errors-%(time)s.jsonl`; empty to turn it off). It is
its own file, not an item, so `-O reports.jsonl` holds records only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.summary import count_failure
from pipelines.report import utc_timestamp

crawl_error = object()  # signal, sent with error=CrawlError


@dataclass(frozen=True)
class CrawlError:
    url: str
    site: str | None
    stage: str  # list, report, attachment, extract
    reason: str
    at: str = field(default_factory=utc_timestamp)


def emit(crawler: Crawler, error: CrawlError) -> None:
    crawler.signals.send_catch_log(crawl_error, error=error)


def fail(crawler: Crawler, error: CrawlError, grouped_reason: str | None = None) -> None:
    """A failure: counted for the summary (under grouped_reason, if the full reason is too
    particular to group by) and written to the errors feed with its full reason."""
    count_failure(crawler.stats, error.site, error.stage, grouped_reason or error.reason)
    emit(crawler, error)


class ErrorsFeed:
    def __init__(self, path: str) -> None:
        self.path_template = path
        self.file: IO[str] | None = None
        self.path: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ErrorsFeed:
        path = crawler.settings.get("ERRORS_FEED")
        if not path:
            raise NotConfigured
        feed = cls(path)
        crawler.signals.connect(feed.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(feed.write, signal=crawl_error)
        crawler.signals.connect(feed.spider_closed, signal=signals.spider_closed)
        return feed

    def spider_opened(self, spider: Spider) -> None:
        stamp = datetime.now(UTC).isoformat(timespec="seconds").replace(":", "-")
        self.path = Path(self.path_template % {"time": stamp, "name": spider.name})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = self.path.open("a", encoding="utf-8")

    def write(self, error: CrawlError) -> None:
        if self.file is not None:
            self.file.write(json.dumps(asdict(error), ensure_ascii=False) + "\n")
            self.file.flush()  # a killed crawl keeps the errors it had

    def spider_closed(self, spider: Spider) -> None:
        if self.file is not None:
            self.file.close()
            spider.logger.info("errors feed: %s", self.path)
