"""What the spider yields: a fetched document, turned into a record by the pipelines."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ReportDocument:
    """A fetched report document: the page itself, or its PDF/DOC/DOCX/WPS attachment."""

    url: str  # the page the report was found on
    document_url: str  # the document that was fetched (the page itself or the attachment)
    body: bytes
    content_type: str | None = None
    encoding: str | None = None  # the HTTP charset, if the server gave one
    site: str | None = None
    fetched_at: str | None = None
