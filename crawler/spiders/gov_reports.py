"""`scrapy crawl gov_reports`: walk each portal's annual-report column and yield every report document.

    scrapy crawl gov_reports                              every site in the registry
    scrapy crawl gov_reports -a site=KEY[,KEY]            those sites
    scrapy crawl gov_reports -a url=URL                   an ad hoc start page (its host becomes the site)
    scrapy crawl gov_reports -a year=2024 | -a since=2021 reports of that year / from that year on
    scrapy crawl gov_reports -a registry=FILE             another registry (default: SITE_REGISTRY)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from urllib.parse import urlsplit

from parsel import Selector
from scrapy import FormRequest, Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UsageError,
)
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler import cluster
from crawler.discovery import hanweb, trs, vsb
from crawler.discovery.blocked import BLOCKING_STATUSES, blocked_reason
from crawler.discovery.links import (
    Link,
    anchors,
    best_attachment,
    embedded_documents,
    next_page_links,
    subcolumn_links,
)
from crawler.discovery.report_page import holds_report, page_title
from crawler.discovery.titles import is_report_title, may_be_report_title, title_year
from crawler.errors import CrawlError, emit, fail
from crawler.items import ReportDocument
from crawler.registry import RegistryError, Site, adhoc_site, load_registry, select_sites
from crawler.summary import count
from pipelines.report import utc_timestamp
from pipelines.report.html import decode, http_charset
from pipelines.report.sniff import document_type

MAX_SUBCOLUMN_DEPTH = 2  # columns nested under the start column, e.g. 年报/区政府部门/区公安局
MAX_PROXY_GROUPS = 500


class GovReportsSpider(Spider):
    name = "gov_reports"

    def __init__(self, site: str | None = None, url: str | None = None, year: str | None = None,
                 since: str | None = None, registry: str | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.arguments = {"site": site, "url": url, "year": year, "since": since, "registry": registry}
        self.sites: list[Site] = []
        self.year: int | None = None
        self.since: int | None = None
        self.documents_seen: set[str] = set()

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Cluster mode if REDIS_URL is set; DEFAULT_FEEDS, unless the run names its own feeds
        (-o/-O or FEEDS), which then are the only ones."""
        super().update_settings(settings)
        cluster.configure(settings)
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", settings.getdict("DEFAULT_FEEDS"), priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: object, **kwargs: object) -> GovReportsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sites, spider.year, spider.since = selection(crawler.settings.get("SITE_REGISTRY"), **spider.arguments)
        spider.allowed_domains = sorted({d for s in spider.sites for d in s.domains})
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for site in self.sites:
            for url in site.start_urls:
                yield self._list_request(url, site.key, start_url=url, level=0)

    # -- list pages ----------------------------------------------------------------------------

    def parse_list(self, response: Response) -> Iterator[Request]:
        site = response.meta["site"]
        if self._is_blocked(response):
            return
        count(self.crawler.stats, site, "list_pages")
        html, selector = self._page(response)
        links = anchors(selector, response.url)
        if hanweb.is_hanweb(html):
            records = hanweb.records(response.url, html)
            links += records
            yield from self._first_proxy_group(response, html, len(records))
        yield from self._report_requests(links, response)
        meta = response.meta
        pages = [*trs.list_pages(response.url, html), *vsb.list_pages(response.url, selector), *next_page_links(links)]
        for url in pages:
            yield self._list_request(url, site, meta["start_url"], meta["level"])
        if meta["level"] < MAX_SUBCOLUMN_DEPTH:
            for url in subcolumn_links(links, meta["start_url"]):
                yield self._list_request(url, site, meta["start_url"], meta["level"] + 1)

    def _first_proxy_group(self, response: Response, html: str, on_page: int) -> Iterator[Request]:
        proxy = hanweb.proxy(response.url, html)
        total = hanweb.total_records(html)
        if proxy and (total is None or total > on_page):
            yield self._proxy_request(proxy, on_page + 1, response.meta)

    def parse_proxy(self, response: Response) -> Iterator[Request]:
        """A dataproxy.jsp answer: a group of records, and the total that says if more follow."""
        meta = response.meta
        if self._is_blocked(response):
            return
        count(self.crawler.stats, meta["site"], "list_pages")
        text, _ = self._page(response)
        records = hanweb.records(response.url, text)
        yield from self._report_requests(records, response)
        proxy, start = meta["hanweb_proxy"], meta["record_start"]
        following = proxy.next_start(start)
        total = hanweb.total_records(text)
        if records and (total is None or following <= total) and meta["group"] < MAX_PROXY_GROUPS:
            yield self._proxy_request(proxy, following, meta)

    def _report_requests(self, links: Iterable[Link], response: Response) -> Iterator[Request]:
        site = response.meta["site"]
        for link in dict((link.url, link) for link in links).values():
            if is_report_title(link.title):
                confirm = False
            elif may_be_report_title(link.title):
                confirm = True  # cut short in the list: the page's own title decides
            else:
                continue
            if not self._wanted(title_year(link.title)):
                continue
            if not self._on_site(link.url):
                count(self.crawler.stats, site, "offsite_links")
                continue
            count(self.crawler.stats, site, "report_links")
            yield self._request(link.url, self.parse_report, site, "report", confirm_title=confirm)

    # -- report pages and attachments ----------------------------------------------------------

    def parse_report(self, response: Response) -> Iterator[Request | ReportDocument]:
        site = response.meta["site"]
        if self._is_blocked(response):
            return
        if document_type(response.body, response.url) != "html":
            yield from self._document(response, page_url=response.url)
            return
        _, selector = self._page(response)
        if response.meta["confirm_title"] and not self._confirmed(page_title(selector)):
            count(self.crawler.stats, site, "not_reports")
            return
        if holds_report(selector):
            yield from self._document(response, page_url=response.url)
            return
        attachment = best_attachment(anchors(selector, response.url) + embedded_documents(selector, response.url))
        if attachment is None:
            self._fail(site, "report", response.url, "page holds neither a report nor a report attachment")
        elif not self._on_site(attachment.url):
            self._fail(site, "attachment", attachment.url, "attachment is outside the site's domains")
        else:
            yield self._request(attachment.url, self.parse_attachment, site, "attachment", page_url=response.url)

    def parse_attachment(self, response: Response) -> Iterator[ReportDocument]:
        if not self._is_blocked(response):
            yield from self._document(response, page_url=response.meta["page_url"])

    def _document(self, response: Response, page_url: str) -> Iterator[ReportDocument]:
        if response.url in self.documents_seen:  # one report reached twice (a redirect, two list entries)
            return
        self.documents_seen.add(response.url)
        site = response.meta["site"]
        count(self.crawler.stats, site, "reports_found")
        content_type = _content_type(response)
        yield ReportDocument(
            url=page_url, document_url=response.url, body=response.body, content_type=content_type or None,
            encoding=http_charset(content_type), site=site, fetched_at=utc_timestamp(),
        )

    # -- helpers -------------------------------------------------------------------------------

    def _page(self, response: Response) -> tuple[str, Selector]:
        """The page decoded as the extraction does (GBK pages often declare no charset), and parsed."""
        html = decode(response.body, http_charset(_content_type(response)))
        return html, Selector(text=html, base_url=response.url)

    def _is_blocked(self, response: Response) -> bool:
        reason = blocked_reason(response.status, response.body)
        if reason is None:
            return False
        site = response.meta["site"]
        count(self.crawler.stats, site, "blocked")
        emit(self.crawler, CrawlError(response.url, site, response.meta["stage"], f"blocked: {reason}"))
        self.logger.warning("site %s: blocked at %s (%s)", site, response.url, reason)
        return True

    def _confirmed(self, title: str) -> bool:
        return is_report_title(title) and self._wanted(title_year(title))

    def _wanted(self, year: int | None) -> bool:
        if year is None:
            return False
        return (self.year is None or year == self.year) and (self.since is None or year >= self.since)

    def _on_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()  # the host, not the netloc: ports don't matter
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def _list_request(self, url: str, site: str, start_url: str, level: int) -> Request:
        """A list page. Pages linked many times (`col/` = `col/index.html`) are fetched once:
        the duplicate filter sees them in folder form (crawler.fingerprints)."""
        return self._request(url, self.parse_list, site, "list", start_url=start_url, level=level)

    def _proxy_request(self, proxy: hanweb.Proxy, start: int, meta: dict) -> Request:
        url, form = proxy.group(start)
        return self._request(url, self.parse_proxy, meta["site"], "list", formdata=form, hanweb_proxy=proxy,
                             record_start=start, group=meta.get("group", 0) + 1)

    def _request(self, url: str, callback, site: str, stage: str, formdata: dict | None = None,  # noqa: ANN001
                 **meta: object) -> Request:
        """Every request: its site and stage for the summary, our errback, and block pages let through."""
        meta = {"site": site, "stage": stage, "handle_httpstatus_list": list(BLOCKING_STATUSES), **meta}
        if formdata is not None:
            return FormRequest(url, formdata=formdata, callback=callback, errback=self.on_error, meta=meta)
        return Request(url, callback=callback, errback=self.on_error, meta=meta)

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        self._fail(request.meta["site"], request.meta["stage"], request.url, _reason(failure))

    def _fail(self, site: str, stage: str, url: str, reason: str) -> None:
        fail(self.crawler, CrawlError(url, site, stage, reason))
        self.logger.warning("site %s: %s %s failed: %s", site, stage, url, reason)


def _reason(failure: Failure) -> str:
    """A short reason people can act on, the same for the same cause (the summary groups by it)."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
        return "timeout"
    if failure.check(CannotResolveHostError, DNSLookupError):
        return "DNS lookup failed"
    if failure.check(DownloadConnectionRefusedError, ConnectionRefusedError):
        return "connection refused"
    if failure.check(ResponseDataLossError):
        return "connection lost mid-answer"
    if failure.check(IgnoreRequest):
        return str(failure.value) or "request ignored"
    return f"{failure.type.__name__}: {failure.value}"


def _content_type(response: Response) -> str:
    return response.headers.get("Content-Type", b"").decode("latin-1")


def selection(default_registry: str | None, site: str | None = None, url: str | None = None,
              year: str | None = None, since: str | None = None, registry: str | None = None,
              ) -> tuple[list[Site], int | None, int | None]:
    """The sites and years the `-a` arguments select; UsageError with the reason if they cannot."""
    try:
        sites = [adhoc_site(url)] if url else select_sites(load_registry(registry or default_registry), site)
    except RegistryError as exc:
        raise UsageError(str(exc)) from exc
    return sites, _year_arg("year", year), _year_arg("since", since)


def describe(sites: list[Site], year: int | None, since: int | None) -> str:
    """A selection in one line, the same for the same sites, start pages and years (cluster mode
    compares the workers' selections by it)."""
    digest = hashlib.sha1(json.dumps([[s.key, s.start_urls, s.domains] for s in sites]).encode()).hexdigest()[:12]
    return f"{len(sites)} site(s) [registry entries {digest}], year={year or 'any'}, since={since or 'any'}"


def _year_arg(name: str, value: str | None) -> int | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit() or not 1990 <= int(value) <= 2100:
        raise UsageError(f"-a {name} needs a year such as 2024, not {value!r}")
    return int(value)
