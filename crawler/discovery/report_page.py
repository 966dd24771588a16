"""A report page: is the report its own text, or a stub pointing at an attachment?"""

from __future__ import annotations

from parsel import Selector

from crawler.discovery.titles import normalise

# Words of a report's own headings and table labels; portal menus carry 主动公开 and 依申请公开,
# so those alone do not count.
_REPORT_MARKERS = (
    "总体情况", "概述", "收到和处理政府信息公开申请", "本年新收", "行政复议", "存在的主要问题",
    "其他需要报告的事项", "主动公开政府信息情况", "主动公开政府信息的情况",
)
_TITLE_PATHS = ("//meta[@name='ArticleTitle']/@content", "//h1//text()", "//title/text()")


def holds_report(selector: Selector) -> bool:
    """True when the page's text is a report: at least three of its headings or labels appear."""
    text = normalise(" ".join(selector.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
                              .getall()))
    return sum(marker in text for marker in _REPORT_MARKERS) >= 3


def page_title(selector: Selector) -> str:
    """The page's own title: <meta name=ArticleTitle>, else <h1>, else <title> before its '_site' tail."""
    for path in _TITLE_PATHS:
        text = " ".join(selector.xpath(path).getall()).strip()
        if path == "//title/text()":
            text = text.split("_")[0]
        if normalise(text):
            return normalise(text)
    return ""
