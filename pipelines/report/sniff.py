"""Which kind of document a body is: by its bytes (the URL only tells DOC from WPS)."""

from __future__ import annotations

import io
import re
import zipfile

_HTML_HINT = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|div|p|table|title)\b", re.I)


def document_type(body: bytes, url: str = "") -> str:
    """'html' | 'pdf' | 'docx' | 'doc' | 'wps' | 'text' | 'binary'."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in body[:1024]:
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(body) else "binary"
    if body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Word 97 or WPS
        return "wps" if url.lower().split("?")[0].endswith(".wps") else "doc"
    if _HTML_HINT.search(body[:8192]):
        return "html"
    if _looks_binary(body[:8192]):
        return "binary"
    return "text"  # no markup at all: whatever the URL or content type says, it reads as text


def _is_docx(body: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return True  # a truncated DOCX: let the DOCX reader say what is wrong


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return False
        except UnicodeDecodeError as exc:
            if exc.start > len(sample) - 4:  # a character cut at the sample's end
                return False
    return True
