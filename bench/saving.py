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
import time
from dataclasses import dataclass
from pathlib import Path

from bench.loopback import serve_html
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


def _slow_page(path: str) -> bytes:
    """The story at `path` ("/story/N"), after DELAY."""
    time.sleep(DELAY)
    return _page(int(path.rsplit("/", 1)[-1] or 0))


def measure(pages: int = PAGES, limits: SaveLimits | None = None) -> SavingFigures:
    """Save `pages` linked stories from one slow loopback host."""
    limits = limits or SaveLimits()
    with serve_html(_slow_page) as base, tempfile.TemporaryDirectory() as tmp:
        urls = [f"{base}/story/{n}" for n in range(pages)]
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
    in_flight = min(limits.overall, limits.per_host)
    return SavingFigures(
        seconds=seconds,
        ideal=math.ceil(pages / in_flight) * DELAY,
        saved=saved,
        failed=failed,
        per_host=limits.per_host,
        overall=limits.overall,
    )
