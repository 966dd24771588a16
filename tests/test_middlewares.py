"""The safety and politeness middlewares, on their own."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.middlewares import PrivateAddressGuard, RetryBackoff


def test_private_addresses_are_refused_unless_the_registry_names_them() -> None:
    guard = PrivateAddressGuard(SimpleNamespace(spider=SimpleNamespace(allowed_domains=["127.0.0.1"])))
    guard.process_request(Request("http://127.0.0.1:8080/zfxxgknb/"))
    guard.process_request(Request("https://www.cqstl.gov.cn/zfxxgknb/"))
    for url in ("http://10.0.0.5/admin", "http://169.254.169.254/latest/meta-data", "http://localhost:6379/"):
        with pytest.raises(IgnoreRequest, match="private address"):
            guard.process_request(Request(url))


def test_retries_wait_longer_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    backoff = RetryBackoff(base=2.0, cap=5.0)
    for tries in range(4):
        asyncio.run(backoff.process_request(Request("http://x.gov.cn/", meta={"retry_times": tries})))
    assert waits == [2.0, 4.0, 5.0]  # no wait before the first try; capped
