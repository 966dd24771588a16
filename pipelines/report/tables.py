"""Tables 二, 三 and 四 read from rows by their labels, never by position in the document.

A row's label says which row it is; its value cells are the columns in the format's order.
A row the document lost stays null (with a warning); a blank or dashed cell is null, never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cells import Number, Row, norm, parse_value, strip_numbering

REQUEST_COLUMNS = (
    "natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total",
)
# (row key, pattern on the label without its numbering); order matters: first match wins
REQUEST_ROWS: tuple[tuple[str, str], ...] = (
    ("received", r"本年新收"),
    ("carried_over", r"上年结转"),
    ("carried_forward", r"结转下年"),
    ("disclosed", r"^予以公开"),
    ("partially_disclosed", r"^部分公开"),
    ("withheld_state_secret", r"国家秘密"),
    ("withheld_prohibited_by_law", r"^其他法律|法律行政法规禁止|禁止公开"),
    ("withheld_security_stability", r"三安全一稳定|^危及"),
    ("withheld_third_party", r"第三方"),
    ("withheld_internal_affairs", r"内部事务"),
    ("withheld_process_information", r"过程性信息"),
    ("withheld_enforcement_file", r"执法案卷"),
    ("withheld_inquiry", r"行政查询"),
    ("unavailable_not_held", r"不掌握"),
    ("unavailable_needs_creation", r"另行制作"),
    ("unavailable_unclear", r"仍不明确|补正后申请"),
    ("rejected_complaint", r"信访|举报投诉"),
    ("rejected_duplicate", r"^重复申请"),
    ("rejected_publication", r"出版物"),
    ("rejected_excessive", r"大量反复"),
    ("rejected_confirmation", r"确认或重新出具|重新出具"),
    ("other_no_correction", r"不补正"),
    ("other_fee_unpaid", r"缴纳费用|收费通知"),
    ("other", r"^其他处理"),
    ("total_processed", r"^总计$|^合计$"),
    ("other_other", r"^其他$"),
)
OUTCOME_ROWS = (
    "disclosed", "partially_disclosed",
    "withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
    "withheld_third_party", "withheld_internal_affairs", "withheld_process_information",
    "withheld_enforcement_file", "withheld_inquiry",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "rejected_complaint", "rejected_duplicate", "rejected_publication", "rejected_excessive",
    "rejected_confirmation",
)
OTHER_ROWS_2021 = ("other_no_correction", "other_fee_unpaid", "other_other")
REQUEST_ROW_KEYS = tuple(key for key, _ in REQUEST_ROWS)
# labels that can only be table 三's: they switch a reader that lost the table's heading
_STRONG_REQUEST_KEYS = set(REQUEST_ROW_KEYS) - {"other", "other_other", "total_processed"}

# table 二: (row key, pattern, {generation: fields})
_DOCS = {"2021": ("issued", "repealed", "in_force"), "2019": ("made", "published", "total_public")}
_DECISIONS = {"2021": ("decisions",), "2019": ("previous_items", "change", "decisions")}
PROACTIVE_ROWS: tuple[tuple[str, str, dict[str, tuple[str, ...]]], ...] = (
    ("regulations", r"^规章", _DOCS),
    ("normative_documents", r"规范性文件", _DOCS),
    ("licensing", r"^行政许可", _DECISIONS),
    ("other_services", r"对外管理服务", {"2019": _DECISIONS["2019"]}),
    ("punishment", r"^行政处罚", _DECISIONS),
    ("coercion", r"^行政强制", _DECISIONS),
    ("fees", r"事业性收费", {"2021": ("amount_10k_yuan",), "2019": ("previous_items", "change")}),
    ("procurement", r"集中采购", {"2019": ("projects", "amount_10k_yuan")}),
)
REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
MONEY_FIELDS = {"amount_10k_yuan"}
SIGNED_FIELDS = {"change"}


@dataclass
class Tables:
    proactive: dict | None = None
    requests: dict | None = None
    review_litigation: dict | None = None
    generation: str | None = None  # "2021" | "2019" from table 二's headers, None if not seen
    warnings: list[str] = field(default_factory=list)


def request_row_key(label: str, previous: str | None) -> str | None:
    bare = strip_numbering(label)
    for key, pattern in REQUEST_ROWS:
        if re.search(pattern, bare):
            # a bare '其他' is （六）3.其他 only under 其他处理, not the 其他 column header
            if key == "other_other" and previous not in (*OTHER_ROWS_2021[:2], "other_group") \
                    and not label.endswith("3.其他"):
                return None
            return key
    return None


def proactive_row_key(label: str) -> str | None:
    bare = strip_numbering(label)
    for key, pattern, _ in PROACTIVE_ROWS:
        if re.search(pattern, bare):
            return key
    return None


def detect_generation(label: str) -> str | None:
    if "本年制发" in label or "本年废止" in label or "现行有效" in label:
        return "2021"
    if "新制作" in label or "新公开" in label or "上一年项目" in label or "对外公开总数" in label:
        return "2019"
    return None


class _Reader:
    """Walks the rows once, knowing which table it is in from the headings and header rows."""

    def __init__(self) -> None:
        self.state: str | None = None
        self.out = Tables()
        self.proactive_rows: dict[str, Row] = {}
        self.request_rows: dict[str, Row] = {}
        self.review_values: list[str] = []
        self.last_request_key: str | None = None

    def enter(self, state: str | None) -> None:
        self.state = state

    def feed(self, row: Row, section_key: str | None) -> None:
        label = row.full_label
        if section_key is not None:  # a section heading
            self.enter({"proactive": "proactive", "requests": "requests",
                        "review_litigation": "review"}.get(section_key))
            return
        if "第二十条" in label:
            self.enter("proactive")
        elif "申请人情况" in label or (self.state != "review" and "本年新收" in label):
            self.enter("requests")
        elif self.state != "review" and any(norm(c) in ("行政复议", "行政复议行政诉讼") for c in row.labels):
            self.enter("review")
        if self.state == "proactive":
            self.out.generation = self.out.generation or detect_generation(label)
            self._proactive(row)
        elif self.state == "requests":
            self._requests(row)
        elif self.state == "review":
            self.review_values.extend(row.values if row.has_values else [])

    def _proactive(self, row: Row) -> None:
        if not row.has_values:
            return
        key = proactive_row_key(row.label)
        if key is None:
            request_key = request_row_key(row.label, None)
            if request_key in _STRONG_REQUEST_KEYS:  # table 三's heading was lost (seed 004)
                self.enter("requests")
                self._requests(row)
            return
        self.proactive_rows.setdefault(key, row)

    def _requests(self, row: Row) -> None:
        if not row.has_values:
            if "其他处理" in row.label:
                self.last_request_key = "other_group"
            return
        key = request_row_key(row.label, self.last_request_key)
        if key is None:
            self.out.warnings.append(f"table 三: row not recognised: {row.text[:60]}")
            return
        if key in self.request_rows:
            self.out.warnings.append(f"table 三: row {key} given twice; kept the first")
            return
        self.request_rows[key] = row
        self.last_request_key = key

    def finish(self, year: int | None) -> Tables:
        generation = self.out.generation
        if generation is None and self.proactive_rows:
            generation = "2021" if (year or 0) >= 2021 or not year else "2019"
            self.out.warnings.append(f"table 二: column headers not found; read as the {generation} generation")
        self.out.generation = generation
        if self.proactive_rows:
            self.out.proactive = _proactive_table(self.proactive_rows, generation or "2021", self.out.warnings)
        if self.request_rows:
            self.out.requests = _requests_table(self.request_rows, self.out.warnings)
        if self.review_values:
            self.out.review_litigation = _review_table(self.review_values, self.out.warnings)
        return self.out


def read_tables(rows: list[tuple[Row, str | None]], year: int | None) -> Tables:
    """Read the three tables from (row, section key if the row is a section heading) pairs."""
    reader = _Reader()
    for row, section_key in rows:
        reader.feed(row, section_key)
    return reader.finish(year)


def _field_value(cell: Number | None | str, field_name: str, where: str, warnings: list[str]):
    if cell is None or isinstance(cell, str):
        if isinstance(cell, str) and cell:
            warnings.append(f"{where}: unreadable cell {cell!r}")
        return None
    value = cell.value
    if field_name in MONEY_FIELDS:
        if cell.unit == "元":
            value = round(value / 10000, 6)
        return value
    if isinstance(value, float):
        if not value.is_integer():
            warnings.append(f"{where}: {value} is not a whole count")
            return None
        value = int(value)
    if value < 0 and field_name not in SIGNED_FIELDS:
        warnings.append(f"{where}: negative count {value}")
        return None
    return value


def _cells(row: Row, width: int) -> list:
    values = [parse_value(c) for c in row.values]
    while len(values) > width and values[-1] is None:  # layout blanks after the last column
        values.pop()
    while len(values) > width and values[0] is None:
        values.pop(0)
    return values


def _proactive_table(found: dict[str, Row], generation: str, warnings: list[str]) -> dict:
    table: dict[str, dict] = {}
    for key, _, layouts in PROACTIVE_ROWS:
        fields = layouts.get(generation)
        if fields is None:
            continue
        row = found.get(key)
        if row is None:
            table[key] = dict.fromkeys(fields)
            warnings.append(f"table 二: row {key} not found")
            continue
        values = _cells(row, len(fields))
        if len(values) < len(fields) and not row.in_table:
            warnings.append(f"table 二: row {key} has {len(values)} of {len(fields)} values; left null")
            table[key] = dict.fromkeys(fields)
            continue
        values += [None] * (len(fields) - len(values))
        table[key] = {
            name: _field_value(cell, name, f"table 二 {key}.{name}", warnings)
            for name, cell in zip(fields, values)
        }
    return table


def _requests_table(found: dict[str, Row], warnings: list[str]) -> dict:
    table: dict[str, dict | None] = {}
    single_other = "other" in found and not any(k in found for k in OTHER_ROWS_2021)
    for key in REQUEST_ROW_KEYS:
        row = found.get(key)
        if row is None:
            if key in OTHER_ROWS_2021 and single_other:
                continue
            if key == "other" and not single_other:
                continue
            table[key] = dict.fromkeys(REQUEST_COLUMNS)
            warnings.append(f"table 三: row {key} not found")
            continue
        values = _cells(row, len(REQUEST_COLUMNS))
        if len(values) != len(REQUEST_COLUMNS) and not (row.in_table and len(values) < len(REQUEST_COLUMNS)):
            warnings.append(f"table 三: row {key} has {len(values)} values, expected 7; left null")
            table[key] = dict.fromkeys(REQUEST_COLUMNS)
            continue
        values += [None] * (len(REQUEST_COLUMNS) - len(values))
        table[key] = {
            column: _field_value(cell, column, f"table 三 {key}.{column}", warnings)
            for column, cell in zip(REQUEST_COLUMNS, values)
        }
    order = ["received", "carried_over", *OUTCOME_ROWS, *OTHER_ROWS_2021, "other", "total_processed", "carried_forward"]
    return {key: table[key] for key in order if key in table}


def _review_table(values: list[str], warnings: list[str]) -> dict:
    parsed = [parse_value(v) for v in values]
    width = len(REVIEW_GROUPS) * len(REVIEW_COLUMNS)
    if len(parsed) < width:
        warnings.append(f"table 四: {len(parsed)} of {width} values found; left null")
        parsed = [None] * width
    elif len(parsed) > width:
        warnings.append(f"table 四: {len(parsed)} values found, expected {width}; read the first {width}")
    table = {}
    for g, group in enumerate(REVIEW_GROUPS):
        cells = parsed[g * 5:(g + 1) * 5]
        table[group] = {
            column: _field_value(cell, column, f"table 四 {group}.{column}", warnings)
            for column, cell in zip(REVIEW_COLUMNS, cells)
        }
    return table
