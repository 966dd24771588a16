"""Title, agency, report year and publishing date, from page metadata, the info table and the text."""

from __future__ import annotations

import re

from .cells import Row, norm

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})年")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期间|时间范围)?[^。]{0,12}?((?:19|20)\d{2})年1月1日")
_DATE = re.compile(r"((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})")
_PUBLISHED = re.compile(
    r"(?:发布日期|发布时间|发文日期|公开日期|日期)[:：]?((?:19|20)\d{2}[-年/.]\d{1,2}[-月/.]\d{1,2})"
)
_PUBLISHER = re.compile(
    r"(?:发布机构|来源|信息来源|发布单位)[:：]([^\s:：]{2,30}?)(?=发布|生成|成文|文号|索引|字号|日期|时间|分类|$|浏览|点击)"
)
_AGENCY_END = re.compile(r"(局|府|委|办|院|厅|会|室|所|中心|部|处|站|队|馆|区|县|市|镇|乡|街道|公司|署|司)$")
_REPORT = "年度报告"
_TITLE_SPLIT = re.compile(r"[_|｜]|\s*-\s*(?=\D)|——")


def clean_title(text: str) -> str:
    return re.sub(r"^(标题|题名|名称)[:：]", "", norm(text).replace("《", "").replace("》", ""))


def find_title(meta: dict[str, str], rows: list[Row]) -> str | None:
    for key in ("title", "og_title"):
        if _REPORT in meta.get(key, "") or "年报" in meta.get(key, ""):
            return clean_title(meta[key])
    for part in _TITLE_SPLIT.split(meta.get("page_title", "")):
        if _REPORT in part:
            return clean_title(part)
    lines = [norm(r.text) for r in rows[:40] if len(r.cells) == 1]
    for i, line in enumerate(lines):
        if _REPORT in line and len(line) <= 60:
            before = lines[i - 1] if i else ""
            if len(line) <= 8 and before and len(before) <= 40:  # '...政府信息公开工作' / '年度报告'
                return clean_title(before + line)
            # '渠县公安局' on one line, '2024年政府信息公开工作年度报告' on the next
            if re.match(r"^(19|20)\d{2}", line) and before and len(before) <= 30 and _AGENCY_END.search(before):
                return before + line
            return clean_title(line)
    return meta.get("title") or None


def agency_from(title: str | None, meta: dict[str, str], page_text: str) -> str | None:
    if title:
        match = re.match(r"^(.{2,40}?)(?:关于)?(?:19|20)\d{2}年", title) or re.match(
            r"^(?:19|20)\d{2}年度?(.{2,40}?)(?:政府信息公开|政务公开)", title)
        if match:
            return match.group(1)
    for key in ("source", "author"):
        if meta.get(key):
            return norm(meta[key])
    match = _PUBLISHER.search(page_text)
    return match.group(1) if match else None


def report_year(title: str | None, text: str, published: str | None) -> int | None:
    for source, pattern in ((title or "", _YEAR_IN_TITLE), (text, _PERIOD)):
        match = pattern.search(source)
        if match:
            return int(match.group(1))
    return int(published[:4]) - 1 if published else None


def published_date(meta: dict[str, str], page_text: str) -> str | None:
    for candidate in (meta.get("published", ""), *_PUBLISHED.findall(page_text[:5000])):
        match = _DATE.search(norm(candidate))
        if match:
            year, month, day = match.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return None
