"""VSB (博达) columns: page 1 is `<column>.htm`, page N of T is `<column>/{T+1-N}.htm`."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

_PAGER = ".p_pages a, .p_next a, .p_no a, .p_last a, .p_first a, .p_prev a, span.p_fun a"
_TOTAL = re.compile(r"共\s*(\d+)\s*页")
_NUMBERED = re.compile(r"^(.*/)(\d+)\.htm$")
MAX_PAGES = 1000


def is_vsb(html: str) -> bool:
    return "p_pages" in html or "p_next" in html or "vsb_content" in html or "_sitegray" in html


def list_pages(page_url: str, selector: Selector) -> list[str]:
    """The pager's links, and every numbered page when the pager gives the total (共T页)."""
    pages = [urljoin(page_url, href) for href in selector.css(_PAGER).xpath("@href").getall()]
    total = selector.xpath("string(.)").re_first(_TOTAL)
    numbered = [m for url in pages if (m := _NUMBERED.match(url))]
    if total and numbered and int(total) <= MAX_PAGES:
        folder = numbered[0].group(1)
        pages.extend(f"{folder}{k}.htm" for k in range(1, int(total)))
    return list(dict.fromkeys(pages))
