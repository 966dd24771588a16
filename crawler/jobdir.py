"""JOBDIR after a kill: Scrapy saves its queue only when a crawl closes, so a crawl killed with
SIGKILL (or a crash, or a power cut) leaves a queue and a duplicate filter that no longer agree,
and resuming from them would skip pages that were filtered but never fetched.

This extension leaves a marker in JOBDIR while a crawl runs. If a crawl starts and finds the
marker, the last one died without closing: it drops the torn queue and filter and starts again
from the start pages. Nothing is emitted twice: the state store (STATE_DB) knows what the killed
run emitted. A crawl stopped with Ctrl-C closes cleanly and resumes from its queue as usual.

A crawl that finishes clears the queue and filter too, so a periodic job can keep one JOBDIR: the
next run starts from the start pages instead of finding every page already "seen".
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)
MARKER = "gov_reports.running"
TORN = ("requests.queue", "requests.seen", "spider.state")


class KilledJobRecovery:
    def __init__(self, jobdir: Path) -> None:
        self.marker = jobdir / MARKER
        self.jobdir = jobdir
        if self.marker.exists():
            logger.warning("JOBDIR %s: the last crawl was killed before it closed; its queue cannot be trusted, "
                           "starting again from the start pages (reports it emitted are not emitted again)", jobdir)
            self._clear()
        jobdir.mkdir(parents=True, exist_ok=True)
        self.marker.write_text(str(os.getpid()), "utf-8")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KilledJobRecovery:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        extension = cls(Path(jobdir))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, reason: str) -> None:
        """Runs after the scheduler saved its queue: keep it for a resume unless the crawl finished."""
        if reason == "finished":
            self._clear()
        self.marker.unlink(missing_ok=True)

    def _clear(self) -> None:
        for name in TORN:
            path = self.jobdir / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
