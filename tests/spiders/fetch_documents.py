"""A test spider: fetches the given document URLs and yields them, as gov_reports does."""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy

from crawler.items import ReportDocument
from pipelines.report import utc_timestamp


class FetchDocuments(scrapy.Spider):
    name = "fetch_documents"

    @property
    def allowed_domains(self) -> list[str]:  # the hosts named in -a urls=, 127.0.0.1 in the tests
        return sorted({urlsplit(url).hostname for url in self.urls.split(",")})

    async def start(self):  # noqa: ANN201
        for url in self.urls.split(","):  # -a urls=...
            yield scrapy.Request(url)

    def parse(self, response: scrapy.http.Response):  # noqa: ANN201
        yield ReportDocument(
            url=response.url, document_url=response.url, body=response.body,
            content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None,
            site="fixtures", fetched_at=utc_timestamp(),
        )
