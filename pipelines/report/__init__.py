"""Extraction: any annual report document -> the record of shared/spec/record.md. No Scrapy here."""

from .errors import UnreadableDocument
from .extract import SCHEMA, extract, report_id, utc_timestamp

__all__ = ["SCHEMA", "UnreadableDocument", "extract", "report_id", "utc_timestamp"]
