"""Anchors of a list or report page, and the generic rules read from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from crawler.discovery.titles import normalise

ATTACHMENT_TYPES = ("pdf", "docx", "doc", "wps")  # in order of preference: one document per report
_ATTACHMENT_EXT = re.compile(r"\.(pdf|docx|doc|wps)(?:$|[?#&])", re.I)
# Download scripts that hide the file name: Hanweb downfile.jsp, VSB download.jsp, and the like.
_DOWNLOAD_SCRIPT = re.compile(r"/(?:downfile|download|downloadfile|filedownload)\.(?:jsp|do|php|aspx?)\b", re.I)
_NEXT_TEXT = {"下一页", "下页", "后页", "next", ">", "›", "»", "下一页>", "下一页>>", "下一页»", ">>"}
_REPORTISH = re.compile(r"报告|年报|(?:19|20)\d{2}")
_LIST_INDEX = re.compile(r"/(?:index(?:_\d+)?\.s?html?)?$")


@dataclass(frozen=True)
class Link:
    url: str
    title: str


def anchors(selector: Selector, base_url: str) -> list[Link]:
    """Every http(s) link of the page with its best title: the title attribute, else the text."""
    links = []
    for a in selector.css("a[href]"):
        href = (a.attrib.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(base_url, href)
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = normalise(" ".join(a.css("::text").getall()))
        title = normalise(a.attrib.get("title", ""))
        links.append(Link(url.split("#")[0], title if len(title) >= len(text) else text))
    return links


def embedded_documents(selector: Selector, base_url: str) -> list[Link]:
    """Documents shown inline: <iframe>/<embed>/<object> of a PDF, pdf.js viewers' `?file=` included."""
    found = []
    for src in selector.xpath("//iframe/@src | //embed/@src | //object/@data").getall():
        url = urljoin(base_url, src.strip())
        query = dict(parse_qsl(urlsplit(url).query))
        if "file" in query:  # /pdfjs/web/viewer.html?file=/upload/2024/report.pdf
            url = urljoin(url, query["file"])
        if _ATTACHMENT_EXT.search(urlsplit(url).path):
            found.append(Link(url, "embedded document"))
    return found


def next_page_links(links: list[Link]) -> list[str]:
    """The generic pager: a link reading 下一页 / 下页 / next / >."""
    return [link.url for link in links if link.title.lower() in _NEXT_TEXT]


def subcolumn_links(links: list[Link], start_url: str) -> list[str]:
    """Columns nested under the start column (TRS trees like zfxxgknb/qzfbm/qzfbgs/): list pages too."""
    base = start_url.rsplit("/", 1)[0] + "/"
    if urlsplit(base).path == "/":  # a home page is not a column: everything would be "under" it
        return []
    found = []
    for link in links:
        if link.url.startswith(base) and link.url != start_url and _LIST_INDEX.search(urlsplit(link.url).path):
            found.append(link.url)
    return found


def attachment_type(link: Link) -> str | None:
    """pdf/docx/doc/wps if the link is a report attachment by its URL or its text, else None."""
    for text in (urlsplit(link.url).path + "?" + urlsplit(link.url).query, link.title):
        match = _ATTACHMENT_EXT.search(text)
        if match:
            return match.group(1).lower()
    if _DOWNLOAD_SCRIPT.search(link.url):
        return "pdf"  # unknown until fetched; the extraction sniffs the bytes
    return None


def best_attachment(links: list[Link]) -> Link | None:
    """The report's attachment, one per report: one named as a report first, then PDF > DOCX > DOC > WPS."""
    typed = [
        (not _REPORTISH.search(link.title + link.url), ATTACHMENT_TYPES.index(t), n, link)
        for n, link in enumerate(links) if (t := attachment_type(link))
    ]
    return min(typed)[3] if typed else None
