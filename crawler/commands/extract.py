"""`scrapy extract PATH_OR_URL ...`: one JSON record per input, one a line.

Local files are read directly; http(s) URLs are fetched by a small Scrapy crawl with the project's
settings (robots.txt, User-Agent, size limits). An unreadable input is reported on stderr and
skipped; the command then exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from pipelines.report import UnreadableDocument, extract
from pipelines.report.html import http_charset


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_LEVEL": "WARNING", "ITEM_PIPELINES": {}}

    def syntax(self) -> str:
        return "[options] PATH_OR_URL ..."

    def short_desc(self) -> str:
        return "Extract annual-report records from files or URLs, one JSON line each"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="write the records to FILE instead of stdout")
        parser.add_argument("--url", help="the URL a single local file was published at (sets url and id)")
        parser.add_argument("--site", help="site registry key to put in the records")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if not opts.loglevel and not opts.nolog:
            assert self.settings is not None
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one file or URL")
        if opts.url and len(args) != 1:
            raise UsageError("--url applies to exactly one input")
        out: IO[str] = open(opts.output, "w", encoding="utf-8") if opts.output else sys.stdout  # noqa: SIM115
        failures = 0
        try:
            urls = [a for a in args if a.startswith(("http://", "https://"))]
            for arg in args:
                if arg in urls:
                    continue
                failures += not self._extract_file(arg, opts, out)
            if urls:
                failures += self._fetch_and_extract(urls, opts, out)
        finally:
            if opts.output:
                out.close()
        if failures:
            print(f"extract: {failures} of {len(args)} inputs could not be read", file=sys.stderr)
            self.exitcode = 1

    def _extract_file(self, arg: str, opts: argparse.Namespace, out: IO[str]) -> bool:
        path = Path(arg)
        try:
            body = path.read_bytes()
            url = opts.url or path.resolve().as_uri()
            record = extract(body, url, site=opts.site)
        except (OSError, UnreadableDocument) as exc:
            print(f"extract: {arg}: {_reason(exc)}", file=sys.stderr)
            return False
        except Exception as exc:  # noqa: BLE001 - a bug must not cost the other inputs
            print(f"extract: {arg}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return False
        _write(record, out)
        return True

    def _fetch_and_extract(self, urls: list[str], opts: argparse.Namespace, out: IO[str]) -> int:
        done: dict[str, bool] = dict.fromkeys(urls, False)

        def handle(response: scrapy.http.Response) -> None:
            url = response.request.meta.get("input_url", response.url)
            try:
                content_type = response.headers.get("Content-Type", b"").decode("latin-1")
                record = extract(response.body, response.url, content_type, page_url=url,
                                 site=opts.site, encoding=http_charset(content_type))
            except UnreadableDocument as exc:
                print(f"extract: {url}: {exc}", file=sys.stderr)
                return
            _write(record, out)
            done[url] = True

        def failed(failure) -> None:  # noqa: ANN001 - a Twisted Failure
            url = failure.request.meta.get("input_url", failure.request.url)
            print(f"extract: {url}: {failure.getErrorMessage() or failure.type.__name__}", file=sys.stderr)

        class FetchSpider(scrapy.Spider):
            name = "extract_fetch"
            custom_settings = {"HTTPERROR_ALLOW_ALL": False, "ERRORS_FEED": "", "STATE_DB": ""}  # failures: stderr
            allowed_domains = sorted({urlsplit(u).hostname or "" for u in urls})  # what the user named

            async def start(self):  # noqa: ANN202
                for url in urls:
                    yield scrapy.Request(url, callback=handle, errback=failed, meta={"input_url": url},
                                         dont_filter=True)

        assert self.crawler_process is not None
        self.crawler_process.crawl(FetchSpider)
        self.crawler_process.start()
        return sum(not ok for ok in done.values())


def _write(record: dict, out: IO[str]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()


def _reason(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
