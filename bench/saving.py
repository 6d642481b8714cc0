"""Saving linked stories: 50 pages from a loopback server that answers each
request after 100 ms, against the ideal for the concurrency limits.

With one host and at most `per_host` requests to it in flight, the ideal is
ceil(50 / per_host) rounds of 100 ms (with several hosts, min(overall, hosts x
per_host) in flight).
"""

from __future__ import annotations

import asyncio
import math
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from reader.core.paths import Paths
from reader.core.settings import SaveLimits, Settings
from reader.library import Library

DELAY = 0.1
PAGES = 50


@dataclass(frozen=True)
class SavingFigures:
    """Wall time for saving, the ideal, and what was saved."""

    seconds: float
    ideal: float
    saved: int
    failed: int
    per_host: int
    overall: int


def _page(n: int) -> bytes:
    paragraphs = "".join(
        f"<p>Story {n}, paragraph {i}: the council met again on Tuesday to discuss the "
        f"harbour wall, and residents asked for the work to start before the winter.</p>"
        for i in range(12)
    )
    return (
        f"<html><head><title>Story number {n} - Bench News</title></head><body>"
        f"<article><h1>Story number {n}</h1>{paragraphs}</article></body></html>"
    ).encode()


class _Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(DELAY)
        n = int(self.path.rsplit("/", 1)[-1] or 0)
        body = _page(n)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(pages: int = PAGES, limits: SaveLimits | None = None) -> SavingFigures:
    """Save `pages` linked stories from one slow loopback host."""
    limits = limits or SaveLimits()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [f"{base}/story/{n}" for n in range(pages)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            paths = Paths(data=Path(tmp), config=Path(tmp))
            library = Library(Settings(save=limits), paths)

            async def run() -> tuple[float, int, int]:
                try:
                    start = time.perf_counter()
                    summary = await library.save_urls(urls)
                    elapsed = time.perf_counter() - start
                    return elapsed, len(summary.saved), len(summary.failed)
                finally:
                    await library.close()

            seconds, saved, failed = asyncio.run(run())
    finally:
        server.shutdown()
        server.server_close()
    in_flight = min(limits.overall, limits.per_host)
    return SavingFigures(
        seconds=seconds,
        ideal=math.ceil(pages / in_flight) * DELAY,
        saved=saved,
        failed=failed,
        per_host=limits.per_host,
        overall=limits.overall,
    )
