"""The item pipeline between the spider's documents and the extraction core."""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.errors import CrawlError, fail
from crawler.items import ReportDocument
from crawler.summary import count
from pipelines.report import UnreadableDocument, extract

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    """ReportDocument -> record dict. An unreadable document is logged, counted and dropped."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPipeline:
        return cls(crawler)

    def process_item(self, item):  # noqa: ANN001, ANN201 - any item type passes through
        if not isinstance(item, ReportDocument):
            return item
        doc = ItemAdapter(item)
        try:
            record = extract(
                doc["body"], doc["document_url"], doc["content_type"], page_url=doc["url"],
                site=doc["site"], fetched_at=doc["fetched_at"], encoding=doc["encoding"],
            )
        except UnreadableDocument as exc:
            fail(self.crawler, CrawlError(doc["document_url"], doc["site"], "extract", str(exc)), _short(str(exc)))
            raise DropItem(f"unreadable report {doc['document_url']}: {exc}") from exc
        count(self.stats, doc["site"], "parsed_with_warnings" if record["warnings"] else "parsed_clean")
        return record


def _short(reason: str) -> str:
    """The reason's first clause: the summary groups failures by it."""
    return reason.split(";")[0].split(" (")[0][:80]
