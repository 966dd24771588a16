"""Cluster mode: several `scrapy crawl gov_reports` workers, on one machine or many, split one
crawl through one Redis server with scrapy-redis. On when REDIS_URL is set; without it the crawl
is single-machine and needs no Redis.

    scrapy crawl gov_reports -s REDIS_URL=redis://10.0.0.5:6379/0       (the same on every worker)

scrapy-redis provides the shared request queue and duplicate filter. The adapter below adds what
it lacks for an unattended crawl on Scrapy 2.19, no more:

- Nothing lost when a worker dies. scrapy-redis pops a request into the worker's memory, so a
  killed worker takes its requests with it. Here the pop moves the request, in one atomic LMOVE,
  into the worker's in-flight list in Redis, and it leaves that list only once Scrapy is finished
  with it (callback run, its requests queued, its items through the pipelines and in the feed).
  Each worker keeps a heartbeat key alive from a thread; when one expires (REDIS_WORKER_TIMEOUT),
  the other workers move that worker's in-flight requests back to the queue.
- No early exit. A worker that finds the queue empty waits while any worker still holds requests,
  which may lead to more pages, instead of closing.
- Periodic crawls. With scrapy-redis's SCHEDULER_PERSIST=False the first worker to finish clears
  the queue under the others' feet; with True the duplicate filter is never cleared, and the next
  crawl would skip every page. Here the queue persists (a stopped cluster resumes) and the filter is
  cleared when the crawl is over: queue and every in-flight list empty, checked in one Lua script.
- One selection. Every worker takes any request from the queue, but drops those outside its own
  sites (the offsite filter): workers started with different `-a` arguments or registries would
  silently lose pages. The first worker records the crawl's selection; a different one is refused
  (`claim_selection`, from the crawl command, before the crawl starts).
- One notion of "the same page". Requests are fingerprinted by the crawler's
  REQUEST_FINGERPRINTER_CLASS, as in single-machine mode, not by scrapy-redis's own function.

Which requests Scrapy is still working on is read from the engine's in-progress set, the one
`scrapy.utils.engine.get_engine_status` reports; Scrapy has no public signal for "this request is
done". `ClusterScheduler.open` fails loudly if a Scrapy upgrade removes it.

The seen-reports state (what was emitted, for incremental crawls) is shared through the same Redis:
`pipelines.state.RedisReportState`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass

from redis import Redis, RedisError
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import FifoQueue
from scrapy_redis.scheduler import Scheduler

logger = logging.getLogger(__name__)

# The work left: the queue plus every worker's in-flight list. When nothing is left the crawl is
# over, and its duplicate filter goes in the same atomic step, so the next crawl starts afresh.
CRAWL_LEFT = """
local left = redis.call('LLEN', KEYS[1])
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  left = left + redis.call('LLEN', ARGV[1] .. worker)
end
if left == 0 then redis.call('DEL', KEYS[3], KEYS[4]) end
return left
"""


def enabled(settings: BaseSettings) -> bool:
    return bool(settings.get("REDIS_URL"))


def unusable(settings: BaseSettings) -> str | None:
    """Why the Redis at REDIS_URL cannot run the cluster, or None: checked before a crawl starts,
    so a wrong URL or an old server ends with one line instead of a traceback from the engine."""
    url = settings.get("REDIS_URL")
    try:
        version = get_redis_from_settings(settings).info("server")["redis_version"]
    except RedisError as exc:
        return f"cannot reach Redis at {url}: {exc}"
    if tuple(int(part) for part in version.split(".")[:2]) < (6, 2):
        return f"cluster mode needs Redis 6.2 or later (for LMOVE); {url} runs {version}"
    return None


def claim_selection(settings: BaseSettings, selection: str) -> str | None:
    """Record this crawl's selection (sites, years) if it is the first worker; if a crawl with
    another selection is running, why this worker must not join it."""
    keys = Keys(settings.get("REDIS_KEY_PREFIX"))
    server = get_redis_from_settings(settings)
    running = None
    while running is None:  # None: the running crawl completed between the two commands; claim again
        if server.set(keys.selection, selection, nx=True):
            return None
        running = server.get(keys.selection)
    if (running := running.decode()) == selection:
        return None
    return (f"the crawl running in Redis ({keys.prefix}) selected {running}, this worker {selection}: start "
            f"every worker with the same -a arguments and registry (or another REDIS_KEY_PREFIX)")


def worker_id() -> str:
    """This worker's name in Redis and in its file names: unique among running workers."""
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True)
class Keys:
    """Every Redis key of one cluster crawl, under REDIS_KEY_PREFIX."""

    prefix: str

    @property
    def requests(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def selection(self) -> str:
        return f"{self.prefix}:selection"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    @property
    def reports(self) -> str:
        return f"{self.prefix}:reports"

    @property
    def in_flight_prefix(self) -> str:
        return f"{self.prefix}:in-flight:"

    def in_flight(self, worker: str) -> str:
        return self.in_flight_prefix + worker

    def heartbeat(self, worker: str) -> str:
        return f"{self.prefix}:heartbeat:{worker}"


def configure(settings: BaseSettings) -> None:
    """Switch the crawl to cluster mode if REDIS_URL is set. Called from the spider's
    update_settings, at spider priority: `-s` on the command line still overrides each setting."""
    if not enabled(settings):
        return
    keys = Keys(settings.get("REDIS_KEY_PREFIX"))
    for name, value in {
        "SCHEDULER": "crawler.cluster.ClusterScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.cluster.InFlightQueue",
        "DUPEFILTER_CLASS": "crawler.cluster.ClusterDupeFilter",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
    }.items():
        settings.set(name, value, priority="spider")
    # Several workers may share one machine and one output folder: each names its own files.
    tag = worker_id()
    feeds = {_tagged(uri, tag): options for uri, options in settings.getdict("DEFAULT_FEEDS").items()}
    settings.set("DEFAULT_FEEDS", feeds, priority="spider")
    if settings.get("ERRORS_FEED"):
        settings.set("ERRORS_FEED", _tagged(settings.get("ERRORS_FEED"), tag), priority="spider")


def _tagged(uri: str, tag: str) -> str:
    base, extension = os.path.splitext(uri)
    return f"{base}-{tag}{extension}"


class ClusterDupeFilter(RFPDupeFilter):
    """scrapy-redis's shared filter, fingerprinting as the single-machine filter does. Fingerprints
    this worker already knows to be in the shared set are answered from memory: list pages link
    every other page of their column, and a round trip for each link cost more than the fetches.
    (The shared set only grows while the crawl runs, so a remembered answer stays true.)"""

    fingerprinter = None

    @classmethod
    def from_spider(cls, spider: Spider) -> ClusterDupeFilter:
        dupefilter = super().from_spider(spider)
        dupefilter.fingerprinter = spider.crawler.request_fingerprinter
        dupefilter.known = set()
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        fingerprint = self.request_fingerprint(request)
        if fingerprint in self.known:
            return True
        self.known.add(fingerprint)
        return self.server.sadd(self.key, fingerprint) == 0

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()


class InFlightQueue(FifoQueue):
    """The shared FIFO queue. A pop moves the request into this worker's in-flight list in the same
    atomic step, and `finish` takes it out once Scrapy is done with it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.in_flight_key = ""  # set by ClusterScheduler.open
        self.held: dict[Request, bytes] = {}  # request -> its bytes in the in-flight list

    def pop(self, timeout: int = 0) -> Request | None:
        while (data := self.server.lmove(self.key, self.in_flight_key, "RIGHT", "LEFT")) is not None:
            try:
                request = self._decode_request(data)
            except Exception as exc:  # e.g. queued by another version of the spider: drop it, loudly
                logger.error("cluster: dropped a queued request that cannot be read (%s: %s)", type(exc).__name__, exc)
                self.server.lrem(self.in_flight_key, 1, data)
                continue
            self.held[request] = data
            return request
        return None

    def finish(self, requests: list[Request]) -> None:
        with self.server.pipeline(transaction=False) as pipe:
            for request in requests:
                pipe.lrem(self.in_flight_key, 1, self.held.pop(request))
            pipe.execute()


class ClusterScheduler(Scheduler):
    """scrapy-redis's scheduler, with in-flight lists, heartbeats and the end-of-crawl check."""

    crawler: Crawler
    queue: InFlightQueue

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.worker = worker_id()
        scheduler.keys = Keys(crawler.settings.get("REDIS_KEY_PREFIX"))
        scheduler.timeout = crawler.settings.getfloat("REDIS_WORKER_TIMEOUT")
        scheduler.next_check = 0.0
        scheduler.waiting_logged = 0.0
        scheduler.crawl_left = scheduler.server.register_script(CRAWL_LEFT)
        return scheduler

    def open(self, spider: Spider) -> None:
        if not hasattr(getattr(self.crawler.engine, "_slot", None), "inprogress"):
            raise RuntimeError("cluster mode reads the engine's in-progress requests, which this Scrapy version "
                               "does not have: use the version in requirements.txt")
        # scrapy-redis's open() less its "Resuming crawl" line (Spider.log, deprecated in Scrapy 2.19)
        # and SCHEDULER_FLUSH_ON_START (one worker must not flush the others' queue)
        self.spider = spider
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider, key=self.queue_key,
                                                 serializer=self.serializer)
        self.df = self.df or load_object(self.dupefilter_cls).from_spider(spider)
        self.queue.in_flight_key = self.keys.in_flight(self.worker)
        self.heartbeat = Heartbeat(self.server, self.keys, self.worker, self.timeout)
        self.heartbeat.beat()  # alive before registered: nobody may take us for dead
        resumed = self._requeue(self.worker)  # left by an earlier process that had our name
        self.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        self.heartbeat.start()
        logger.info("cluster worker %s: %d request(s) queued, %d worker(s) registered%s", self.worker,
                    len(self.queue), self.server.scard(self.keys.workers),
                    f", {resumed} request(s) an earlier process left in flight re-queued" if resumed else "")

    def close(self, reason: str) -> None:
        self.heartbeat.stop()
        self._finish_done()
        returned = self._requeue(self.worker)  # taken but never finished: back for the other workers
        if returned:
            logger.info("cluster worker %s: %d unfinished request(s) back in the queue", self.worker, returned)
        with self.server.pipeline() as pipe:
            pipe.delete(self.keys.heartbeat(self.worker)).srem(self.keys.workers, self.worker).execute()
        super().close(reason)

    # enqueue_request and next_request: scrapy-redis's, less the `spider` argument to inc_value()
    # (deprecated in Scrapy 2.19, to be removed), plus our in-flight bookkeeping.
    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        self._finish_done()
        self._reclaim_dead_workers()
        if request := self.queue.pop():
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def spider_idle(self) -> None:
        """Close only when the whole crawl is over, not when the queue is empty for a moment."""
        self._finish_done()
        self._reclaim_dead_workers(force=True)
        left = self.crawl_left(keys=[self.keys.requests, self.keys.workers, self.keys.dupefilter,
                                     self.keys.selection], args=[self.keys.in_flight_prefix])
        if left:
            if time.monotonic() - self.waiting_logged > 60:
                self.waiting_logged = time.monotonic()
                logger.info("cluster worker %s: idle, waiting for the rest of the crawl: %s", self.worker,
                            self._work_left())
            raise DontCloseSpider
        logger.info("cluster worker %s: the crawl is complete (queue and in-flight lists empty)", self.worker)

    def _work_left(self) -> str:
        """Who holds what, for the log: a worker that holds requests for long may be stuck."""
        held = {member.decode(): self.server.llen(self.keys.in_flight(member.decode()))
                for member in self.server.smembers(self.keys.workers)}
        holders = ", ".join(f"{worker} holds {n}" for worker, n in sorted(held.items()) if n)
        return f"{len(self.queue)} request(s) queued" + (f"; {holders}" if holders else "")

    def _finish_done(self) -> None:
        """Out of our in-flight list: the requests the engine no longer works on."""
        slot = self.crawler.engine._slot
        in_progress = slot.inprogress if slot is not None else set()
        if done := [request for request in self.queue.held if request not in in_progress]:
            self.queue.finish(done)

    def _reclaim_dead_workers(self, force: bool = False) -> None:
        if not force and time.monotonic() < self.next_check:
            return
        self.next_check = time.monotonic() + self.timeout / 3
        for member in self.server.smembers(self.keys.workers):
            worker = member.decode()
            if worker == self.worker or self.server.exists(self.keys.heartbeat(worker)):
                continue
            reclaimed = self._requeue(worker)
            self.server.srem(self.keys.workers, worker)
            if reclaimed:
                self.stats.inc_value("cluster/reclaimed", reclaimed)
                logger.warning("cluster worker %s: worker %s sent no heartbeat for %gs; the %d request(s) it held "
                               "are back in the queue", self.worker, worker, self.timeout, reclaimed)

    def _requeue(self, worker: str) -> int:
        """Move a worker's in-flight requests to the front of the queue, one atomic move each."""
        moved = 0
        while self.server.lmove(self.keys.in_flight(worker), self.keys.requests, "RIGHT", "RIGHT") is not None:
            moved += 1
        return moved


class Heartbeat(threading.Thread):
    """Keeps this worker's heartbeat key alive. A thread, so a worker busy for a long time on one
    document (the reactor blocked) is not taken for dead; only a dead or cut-off process is."""

    def __init__(self, server: Redis, keys: Keys, worker: str, timeout: float) -> None:
        super().__init__(name="cluster-heartbeat", daemon=True)
        self.server, self.keys, self.worker, self.timeout = server, keys, worker, timeout
        self.stopped = threading.Event()

    def beat(self) -> None:
        with self.server.pipeline() as pipe:
            pipe.set(self.keys.heartbeat(self.worker), "alive", px=int(self.timeout * 1000))
            pipe.sadd(self.keys.workers, self.worker)  # back in the set if another worker gave us up
            pipe.execute()

    def run(self) -> None:
        while not self.stopped.wait(self.timeout / 3):
            try:
                self.beat()
            except RedisError as exc:
                logger.warning("cluster worker %s: heartbeat failed: %s", self.worker, exc)

    def stop(self) -> None:
        self.stopped.set()
        if self.is_alive():
            self.join()
