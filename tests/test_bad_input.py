"""Bad input: each gives a clear reason, in bounded time, and never costs the other inputs."""

from __future__ import annotations

import io
import random
import time
import zipfile

import pytest

from pipelines.report import UnreadableDocument, extract
from tests.conftest import FIXTURES

REAL_PDF = (FIXTURES / "real" / "hongze_district_2023.pdf").read_bytes()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(REAL_PDF)))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * 2**20
            for _ in range(260):  # 260 MB of zeros, about 250 KB packed
                member.write(chunk)
    return out.getvalue()


BAD = {
    "empty": (lambda: b"", "empty document"),
    "whitespace": (lambda: b"  \n\t ", "empty document"),
    "truncated_pdf": (lambda: REAL_PDF[: len(REAL_PDF) // 3], "PDF"),
    "binary_noise": (lambda: random.Random(7).randbytes(200_000), "binary data"),
    "encrypted_pdf": (encrypted_pdf, "encrypted"),
    "page_30mb": (lambda: b"<html><body><p>" + "年度报告".encode() * (30 * 2**20 // 12) + b"</p></body></html>",
                  "limit"),
    "docx_zip_bomb": (docx_zip_bomb, "zip bomb"),
    "broken_docx": (lambda: b"PK\x03\x04" + random.Random(3).randbytes(5000), "DOCX"),
    "doc_without_converter": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, "LibreOffice"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_has_a_clear_reason(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    make, reason = BAD[case]
    monkeypatch.setattr("pipelines.report.office.converter", lambda: None)
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match=reason):
        extract(make(), f"https://x/{case}.bin")
    assert time.monotonic() - started < 20


def test_html_nested_5000_deep_is_read() -> None:
    body = ("<html><body>" + "<div>" * 5000 + "<p>某某局2024年政府信息公开工作年度报告</p>"
            + "</div>" * 5000 + "</body></html>").encode()
    record = extract(body, "https://x/deep.html")
    assert record["document_type"] == "html"


def test_wrong_extension_is_read_by_content() -> None:
    record = extract(REAL_PDF, "https://x/report.html", "text/html")
    assert record["document_type"] == "pdf"
    assert record["tables"]["proactive"]["licensing"] == {"decisions": 550}


def test_unreadable_cells_are_null_never_zero() -> None:
    page = """<html><body><div class="TRS_Editor"><p>二、主动公开政府信息情况</p><table>
    <tr><td colspan="4">第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
    <tr><td>规章</td><td>/</td><td></td><td>—</td></tr>
    <tr><td>行政规范性文件</td><td>１２</td><td>1,024</td><td>3</td></tr>
    </table></div></body></html>""".encode()
    record = extract(page, "https://x/cells_synthetic.html")
    proactive = record["tables"]["proactive"]
    assert proactive["regulations"] == {"issued": None, "repealed": None, "in_force": None}
    assert proactive["normative_documents"] == {"issued": 12, "repealed": 1024, "in_force": 3}
