"""`scrapy crawl`, checking gov_reports' `-a` arguments before the crawl starts.

A wrong site key or year then ends with a one-line usage error (exit 2), not a traceback from
inside the engine.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler.spiders.gov_reports import GovReportsSpider, selection


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == GovReportsSpider.name:
            known = {k: v for k, v in opts.spargs.items() if k in ("site", "url", "year", "since", "registry")}
            selection(self.settings.get("SITE_REGISTRY"), **known)
        super().run(args, opts)
