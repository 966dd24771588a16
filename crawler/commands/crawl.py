"""`scrapy crawl`, checking gov_reports' `-a` arguments before the crawl starts.

A wrong site key or year then ends with a one-line usage error (exit 2), and in cluster mode a
Redis that cannot be used, or a crawl running there with another selection, with a one-line error
(exit 1), not a traceback from inside the engine.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler import cluster
from crawler.spiders.gov_reports import GovReportsSpider, describe, selection


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == GovReportsSpider.name:
            known = {k: v for k, v in opts.spargs.items() if k in ("site", "url", "year", "since", "registry")}
            chosen = selection(self.settings.get("SITE_REGISTRY"), **known)
            if cluster.enabled(self.settings) and (problem := self._cluster_problem(describe(*chosen))):
                sys.stderr.write(f"scrapy: error: {problem}\n")
                self.exitcode = 1
                return
        super().run(args, opts)

    def _cluster_problem(self, chosen: str) -> str | None:
        return cluster.unusable(self.settings) or cluster.claim_selection(self.settings, chosen)
