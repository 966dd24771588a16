"""Which requests are "the same page", for the duplicate filter (single-machine and cluster alike)."""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.utils.request import RequestFingerprinter

_INDEX_PAGE = re.compile(r"/index\.s?html?$")


def folder_form(url: str) -> str:
    """`col/` and `col/index.html` are one page: a pager links to one, the registry names the other."""
    return _INDEX_PAGE.sub("/", url)


class FolderFormFingerprinter(RequestFingerprinter):
    """Scrapy's fingerprint of the request in folder form, so a list page is fetched once."""

    def fingerprint(self, request: Request) -> bytes:
        folder = folder_form(request.url)
        return super().fingerprint(request if folder == request.url else request.replace(url=folder))
