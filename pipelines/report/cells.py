"""Cells and rows: the one shape every document format is reduced to.

A document becomes a list of `Row`s in reading order. A row is a list of cell strings: one cell
for a line of prose, several for a table row (HTML, DOCX, PDF or tab-separated text). The table
readers then work on rows by their labels, whatever the document's format was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# quotes and marks that real reports add or drop around the same label: 危及“三安全一稳定”
_NOISE = re.compile(r"[\"'“”‘’「」『』`*#|]")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十\d]+\)[、.]?|\d+[.、](?!\d))+"
)
_DASHES = {"", "/", "-", "--", "—", "——", "－", "─", "无", "空", "/ ", "\\", "×", "n/a", "N/A"}
_NUMBER = re.compile(
    r"^(?P<sign>[+-]|增|减|增加|减少)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|元|件|个|项|条|次|人)?$"
)


@lru_cache(maxsize=65536)  # labels and cells repeat across rows and reports
def norm(text: str | None) -> str:
    """A label as it can be compared: NFKC (full-width to ASCII), no spaces, no quotes."""
    if not text:
        return ""
    return _NOISE.sub("", _SPACE.sub("", unicodedata.normalize("NFKC", text)))


def strip_numbering(label: str) -> str:
    """'(三)1.属于国家秘密' -> '属于国家秘密'; expects a `norm`ed label."""
    return _NUMBERING.sub("", label)


@dataclass(frozen=True)
class Number:
    value: int | float
    unit: str | None = None


@lru_cache(maxsize=65536)
def parse_value(cell: str | None) -> Number | None | str:
    """A table cell as a value: a `Number`, None for a blank or dash, or the cell text if it is a label."""
    text = norm(cell)
    if text in _DASHES:
        return None
    match = _NUMBER.match(text)
    if not match:
        return cell or ""
    digits = match["num"].replace(",", "")
    value: int | float = float(digits) if "." in digits else int(digits)
    if match["sign"] in ("-", "减", "减少"):
        value = -value
    return Number(value, match["unit"])


def is_value(cell: str | None) -> bool:
    return not isinstance(parse_value(cell), str)


@dataclass
class Row:
    """One line of a document: its label cells, then its value cells (numbers or blanks)."""

    cells: list[str]
    in_table: bool = False  # came from a structured table (HTML/DOCX/PDF/tab text)
    labels: list[str] = field(init=False)
    values: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.cells = [c.strip() if c else "" for c in self.cells]
        split = len(self.cells)
        while split > 0 and is_value(self.cells[split - 1]):
            split -= 1
        labels = [c for c in self.cells[:split] if c]
        # merged cells repeat their text in the expanded grid: keep one copy
        self.labels = [c for i, c in enumerate(labels) if i == 0 or c != labels[i - 1]]
        self.values = self.cells[split:]

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    @property
    def label(self) -> str:
        """The most specific label: the last non-empty label cell, normalised."""
        return norm(self.labels[-1]) if self.labels else ""

    @property
    def full_label(self) -> str:
        return norm("".join(self.labels))

    @property
    def has_values(self) -> bool:
        return any(self.values)

    def numbers(self) -> list[Number | None]:
        """The value cells as numbers, blank cells as None; trailing blanks dropped."""
        parsed = [parse_value(c) for c in self.values]
        while parsed and parsed[-1] is None:
            parsed.pop()
        return parsed  # type: ignore[return-value]


def merge_value_lines(rows: list[Row]) -> list[Row]:
    """Text with one cell a line (a flattened HTML table): glue value-only lines to the label before.

    '规章' '0' '0' '0' -> one row ['规章', '0', '0', '0']. Blank lines are not cells here.
    """
    merged: list[Row] = []
    for row in rows:
        # one value a line joins the row before; a whole row of values joins only a label-only row
        # (after a row that has its values, it is an orphan whose label was lost, kept apart)
        previous = merged[-1] if merged else None
        if (previous and previous.labels and not row.labels and row.has_values
                and (not row.in_table or not previous.has_values)):
            last = merged[-1]
            cells = last.cells + (row.cells if row.in_table else [c for c in row.cells if c])
            merged[-1] = Row(cells, in_table=last.in_table or row.in_table)
        else:
            merged.append(row)
    return merged
