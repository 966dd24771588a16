"""DOC and WPS reports: converted to DOCX by LibreOffice where it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import UnreadableDocument

CONVERT_TIMEOUT = 120


def converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(body: bytes, kind: str) -> bytes:
    program = converter()
    if program is None:
        raise UnreadableDocument(
            f"{kind.upper()} documents need LibreOffice to be read (apt-get install libreoffice-writer); "
            "'soffice' was not found"
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"report.{kind}"
        source.write_bytes(body)
        try:
            subprocess.run(
                [program, "--headless", "--convert-to", "docx", "--outdir", tmp, str(source)],
                check=True, capture_output=True, timeout=CONVERT_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise UnreadableDocument(f"LibreOffice could not convert the {kind.upper()} file: {exc}") from exc
        target = source.with_suffix(".docx")
        if not target.exists():
            raise UnreadableDocument(f"LibreOffice could not convert the {kind.upper()} file")
        return target.read_bytes()
