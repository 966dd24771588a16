"""Plain text reports: a page's text as a browser shows it, or text extracted from a PDF.

Tab-separated lines are table rows; one-cell-a-line tables are glued back into rows.
"""

from __future__ import annotations

import re

from .cells import Row, merge_value_lines

_MD_RULE = re.compile(r"^[-|:\s\t]+$")
# page furniture that a browser's text of a portal page keeps around the article
_CHROME = re.compile(
    r"^(扫一扫|小龙人|智能机器人|智能问答|分享到|【?打印|【?关闭|字号[:：]?$|您当前的位置|当前位置[:：])"
)
_MD_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_INLINE_TITLE = re.compile(r"^([一二三四五六七八九十]、\s*[^。，,\s（(]{2,30}?)(?:\s+|(?=[（(]一[）)]))(\S.*)$")
# a long single-line body (web-archive dumps) hides its headings inline: split before them
_INLINE_HEADING = re.compile(r"(?<=[。；;！!）)\s])\s*(?=[一二三四五六七八九十]、)")


def rows(text: str) -> list[Row]:
    out: list[Row] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or _MD_RULE.match(line):
            continue
        if "\t" in line:
            out.append(Row(line.split("\t"), in_table=True))
            continue
        markdown = _MD_ROW.match(line)
        if markdown:
            out.append(Row(markdown.group(1).split("|"), in_table=True))
            continue
        line = line.strip().lstrip("#").strip()
        if _CHROME.match(line):
            continue
        for part in _INLINE_HEADING.split(line) if len(line) > 400 else [line]:
            heading = _INLINE_TITLE.match(part.strip()) if len(line) > 400 else None
            pieces = heading.groups() if heading else (part,)
            out.extend(Row([piece.strip()]) for piece in pieces if piece.strip())
    return merge_value_lines(out)
