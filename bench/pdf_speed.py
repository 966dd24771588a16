"""PDF pages per second: our reader (pdfplumber, text + tables) against pypdf (text only).

    .venv/bin/python bench/pdf_speed.py
"""

import io
import sys
import time
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipelines.report import extract  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PDFS = [
    ROOT / "tests/fixtures/real/hongze_district_2023.pdf",
    ROOT / "tests/fixtures/portal/pdf_synthetic_tongliang_2025.pdf",
]


def pages(body: bytes) -> int:
    return len(PdfReader(io.BytesIO(body)).pages)


def timed(work, body: bytes, rounds: int = 3) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        work(body)
    return (time.perf_counter() - start) / rounds


for path in PDFS:
    body = path.read_bytes()
    n = pages(body)
    ours = timed(lambda b: extract(b, "https://bench.example/r.pdf"), body)
    alt = timed(lambda b: [p.extract_text() for p in PdfReader(io.BytesIO(b)).pages], body)
    record = extract(body, "https://bench.example/r.pdf")
    cells = sum(v is not None for t in record["tables"].values() if t for row in t.values() for v in row.values())
    print(f"{path.name}: {n} pages; pdfplumber+extract {n / ours:.1f} pages/s ({cells} table cells read); "
          f"pypdf text only {n / alt:.1f} pages/s (no cell structure)")
