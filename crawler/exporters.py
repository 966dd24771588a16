"""The long-format CSV feed for analysts: one row per table cell (`-o cells.csv:cells`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from scrapy.exporters import BaseItemExporter

CELL_FIELDS = ("id", "agency", "year", "table", "row", "column", "value")


def table_cells(record: dict) -> Iterator[tuple]:
    """(id, agency, year, table, row, column, value) for every cell of the record's tables; null stays empty."""
    for table, rows in (record.get("tables") or {}).items():
        for row, cells in (rows or {}).items():
            for column, value in (cells or {}).items():
                yield record["id"], record["agency"], record["year"], table, row, column, value


class TableCellsExporter(BaseItemExporter):
    """CSV in long format: loads into pandas or DuckDB as one tidy table across reports."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.stream = io.TextIOWrapper(file, encoding=self.encoding or "utf-8", newline="", write_through=True)
        self.writer = csv.writer(self.stream)

    def start_exporting(self) -> None:
        self.writer.writerow(CELL_FIELDS)

    def export_item(self, item: Any) -> None:
        if isinstance(item, dict) and "tables" in item:
            self.writer.writerows(table_cells(item))

    def finish_exporting(self) -> None:
        self.stream.detach()  # the feed storage closes the file itself
