"""Downloader middlewares for safety and politeness."""

from __future__ import annotations

import asyncio
import ipaddress
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


def is_private_host(host: str) -> bool:
    """Loopback, private, link-local or reserved addresses, and localhost."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


class PrivateAddressGuard:
    """Never fetch a private or loopback address unless the registry names that host for the site.

    The offsite middleware already keeps requests on the registry's domains; this also stops a
    registry domain that is an IP from being mistaken for permission to roam the private network,
    and any redirect to one.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuard:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        if is_private_host(host) and host not in getattr(self.crawler.spider, "allowed_domains", ()):
            raise IgnoreRequest(f"refused to fetch private address {host}")


class RetryBackoff:
    """Wait before each retry: RETRY_BACKOFF_BASE * 2**(n-1) seconds, at most RETRY_BACKOFF_MAX.

    Scrapy's RetryMiddleware re-queues a failed request at once; a portal that answered 503 is
    better asked again later. The wait does not hold a download slot.
    """

    def __init__(self, base: float, cap: float) -> None:
        self.base, self.cap = base, cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoff:
        return cls(crawler.settings.getfloat("RETRY_BACKOFF_BASE"), crawler.settings.getfloat("RETRY_BACKOFF_MAX"))

    async def process_request(self, request: Request) -> None:
        tries = request.meta.get("retry_times", 0)
        if tries and self.base > 0:
            await asyncio.sleep(min(self.cap, self.base * 2 ** (tries - 1)))
