"""Settings of the gov_reports project. Each can be changed per run with `-s NAME=VALUE`."""

BOT_NAME = "gov_reports"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# The portals to crawl: a TOML file; None means the packaged crawler/sites.toml.
# `-a registry=FILE` overrides it for one run.
SITE_REGISTRY = None

USER_AGENT = "gov-reports/0.1 (+open data collection of government information disclosure annual reports)"

ITEM_PIPELINES = {
    "pipelines.extraction.ExtractionPipeline": 300,
    "pipelines.state.StatePipeline": 400,
}
# Incremental crawls: the SQLite file that remembers what was emitted ("" turns it off, and every
# record is emitted, without `revision`). EMIT_UNCHANGED=True emits unchanged reports too.
STATE_DB = "output/state.sqlite"
EMIT_UNCHANGED = False
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PrivateAddressGuard": 60,  # right after the offsite check
    "crawler.middlewares.RetryBackoff": 560,  # after RetryMiddleware (550) has counted the try
}
EXTENSIONS = {
    "crawler.summary.CrawlSummary": 500,
    "crawler.errors.ErrorsFeed": 500,
    "crawler.jobdir.KilledJobRecovery": 0,  # before anything opens JOBDIR's queue
}

# The feed gov_reports writes when the run names none (no -o/-O, no FEEDS): one file per run.
DEFAULT_FEEDS = {
    "output/reports-%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}
FEED_STORAGES = {
    "": "crawler.feeds.WriteThroughFileFeedStorage",  # a killed crawl keeps every record it emitted
    "file": "crawler.feeds.WriteThroughFileFeedStorage",
}
FEED_EXPORTERS = {
    "cells": "crawler.exporters.TableCellsExporter",  # `-o cells.csv:cells`: one CSV row per table cell
}
# Pages linked many times (`col/` and `col/index.html`) are one page to the duplicate filter.
REQUEST_FINGERPRINTER_CLASS = "crawler.fingerprints.FolderFormFingerprinter"

# Cluster mode (crawler/cluster.py): several workers split one crawl through one Redis server.
# Off while REDIS_URL is unset. Set it on every worker, e.g. -s REDIS_URL=redis://10.0.0.5:6379/0:
# the request queue, the duplicate filter and the seen-reports state (instead of STATE_DB) then
# live in Redis, under keys starting with REDIS_KEY_PREFIX (two clusters on one Redis need two).
REDIS_URL = None
REDIS_KEY_PREFIX = "gov_reports"
# Seconds without a heartbeat after which a worker is taken for dead and the requests it held go
# back to the queue for the others.
REDIS_WORKER_TIMEOUT = 30

# failures as data (url, site, stage, reason, at), one JSON line each; "" turns it off
ERRORS_FEED = "output/errors-%(time)s.jsonl"

# politeness by default
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
RETRY_TIMES = 3
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry; doubled for each further one
RETRY_BACKOFF_MAX = 60.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 100 * 1024 * 1024  # bytes; the extractor refuses larger documents anyway
DOWNLOAD_WARNSIZE = 30 * 1024 * 1024

FEED_EXPORT_ENCODING = "utf-8"
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
