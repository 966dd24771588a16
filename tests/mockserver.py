"""An HTTP server on 127.0.0.1 for the fixtures, run in a thread (like Scrapy's tests/mockserver).

Static files from a root, plus what real portals do that files cannot:
- `/slow/<seconds>/...` answers after that many seconds (for timeouts);
- `/status/<code>/...` answers with that HTTP status;
- `/blocked_synthetic/...` answers 412 with a 瑞数-style `$_ts` challenge script;
- Hanweb `dataproxy.jsp` (POST) slices `records_<columnid>.txt` by startrecord/endrecord;
- Hanweb `downfile.jsp?filename=` refuses requests without a Referer, as real ones do;
- VSB `download.jsp?wbfileid=` gives the file name only in Content-Disposition.

Every request is logged in `MockServer.requests` as (method, path, body), so tests can tell
whether a page was fetched twice.
"""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

CHALLENGE = b'<html><head><script>$_ts=window["$_ts"];if(!$_ts)$_ts={};$_ts.nsd=84512;</script></head></html>'


class PortalHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".docx": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.requests.append(("GET", self.path, b""))
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path.startswith("/slow/"):  # /slow/<seconds>/...: answers only after that long
            time.sleep(int(url.path.split("/")[2]))
            self._send(200, b"<html>too late</html>", "text/html")
        elif url.path.startswith("/status/"):
            self.send_error(int(url.path.split("/")[2]))
        elif url.path.startswith("/blocked_synthetic/"):
            self._send(412, CHALLENGE, "text/html")
        elif url.path.endswith("/downfile.jsp"):
            if not self.headers.get("Referer"):
                self.send_error(403, "no Referer")
                return
            self._send_file(self._local(url.path).parent / "downfile" / query.get("filename", ""))
        elif url.path.endswith("/download.jsp"):
            folder = self._local(url.path).parent / "download"
            name = (folder / f"{query.get('wbfileid', '')}.name")
            disposition = f"attachment; filename*=UTF-8''{quote(name.read_text('utf-8'))}" if name.exists() else None
            self._send_file(folder / query.get("wbfileid", ""), disposition)
        else:
            super().do_GET()

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.server.requests.append(("POST", self.path, body))
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if not url.path.endswith("/dataproxy.jsp"):
            self.send_error(405)
            return
        source = self._local(url.path).parent / f"records_{form.get('columnid', '')}.txt"
        if not source.exists():
            self.send_error(404)
            return
        records = source.read_text("utf-8").splitlines()
        start, end = int(query.get("startrecord", 1)), int(query.get("endrecord", len(records)))
        body = "".join(f"<record>{r}</record>\n" for r in records[start - 1:end])
        xml = (f'<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>{len(records)}</totalrecord>'
               f"<recordset>\n{body}</recordset></datastore>")
        self._send(200, xml.encode(), "text/xml; charset=utf-8")

    def _local(self, path: str) -> Path:
        return Path(self.translate_path(path))

    def _send_file(self, path: Path, disposition: str | None = None) -> None:
        if not path.is_file():
            self.send_error(404)
            return
        self._send(200, path.read_bytes(), "application/octet-stream", disposition)

    def _send(self, status: int, body: bytes, content_type: str, disposition: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if disposition:
            self.send_header("Content-Disposition", disposition)
        self.end_headers()
        self.wfile.write(body)


class MockServer:
    def __init__(self, root: Path) -> None:
        handler = functools.partial(PortalHandler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.requests = []  # (method, path, body) of every request, in order
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> MockServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def requests(self) -> list[tuple[str, str, bytes]]:
        return self.httpd.requests

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"


def main() -> None:
    """`python -m tests.mockserver ROOT`: serve ROOT on 127.0.0.1 until killed (for the benchmarks)."""
    import sys

    with MockServer(Path(sys.argv[1])) as server:
        print(server.base_url, flush=True)
        server.thread.join()


if __name__ == "__main__":
    main()
