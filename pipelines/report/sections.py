"""The six sections of a report (and a legacy report's own sections), found by their headings."""

from __future__ import annotations

import re

from .cells import Row, norm

SECTION_KEYS = ("overview", "proactive", "requests", "review_litigation", "problems", "other")
# heading keywords per section, as agencies vary them
_KEYWORDS = (
    ("overview", r"总体情况|概述|基本情况"),
    ("review_litigation", r"行政复议|行政诉讼|复议、诉讼|复议诉讼"),
    ("problems", r"存在的?主要问题|存在问题|问题及改进|问题和改进|改进情况|改进措施"),
    ("other", r"其他需要报告|其他事项|其它需要报告"),
    ("requests", r"收到和处理|依申请公开|公开申请"),
    ("proactive", r"主动公开"),
)
_HEADING = re.compile(r"^(?:第)?([一二三四五六七八九十]{1,2})(?:[、.,:]|部分)")
_MAX_HEADING = 40


def heading_number(row: Row) -> str | None:
    """The Chinese numeral of a top-level heading row ('四、...'), or None for any other row."""
    if len(row.cells) != 1:
        return None
    text = norm(row.cells[0])
    if len(text) > _MAX_HEADING or text.endswith(("。", ";", "；")):
        return None
    match = _HEADING.match(text)
    return match.group(1) if match else None


def section_key(row: Row) -> str | None:
    """The standard section a heading row opens, or None."""
    if heading_number(row) is None:
        return None
    text = norm(row.cells[0])
    for key, pattern in _KEYWORDS:
        if re.search(pattern, text):
            return key
    return None


def is_table_line(row: Row) -> bool:
    """A table cell flattened to a line (short, no sentence end), not a paragraph."""
    text = norm(row.text)
    if text.startswith("(") and text.endswith(")"):  # a table's note: (本列数据的勾稽关系为...)
        return True
    return bool(row.values) or (len(text) < 30 and not text.endswith(("。", "；", ";", "：", ":")))


def split_sections(rows: list[Row], keyed: bool) -> list[dict]:
    """Sections in reading order. `keyed`: map headings to the six standard keys; else keep them all."""
    sections: list[dict] = []
    current: dict | None = None
    in_table_section = False
    for row in rows:
        key = section_key(row)
        number = heading_number(row)
        opens = key is not None if keyed else number is not None
        if opens and keyed and any(s["key"] == key for s in sections):
            opens = False  # '四、结转下年度' style rows inside a table are not headings
        if opens:
            current = {
                "number": SECTION_KEYS.index(key) + 1 if keyed else len(sections) + 1,
                "key": key if keyed else None,
                "heading": row.cells[0].strip(),
                "lines": [],
            }
            sections.append(current)
            in_table_section = key in ("proactive", "requests", "review_litigation")
            continue
        if current is None:
            continue
        if row.in_table or (in_table_section and is_table_line(row)):
            continue
        current["lines"].append(row.text)
    return [
        {"number": s["number"], "key": s["key"], "heading": s["heading"], "text": "\n".join(s["lines"])}
        for s in sections
    ]
