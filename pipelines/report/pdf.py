"""PDF reports through pdfplumber: ruled tables as rows, the text around them as lines.

pdfplumber was chosen over pypdf by bench/pdf_speed.py: it is slower but it alone gives the
tables' cell structure, which the readers need (pypdf gives digits of adjacent cells run together).
"""

from __future__ import annotations

import io
import logging

from .cells import Row, merge_value_lines
from .errors import UnreadableDocument
from .sections import heading_number
from .text import rows as text_rows

_SENTENCE_END = ("。", "：", ":", "；", ";", "！", "？")

MAX_PAGES = 300

for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def rows(body: bytes) -> tuple[list[Row], list[str]]:
    import pdfplumber

    warnings: list[str] = []
    out: list[Row] = []
    try:
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                warnings.append(f"PDF has {len(pages)} pages; read the first {MAX_PAGES}")
            for page in pages[:MAX_PAGES]:
                out.extend(_page_rows(page))
                page.close()
    except UnreadableDocument:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on broken or encrypted files
        raise UnreadableDocument(_reason(exc)) from exc
    if not any(row.text for row in out):
        raise UnreadableDocument("PDF has no text layer (a scan?): OCR is not supported")
    return merge_value_lines(_join_wrapped(out)), warnings


def _join_wrapped(rows: list[Row]) -> list[Row]:
    """Glue a paragraph's lines back together: a full line that does not end a sentence goes on."""
    out: list[Row] = []
    for row in rows:
        previous = out[-1] if out else None
        if (previous and len(previous.cells) == 1 and len(row.cells) == 1 and not row.values
                and not previous.values and len(previous.cells[0]) >= 20
                and not previous.cells[0].endswith(_SENTENCE_END) and heading_number(row) is None):
            out[-1] = Row([previous.cells[0] + row.cells[0]])
        else:
            out.append(row)
    return out


def _page_rows(page) -> list[Row]:  # noqa: ANN001 - a pdfplumber Page
    tables = page.find_tables()
    placed: list[tuple[float, list[Row]]] = []
    for table in tables:
        grid = table.extract()
        cells = [[(c or "").replace("\n", "") for c in row] for row in grid]
        table_rows = [_table_row(row) for row in cells if any(row)]
        placed.append((table.bbox[1], table_rows))
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    for line in outside.extract_text_lines():
        placed.append((line["top"], text_rows(line["text"])))
    placed.sort(key=lambda item: item[0])
    return [row for _, group in placed for row in group if not _is_page_number(row)]


def _table_row(cells: list[str]) -> Row:
    filled = [c for c in cells if c.strip()]
    if len(filled) == 1 and not filled[0].strip().replace(".", "").isdigit():
        return Row(filled)  # a line of prose that pdfplumber framed as a one-column table
    return Row(cells, in_table=True)


def _is_page_number(row: Row) -> bool:
    text = row.text.replace(" ", "")
    return len(row.cells) == 1 and text.strip("-—－") .isdigit() and text != text.strip("-—－")


def _reason(exc: Exception) -> str:
    if exc.args and isinstance(exc.args[0], Exception):  # pdfplumber wraps pdfminer's exception
        exc = exc.args[0]
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return "PDF is encrypted and cannot be opened without its password"
    if "PDFSyntax" in name or "PSEOF" in name or "EOF" in str(exc):
        return f"PDF is broken or truncated ({name}: {exc})"
    return f"not a readable PDF ({name}: {exc})"
