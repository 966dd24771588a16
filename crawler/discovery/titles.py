"""Is a link's title an annual disclosure report, and of which year?"""

from __future__ import annotations

import re

_SPACE = re.compile(r"[\s\u3000_·\-—|]+")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")  # "东河区卫生健康委员会2021政府信息公开..."
# 政府信息公开工作年度报告, 政府信息公开年度工作报告, 政务信息公开年度报告, 信息公开工作报告, 政府信息公开年报 ...
_REPORT = re.compile(r"信息公开.{0,8}?(?:年度报告|年报|工作报告|年度工作报告)")
# Filed under the same column but not reports: letters, notices about the reports, web-site
# statistics (政府网站工作年度报表), infographics and readings of a report.
_NOT_REPORT = ("函", "通知", "通报", "报表", "要点", "图解", "解读", "编制", "关于做好", "征求意见")
TRUNCATED = ("...", "…", "..")


def normalise(title: str) -> str:
    return _SPACE.sub("", title or "")


def title_year(title: str) -> int | None:
    text = normalise(title)
    match = _YEAR.search(text) or _BARE_YEAR.search(text)
    return int(match.group(1)) if match else None


def is_report_title(title: str) -> bool:
    """A title that names an annual report: a year, 信息公开 + (年度)报告/年报, and no non-report word."""
    text = normalise(title)
    return (bool(_REPORT.search(text)) and title_year(text) is not None
            and not any(word in text for word in _NOT_REPORT))


def may_be_report_title(title: str) -> bool:
    """A list title cut short ("…年度报...") that could still be a report: to be confirmed on its page."""
    text = normalise(title)
    return (text.endswith(TRUNCATED) and "信息公开" in text and title_year(text) is not None
            and not any(w in text for w in _NOT_REPORT))
