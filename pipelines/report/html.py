"""HTML report pages: decoding, the article body, its rows, and the page's own metadata."""

from __future__ import annotations

import html as html_lib
import re

from lxml import etree
from lxml import html as lxml_html

from .cells import Row, merge_value_lines, norm

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
# GB2312 and GBK pages are decoded as their superset, so that rarer characters survive
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}

# containers real portals put the article in (TRS, Hanweb, VSB, Ucap and friends)
BODY_SELECTORS = (
    "div.TRS_Editor", "div.trs_editor_view", "div.TRS_UEDITOR", "#zoom", "#UCAP-CONTENT",
    "#vsb_content", "div.v_news_content", "#Zoom", "div.article-content", "div.zw",
    "div#content", "div.content", "div.article", "article",
)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "blockquote", "pre", "ul", "ol", "dd", "dt", "center", "hr", "header", "footer",
}
_SKIP_TAGS = {"script", "style", "noscript", "iframe", "select", "button", "svg", "template", "head"}
_CHROME = re.compile(r"nav|menu|footer|foot|share|bdshare|print|breadcrumb|crumb|position|location|sidebar", re.I)
_META_NAMES = {
    "articletitle": "title", "pubdate": "published", "contentsource": "source",
    "firstpublishedtime": "published", "publishdate": "published", "author": "author",
    "og:title": "og_title",
}


def http_charset(content_type: str | None) -> str | None:
    """The charset a Content-Type header declares (`text/html; charset=GBK` -> `gbk`), if any."""
    if content_type and "charset=" in content_type.lower():
        return content_type.lower().split("charset=")[-1].split(";")[0].strip() or None
    return None


def decode(body: bytes, declared: str | None = None) -> str:
    """Decode a page by its HTTP charset, else its <meta> charset, else UTF-8, else GB18030."""
    candidates = []
    if declared:
        candidates.append(declared)
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        name = "gb18030" if name.lower() in _GB_FAMILY else name
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("gb18030", errors="replace")


def parse(text: str) -> etree._Element:
    parser = lxml_html.HTMLParser(recover=True, remove_comments=True, remove_pis=True, huge_tree=True)
    return lxml_html.document_fromstring(text, parser=parser)


_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|br|li|tr|h\d|table|td|th)\b[^>]*>", re.I)


def lost_text(root: etree._Element, text: str) -> bool:
    """Did the parser drop the content? (libxml2 stops at a nesting depth of a few thousand.)"""
    return len(root.text_content().strip()) < 0.5 * len(_TAG.sub("", text).strip())


def tag_stripped(text: str) -> str:
    """The page as text, one block a line: the reading of last resort for pages lxml cannot hold."""
    return html_lib.unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", text)))


def page_meta(root: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in root.iter("meta"):
        name = (node.get("name") or node.get("property") or "").strip().lower()
        key = _META_NAMES.get(name)
        content = (node.get("content") or "").strip()
        if key and content and key not in meta:
            meta[key] = content
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        meta["page_title"] = title.text_content().strip()
    return meta


def article(root: etree._Element) -> etree._Element:
    """The element holding the report: a known body container, else the densest text block."""
    for selector in BODY_SELECTORS:
        try:
            found = root.cssselect(selector)
        except Exception:  # noqa: BLE001 - a selector lxml cannot compile is just skipped
            continue
        found = [f for f in found if len(f.text_content()) > 200]
        if found:
            return max(found, key=lambda f: len(f.text_content()))
    body = root.find("body")
    return body if body is not None else root


def rows(root: etree._Element) -> list[Row]:
    """The article's rows in reading order: text lines, and each <table> row as cells."""
    out: list[Row] = []
    line: list[str] = []

    def flush() -> None:
        text = "".join(line).strip()
        if text:
            out.extend(Row([part.strip()]) for part in text.split("\n") if part.strip())
        line.clear()

    # iterative walk: pages nested thousands deep must not exhaust the stack
    stack: list[tuple[etree._Element, bool]] = [(article(root), False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node.tag in _BLOCK_TAGS:
                flush()
            if node.tail:
                line.append(node.tail)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS or _is_chrome(node):
            if node.tail:
                line.append(node.tail)
            continue
        if tag in _BLOCK_TAGS:
            flush()
        if tag == "table":
            flush()
            out.extend(Row(cells, in_table=True) for cells in table_grid(node))
            if node.tail:
                line.append(node.tail)
            continue
        if node.text:
            line.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    flush()
    return merge_value_lines(out)


def _is_chrome(node: etree._Element) -> bool:
    marker = f"{node.get('class', '')} {node.get('id', '')}"
    return bool(marker.strip()) and bool(_CHROME.search(marker)) and len(node.text_content()) < 2000


def table_grid(table: etree._Element) -> list[list[str]]:
    """A <table> as a grid of cell texts, rowspan and colspan expanded (merged cells repeated)."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    body_rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    for r, tr in enumerate(body_rows):
        row: list[str] = []
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            text = _cell_text(cell)
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            for dc in range(colspan):
                row.append(text)
                for dr in range(1, rowspan):
                    pending[(r + dr, c + dc)] = text
            c += colspan
        while (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        if any(row):
            grid.append(row)
    return grid


def _owning_table(tr: etree._Element) -> etree._Element | None:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _cell_text(cell: etree._Element) -> str:
    return norm_space(cell.text_content())


def norm_space(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u3000", " ")).strip()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


def page_text(root: etree._Element) -> str:
    """All visible text of the page, for the info table (发布机构, 发布日期) around the article."""
    return norm(" ".join(t for t in root.itertext() if t.strip())[:20000])
