"""TRS WCM columns: `createPageHTML(countPage, currentPage, "index", "html")` and index_N.html."""

from __future__ import annotations

import re
from urllib.parse import urljoin

_CALL = re.compile(r"(?<!function )createPageHTML\s*\(([^)]*)\)")
_ARG = re.compile(r"""\s*(?:(['"])(.*?)\1|([\w.]+))\s*""")
_PAGE_EXT = ("html", "shtml", "htm", "jhtml")
MAX_PAGES = 1000  # a column of more list pages than this is a misread script, not a column


def list_pages(page_url: str, html: str) -> list[str]:
    """Every list page of the column that `createPageHTML(...)` on this page describes."""
    for match in _CALL.finditer(html):
        args = [_value(a, html) for a in _split(match.group(1))]
        count = next((a for a in args if isinstance(a, int)), None)
        names = [a for a in args if isinstance(a, str)]
        pair = next(((p, e) for p, e in zip(names, names[1:], strict=False) if e in _PAGE_EXT), None)
        if count and pair and 1 <= count <= MAX_PAGES:
            prefix, ext = pair
            return [urljoin(page_url, f"{prefix}.{ext}" if n == 0 else f"{prefix}_{n}.{ext}") for n in range(count)]
    return []


def _split(args: str) -> list[str]:
    return [m.group(0) for m in _ARG.finditer(args) if m.group(0).strip()]


def _value(arg: str, html: str) -> int | str | None:
    """A literal, or a variable's value from `var countPage = 5` elsewhere on the page."""
    match = _ARG.fullmatch(arg)
    if not match:
        return None
    if match.group(1):
        return match.group(2)
    name = match.group(3)
    if name.isdigit():
        return int(name)
    assigned = re.search(rf"\b{re.escape(name)}\s*=\s*(?:(\d+)|(['\"])(.*?)\2)", html)
    if not assigned:
        return None
    return int(assigned.group(1)) if assigned.group(1) else assigned.group(3)
