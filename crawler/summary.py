"""Per-site counts kept in Scrapy's stats, and the summary logged when a crawl ends."""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# (stat, column heading) in the order the summary shows them.
COLUMNS = (
    ("list_pages", "list pages"), ("reports_found", "reports found"), ("parsed_clean", "clean"),
    ("parsed_with_warnings", "warnings"), ("failed", "failed"), ("blocked", "blocked"),
)


def count(stats: StatsCollector, site: str | None, what: str, n: int = 1) -> None:
    """Count `what` for the site (`site/<key>/<what>`) and for the whole crawl (`gov_reports/<what>`)."""
    stats.inc_value(f"gov_reports/{what}", n)
    if site:
        stats.inc_value(f"site/{site}/{what}", n)


def count_failure(stats: StatsCollector, site: str | None, stage: str, reason: str) -> None:
    """A failure, counted with its stage and reason so the summary can say what went wrong."""
    count(stats, site, "failed")
    if site:
        stats.inc_value(f"site/{site}/failed/{stage}: {reason}")


class CrawlSummary:
    """Logs a table at the end of the crawl: per site, pages seen, reports found and what became of them."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        sites = [s.key for s in getattr(spider, "sites", [])]
        if sites:
            logger.info("%s", self.render(sites, reason))

    def render(self, sites: list[str], reason: str) -> str:
        stats = self.stats.get_stats()
        width = max(len(s) for s in [*sites, "site"]) + 2
        lines = [f"crawl finished ({reason}): {len(sites)} site(s)", _row("site", [h for _, h in COLUMNS], width)]
        for site in sites:
            line = _row(site, [stats.get(f"site/{site}/{key}", 0) for key, _ in COLUMNS], width)
            if not stats.get(f"site/{site}/reports_found"):
                line += "   <- no reports: column moved, blocked, or nothing selected?"
            lines.append(line)
            prefix = f"site/{site}/failed/"
            lines.extend(f"    {stats[key]} x {key[len(prefix):]}" for key in sorted(stats) if key.startswith(prefix))
        lines.append(_row("total", [stats.get(f"gov_reports/{key}", 0) for key, _ in COLUMNS], width))
        return "\n".join(lines)


def _row(label: str, values: list, width: int) -> str:
    """One line of the table: each value right-aligned under its heading."""
    return label.ljust(width) + "".join(str(v).rjust(len(h) + 3) for v, (_, h) in zip(values, COLUMNS, strict=True))
