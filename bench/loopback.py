"""A loopback HTTP server for the benchmarks: pages made by a function of the
path, in threads, logging nothing.

    with serve_html(lambda path: b"<html>...") as base:
        ...  # base is "http://127.0.0.1:PORT"

The function may sleep to play a slow server; it runs in the request's thread.
With `validators=True` every page carries an ETag and a Last-Modified date, and
a request that sends the page's ETag back (If-None-Match) is answered 304 Not
Modified, as a real news site revalidates a page a reader stored. Pass a list as
`log` to have every request appended to it as a `Served`.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: The date every page served with validators says it was last changed.
LAST_MODIFIED = "Wed, 01 Jan 2025 08:00:00 GMT"


@dataclass(frozen=True)
class Served:
    """One request the server answered."""

    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None


@contextmanager
def serve_html(
    page: Callable[[str], bytes],
    *,
    validators: bool = False,
    log: list[Served] | None = None,
) -> Iterator[str]:
    """Serve `page(path)` as UTF-8 HTML on 127.0.0.1 (a free port) until the block ends."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page(self.path)
            etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
            if_none_match = self.headers.get("If-None-Match")
            not_modified = validators and if_none_match is not None and etag in if_none_match
            status = 304 if not_modified else 200
            self.send_response(status)
            if validators:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Cache-Control", "max-age=0, must-revalidate")
            if not_modified:
                self.end_headers()
            else:
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            if log is not None:
                log.append(
                    Served(self.path, status, if_none_match, self.headers.get("If-Modified-Since"))
                )

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
