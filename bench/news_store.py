"""The news screen on a big library: 500 sources and 100,000 stories.

The library is the store benchmark's 100,000 stored articles (copied, then
migrated) with 500 feed sources of 200 stories each on top, every story one
of those articles (so each shows its reading time and offline mark, the
costliest case for the lists), 25 tags, a tenth of the sources untagged,
60% of the stories read. Built once into bench/out/ and reused while the
schema is unchanged.

Measured: the store reads the news screen makes to open (`sources()`, the
"All unread" river's first `items()` page, `unread_count()`) and the read of
one more page of the river; whether unread counts stay right (per source
and overall, against SQL, and after marking stories read and unread again);
and, in the app (headless Pilot, 120x40, the real library), S to the river
on screen and PageDown in the river.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from bench.stats import p95
from bench.store import OUT, _url, _Words, ensure_store
from reader.core.feeds.model import FeedItem
from reader.core.records import SOURCE_FEED
from reader.store import Store
from reader.store.schema import SCHEMA_VERSION

SOURCES = 500
PER_SOURCE = 200
ITEMS = SOURCES * PER_SOURCE
TAGS = 25
READ_SHARE = 0.6
#: Stories a page of the river asks the store for.
PAGE = 500

Row = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class NewsStoreFigures:
    """Store reads (ms) for the news screen, and the unread checks."""

    open_median: float
    open_p95: float
    sources_median: float
    river_median: float
    count_median: float
    next_page_median: float
    next_page_p95: float
    unread: int
    counts_right: bool


def news_store() -> Path:
    """The cached library of 500 sources and 100,000 stories, built if missing."""
    path = OUT / f"news-{SOURCES}x{PER_SOURCE}-schema{SCHEMA_VERSION}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for old in OUT.glob(partial.name + "*"):
            old.unlink()
        shutil.copyfile(ensure_store(ITEMS), partial)
        _add_news(partial)
        partial.replace(path)
    return path


def _add_news(path: Path) -> None:
    words = _Words(seed=3)
    rng = random.Random(5)
    start = datetime(2025, 1, 1, 6, 0, tzinfo=UTC)
    zones = [UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5))]
    store = Store(path)
    try:
        for s in range(SOURCES):
            tags = [f"topic-{s % TAGS:02d}"] if s % 10 else []
            source = store.add_source(
                f"https://feeds{s % 97}.example/{s}/rss.xml",
                SOURCE_FEED,
                f"Source {s:03d} {words.text(3)}",
                tags,
            )
            items = []
            for k in range(PER_SOURCE):
                n = k * SOURCES + s  # the sources' stories interleave in time
                when = (start + timedelta(minutes=3 * n)).astimezone(zones[n % 3])
                items.append(
                    FeedItem(
                        guid=_url(n),
                        url=_url(n),
                        title=words.text(9),
                        summary=words.text(40),
                        author=words.text(2),
                        published=when,
                    )
                )
            store.add_items(source.id, items, start + timedelta(days=200))
        urls = [_url(n) for n in range(ITEMS) if rng.random() < READ_SHARE]
        for first in range(0, len(urls), 5000):
            store.mark_read(urls[first : first + 5000])
    finally:
        store.close()


def _timed(call: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure_store(runs: int = 20) -> NewsStoreFigures:
    """Time the news screen's store reads on the big library; check the counts."""
    store = Store(news_store())
    try:
        store.unread_count()  # the first read opens the file: not timed

        def opening() -> None:
            store.sources()
            store.items(unread_only=True, limit=PAGE)
            store.unread_count()

        opens = _timed(opening, runs)
        listing = _timed(store.sources, runs)
        river = _timed(lambda: store.items(unread_only=True, limit=PAGE), runs)
        counting = _timed(store.unread_count, runs)
        pages = []
        for k in range(1, runs + 1):
            start = time.perf_counter()
            store.items(unread_only=True, limit=PAGE, offset=k * PAGE)
            pages.append((time.perf_counter() - start) * 1000)
        unread, right = _counts_right(store)
    finally:
        store.close()
    return NewsStoreFigures(
        open_median=statistics.median(opens),
        open_p95=p95(opens),
        sources_median=statistics.median(listing),
        river_median=statistics.median(river),
        count_median=statistics.median(counting),
        next_page_median=statistics.median(pages),
        next_page_p95=p95(pages),
        unread=unread,
        counts_right=right,
    )


def _counts_right(store: Store) -> tuple[int, bool]:
    """Unread counts per source and overall against SQL, before and after
    marking a source's first stories read (and unread again)."""

    def sql_unread() -> int:
        with store.db.read() as conn:
            row = conn.execute("SELECT count(*) FROM items WHERE read_at IS NULL").fetchone()
        return int(row[0])

    def consistent() -> bool:
        total = store.unread_count()
        return total == sql_unread() == sum(s.unread for s in store.sources())

    before = store.unread_count()
    right = consistent()
    source = store.sources()[7]
    fresh = [i.url for i in store.items(source_id=source.id, unread_only=True, limit=10)]
    right = right and store.mark_read(fresh) == len(fresh)
    after = next(s for s in store.sources() if s.id == source.id)
    right = right and consistent() and after.unread == source.unread - len(fresh)
    right = right and store.unread_count() == before - len(fresh)
    store.mark_read(fresh, read=False)
    right = right and consistent() and store.unread_count() == before
    return before, right


@dataclass(frozen=True)
class ScreenFigures:
    """The news screen in the app (headless Pilot, 120x40), on the big library (ms)."""

    open_ms: list[float]
    page_down_ms: list[float]
    stories_listed: int


def measure_screen(opens: int = 10, presses: int = 30) -> ScreenFigures:
    """Time the news screen listing afresh (its store reads in a worker, then
    500 rows shown and painted) and PageDown in its river."""
    import asyncio

    from reader.core.paths import Paths
    from reader.library import Library
    from reader.ui.launch import build_app
    from reader.ui.screens.news import NewsScreen

    path = news_store()
    library = Library(paths=Paths(data=path.parent, config=path.parent), store=Store(path))
    app = build_app(None, library=library)

    async def run() -> ScreenFigures:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            for _ in range(500):
                if isinstance(screen, NewsScreen) and screen.loaded:
                    break
                await pilot.pause(0.02)
                screen = app.screen
            assert isinstance(screen, NewsScreen) and screen.loaded, screen
            opened: list[float] = []
            for _ in range(opens):
                before = screen.listing
                start = time.perf_counter()
                screen.reload()
                while screen.listing is before:
                    await pilot.pause(0.001)
                await pilot.pause()
                opened.append((time.perf_counter() - start) * 1000)
            screen.river.focus()
            await pilot.pause()
            listed = len(screen.listing.stories) if screen.listing else 0
            paging: list[float] = []
            for n in range(presses):
                key = "pagedown" if (n // 10) % 2 == 0 else "pageup"
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                paging.append((time.perf_counter() - start) * 1000)
        return ScreenFigures(opened, paging, listed)

    try:
        return asyncio.run(run())
    finally:
        library.store.close()


def rows() -> list[Row]:
    """The news screen rows: store reads, and the app's own timings when it has them."""
    fig = measure_store()
    label = f"{SOURCES} sources, {ITEMS:,} stories ({fig.unread:,} unread)"
    rows: list[Row] = [
        (
            f"news screen store reads to open (sources, {PAGE} unread, count), {label}",
            f"{fig.open_median:.1f} ms (p95 {fig.open_p95:.1f})",
            f"sources {fig.sources_median:.1f} + river {fig.river_median:.1f} + "
            f"count {fig.count_median:.1f} ms (medians)",
            "<= 100 ms",
            _verdict(fig.open_p95 <= 100 and fig.counts_right),
        ),
        (
            f"news river: store read of the next {PAGE} stories, {label}",
            f"{fig.next_page_median:.1f} ms (p95 {fig.next_page_p95:.1f})",
            "unread counts right: " + ("yes" if fig.counts_right else "NO"),
            "<= 50 ms",
            _verdict(fig.next_page_p95 <= 50 and fig.counts_right),
        ),
    ]
    screen = measure_screen()
    rows += [
        (
            f"news screen listed afresh in the app (S: store reads in a worker, "
            f"{screen.stories_listed} rows shown), {label}",
            f"{statistics.median(screen.open_ms):.0f} ms (p95 {p95(screen.open_ms):.0f})",
            "headless Pilot, 120x40",
            "<= 100 ms",
            _verdict(p95(screen.open_ms) <= 100),
        ),
        (
            f"news river: page-down / page-up in the app, {label}",
            f"{statistics.median(screen.page_down_ms):.1f} ms (p95 {p95(screen.page_down_ms):.1f})",
            f"{len(screen.page_down_ms)} presses, headless Pilot",
            "<= 50 ms",
            _verdict(p95(screen.page_down_ms) <= 50),
        ),
    ]
    return rows


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"
