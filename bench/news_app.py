"""Is the app responsive while it refreshes the news? Measured as a user meets
it, with the method of the saving row (`bench/responsive.py`): the real app
in a pty (120x40) reads a long story; its library follows 40 feeds of 10 new
stories each on 4 slow loopback hosts (every answer after 100 ms, story
pages ~100 KB). After R starts the refresh in the background, PageDown or
PageUp is pressed every 150 ms and each press is timed from the key to the
article's new lines on screen, until the last story has been served. The
same presses before R give the reference.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.loopback import serve_html
from bench.news import DELAY, MAX_REFRESH_MB, Row, follow_all
from bench.news_site import NewsWeb
from bench.responsive import _press, _scroll_keys, _story
from bench.stats import p95
from bench.terminal import Terminal, app_env
from reader.core.paths import Paths
from reader.library import Library

FEEDS = 40
ITEMS = 10
HOSTS = 4
#: Seconds after R with no story served yet before the bench gives up.
START_TIMEOUT = 60


@dataclass(frozen=True)
class RefreshingFigures:
    """Key-to-repaint times while refreshing and while idle (ms)."""

    refreshing_ms: list[float]
    idle_ms: list[float]
    stories_served: int

    @property
    def refreshing_p95(self) -> float:
        return p95(self.refreshing_ms)

    @property
    def refreshing_median(self) -> float:
        return statistics.median(self.refreshing_ms)

    @property
    def idle_median(self) -> float:
        return statistics.median(self.idle_ms)


def _follow(home: Path, urls: list[str]) -> None:
    """The home's library follows `urls` (done before the app starts)."""
    paths = Paths(data=home / "data", config=home / "config")
    library = Library(paths=paths)

    async def run() -> None:
        try:
            await follow_all(library, urls)
        finally:
            await library.close()

    asyncio.run(run())


def measure(interval: float = 0.15) -> RefreshingFigures:
    """Run the app on a story, press R, and time PageDown while the refresh runs."""
    story: list[bytes] = []
    stories = FEEDS * ITEMS
    with (
        NewsWeb(hosts=HOSTS, feeds=FEEDS, items=ITEMS, delay=DELAY) as web,
        serve_html(lambda path: story[0]) as base,
        tempfile.TemporaryDirectory() as tmp,
    ):
        story.append(_story(base))
        home = Path(tmp)
        (home / "config").mkdir()
        (home / "config" / "config.toml").write_text(f"[news]\nmax_refresh_mb = {MAX_REFRESH_MB}\n")
        _follow(home, web.feed_urls)
        argv = [sys.executable, "-m", "reader", "--home", tmp, f"{base}/story"]
        terminal = Terminal(argv, app_env())
        try:
            terminal.wait_for(lambda text: b"pq00000" in text)
            time.sleep(0.5)
            keys = _scroll_keys()
            idle: list[float] = []
            for _ in range(8):
                time.sleep(interval)
                idle.append(_press(terminal, next(keys)))
            mark = len(web.log)
            terminal.send(b"R")
            started = time.perf_counter()
            refreshing: list[float] = []
            while _served(web, mark) < stories:
                if not _served(web, mark) and time.perf_counter() - started > START_TIMEOUT:
                    raise RuntimeError("R did not start a refresh (no story was asked for)")
                time.sleep(interval)
                refreshing.append(_press(terminal, next(keys)))
            served = _served(web, mark)
        finally:
            terminal.close()
    return RefreshingFigures(refreshing_ms=refreshing, idle_ms=idle, stories_served=served)


def _served(web: NewsWeb, mark: int) -> int:
    counts = web.counts(mark)
    return counts[("story", 200)] + counts[("story", 304)]


def row() -> Row:
    """The PageDown-while-refreshing row."""
    fig = measure()
    return (
        f"page-down repainted while R refreshes {FEEDS} feeds x {ITEMS} stories "
        f"(~100 KB, 100 ms each; {fig.stories_served} served)",
        f"{fig.refreshing_median:.0f} ms (p95 {fig.refreshing_p95:.0f}, "
        f"{len(fig.refreshing_ms)} presses)",
        f"{fig.idle_median:.0f} ms idle",
        "<= 100 ms",
        "ok" if fig.refreshing_p95 <= 100 else "MISSED",
    )
