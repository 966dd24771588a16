"""DOCX reports: paragraphs and tables in document order, with a guard against zip bombs."""

from __future__ import annotations

import io
import zipfile

from .cells import Row
from .errors import UnreadableDocument

MAX_UNPACKED = 200 * 1024 * 1024  # bytes a DOCX may unpack to; more is a zip bomb


def rows(body: bytes) -> list[Row]:
    import docx  # python-docx: imported here so HTML-only use does not pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(body)
    try:
        document = docx.Document(io.BytesIO(body))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a broken file
        raise UnreadableDocument(f"not a readable DOCX: {exc}") from exc
    out: list[Row] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            for line in block.text.splitlines():
                if line.strip():
                    out.append(Row([line.strip()]))
        elif isinstance(block, Table):
            for table_row in block.rows:
                cells = [cell.text.replace("\n", " ").strip() for cell in table_row.cells]
                if any(cells):
                    out.append(Row(cells, in_table=True))
    return out


def _check_zip(body: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except zipfile.BadZipFile as exc:
        raise UnreadableDocument(f"not a readable DOCX (broken zip: {exc})") from exc
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise UnreadableDocument(
                f"DOCX would unpack to {unpacked // 2**20} MB (limit {MAX_UNPACKED // 2**20} MB): refused as a zip bomb"
            )
        if "word/document.xml" not in archive.namelist():
            raise UnreadableDocument("zip archive without word/document.xml: not a DOCX")
