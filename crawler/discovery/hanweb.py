"""Hanweb (大汉) JCMS columns: records in an XML datastore, later groups from dataproxy.jsp."""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

from crawler.discovery.links import Link, anchors

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.S | re.I)
_TOTAL = re.compile(r"(?:totalRecord\s*[:=]\s*['\"]?|<totalrecord>\s*)(\d+)", re.I)
_PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.I)
_UNIT = re.compile(r"<div\s+id=['\"]?(\d+)['\"]?\s*>\s*<script\s+type=['\"]text/xml", re.I)
_COLUMN = re.compile(r"/col/col(\d+)/")
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
GROUP_PAGES = 3  # the JS pager asks for three pages of records at a time


@dataclass(frozen=True)
class Proxy:
    """Where and how to ask a column's dataproxy.jsp for more records."""

    url: str
    form: dict[str, str]
    per_page: int

    def group(self, start: int) -> tuple[str, dict[str, str]]:
        """The URL and form body for the group of records that begins at `start` (1-based)."""
        query = urlencode({"startrecord": start, "endrecord": self.next_start(start) - 1, "perpage": self.per_page})
        return f"{self.url}?{query}", self.form

    def next_start(self, start: int) -> int:
        """Where the group after the one beginning at `start` begins."""
        return start + self.per_page * GROUP_PAGES


def is_hanweb(html: str) -> bool:
    return "<datastore>" in html.lower() or "dataproxy.jsp" in html


def records(page_url: str, xml_or_html: str) -> list[Link]:
    """The links in the datastore's <record> CDATA blocks (a list page or a dataproxy answer)."""
    found: list[Link] = []
    for block in _RECORD.findall(xml_or_html):
        found.extend(anchors(Selector(text=block), page_url))
    return found


def total_records(text: str) -> int | None:
    match = _TOTAL.search(text)
    return int(match.group(1)) if match else None


def proxy(page_url: str, html: str) -> Proxy | None:
    """The dataproxy.jsp call for this column, from the nextgroup link or the page's own ids."""
    params: dict[str, str] = {}
    url = urljoin(page_url, PROXY_PATH)
    nextgroup = _NEXTGROUP.search(html)
    if nextgroup:
        href = Selector(text=nextgroup.group(1)).css("a::attr(href)").get()
        if href:
            href = htmllib.unescape(href)
            url = urljoin(page_url, href.split("?")[0])
            params = dict(parse_qsl(urlsplit(href).query, keep_blank_values=True))
    column = params.get("columnid") or _first(_COLUMN, page_url)
    unit = params.get("unitid") or _first(_UNIT, html)
    if not column:
        return None
    form = {
        "col": "1", "appid": params.get("appid", "1"), "webid": params.get("webid", "1"),
        "path": params.get("path", "/"), "columnid": column, "sourceContentType": "1",
        "unitid": unit or "", "webname": params.get("webname", ""), "permissiontype": "0",
    }
    per_page = int(_first(_PERPAGE, html) or 15)
    return Proxy(url, form, per_page)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None
