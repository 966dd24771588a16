"""Local feed files written through to the OS at each record.

Scrapy's FileFeedStorage buffers: a crawl killed with SIGKILL loses the records still in the
buffer, while the state store (pipelines/state.py) already counts them as emitted. Unbuffered, each
record is in the file (the OS's page cache) before the state store hears of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage


class WriteThroughFileFeedStorage(FileFeedStorage):
    def open(self, spider: Spider) -> IO[bytes]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        return Path(self.path).open(self.write_mode, buffering=0)
