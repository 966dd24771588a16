"""Document bytes + URL + content type -> the report record of shared/spec/record.md.

Plain functions, no Scrapy: a saved file can be parsed offline (`scrapy extract`, the tests).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from . import docx, html, office, pdf, text
from .cells import Row, norm
from .checks import requests_checks, review_checks
from .errors import UnreadableDocument
from .metadata import agency_from, find_title, published_date, report_year
from .sections import section_key, split_sections
from .sniff import document_type
from .tables import read_tables

SCHEMA = "gov-report/1"
MAX_BYTES = {"html": 10 * 2**20, "text": 10 * 2**20}
MAX_DOCUMENT = 100 * 2**20


def utc_timestamp() -> str:
    """Now, as the record writes times: `2026-01-20T08:00:00Z`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def report_id(url: str) -> str:
    """Stable for the same document URL: a report found again keeps its id."""
    return hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:16]


def extract(
    body: bytes,
    url: str,
    content_type: str | None = None,
    *,
    page_url: str | None = None,
    site: str | None = None,
    fetched_at: str | None = None,
    encoding: str | None = None,
) -> dict:
    """Read one report document. Raises UnreadableDocument with the reason if it cannot be read."""
    if not body or not body.strip():
        raise UnreadableDocument("empty document")
    kind = document_type(body, url)
    if kind == "binary":
        raise UnreadableDocument("not a document: binary data that is neither PDF, DOCX, DOC nor text")
    limit = MAX_BYTES.get(kind, MAX_DOCUMENT)
    if len(body) > limit:
        raise UnreadableDocument(f"{kind} document of {len(body) // 2**20} MB is over the {limit // 2**20} MB limit")
    rows, meta, page_text, warnings = _read(body, kind, url, encoding)
    record = build_record(rows, meta, page_text, warnings)
    record.update(
        schema=SCHEMA,
        id=report_id(page_url or url),
        url=page_url or url,
        document_url=url,
        document_type=kind,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=fetched_at or utc_timestamp(),
        site=site,
    )
    return {key: record[key] for key in RECORD_KEYS}


RECORD_KEYS = (
    "schema", "id", "url", "document_url", "document_type", "sha256", "fetched_at", "site",
    "title", "agency", "year", "published", "format", "sections", "tables", "checks", "warnings",
)


def _read(body: bytes, kind: str, url: str, encoding: str | None):
    warnings: list[str] = []
    meta: dict[str, str] = {}
    if kind == "html":
        decoded = html.decode(body, encoding)
        root = html.parse(decoded)
        meta = html.page_meta(root)
        page_text = html.page_text(root)
        if html.lost_text(root, decoded):
            warnings.append("page nested too deep for the HTML parser: read as text")
            rows = text.rows(html.tag_stripped(decoded))
        else:
            rows = html.rows(root)
    elif kind == "pdf":
        rows, warnings = pdf.rows(body)
        page_text = ""
    elif kind in ("docx", "doc", "wps"):
        rows = docx.rows(body if kind == "docx" else office.to_docx(body, kind))
        page_text = ""
    else:
        rows = text.rows(html.decode(body, encoding))
        page_text = ""
    if not page_text:
        page_text = norm(" ".join(r.text for r in rows[:60]))
    if not rows:
        raise UnreadableDocument(f"{kind} document has no text")
    return rows, meta, page_text, warnings


def build_record(rows: list[Row], meta: dict[str, str], page_text: str, warnings: list[str]) -> dict:
    """The record's content fields from a document's rows and metadata."""
    title = find_title(meta, rows)
    published = published_date(meta, page_text)
    full_text = norm(" ".join(r.text for r in rows))
    year = report_year(title, full_text, published)
    tables = read_tables([(row, section_key(row)) for row in rows], year)
    warnings = warnings + tables.warnings
    fmt = _format(tables, year)
    sections = split_sections(rows, keyed=fmt != "legacy")
    checks = []
    if tables.requests:
        checks += requests_checks(tables.requests)
    if tables.review_litigation:
        checks += review_checks(tables.review_litigation)
    if fmt in ("2019", "2021"):
        for name, table in (("二", tables.proactive), ("三", tables.requests), ("四", tables.review_litigation)):
            if table is None:
                warnings.append(f"table {name} not found")
        missing = [k for k in ("overview", "proactive", "requests", "review_litigation", "problems", "other")
                   if not any(s["key"] == k for s in sections)]
        if missing:
            warnings.append(f"sections not found: {', '.join(missing)}")
    if title is None:
        warnings.append("no title found")
    if not any((tables.proactive, tables.requests, tables.review_litigation)) and fmt == "unknown":
        warnings.append("no annual-report tables found: this may not be an annual report")
    return {
        "title": title,
        "agency": agency_from(title, meta, page_text),
        "year": year,
        "published": published,
        "format": fmt,
        "sections": sections,
        "tables": {
            "proactive": tables.proactive,
            "requests": tables.requests,
            "review_litigation": tables.review_litigation,
        },
        "checks": checks,
        "warnings": warnings,
    }


def _format(tables, year: int | None) -> str:
    if tables.generation:
        return tables.generation
    if tables.requests:
        if any(k in tables.requests for k in ("other_no_correction", "other_fee_unpaid", "other_other")):
            return "2021"
        return "2019" if year in (2019, 2020) else "2021" if (year or 0) >= 2021 else "2019"
    if year is not None and year <= 2018:
        return "legacy"
    return "unknown"
