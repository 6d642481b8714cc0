"""The news screen on a big library: 500 sources and 100,000 stories.

The library is the store benchmark's 100,000 stored articles (copied, then
migrated) with 500 feed sources of 200 stories each on top, every story one
of those articles (so each shows its reading time and offline mark, the
costliest case for the lists), 25 tags, a tenth of the sources untagged,
60% of the stories read. Built once into bench/out/ and reused while the
schema is unchanged.

Measured: the store reads the news screen makes to open (`sources()`, the
"All unread" river's first `items()` page, `unread_count()`); whether unread
counts stay right (per source and overall, against SQL, and after marking
stories read and unread again); and the app in a pty (120x40): `reader`
(which opens on the news) to the river's first story on screen, against the
trivial Textual app, and PageDown / PageUp in the river. Story titles start
with a marker ("nq012345") so the screen can be read.
"""

from __future__ import annotations

import random
import re
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
    path = OUT / f"news-{SOURCES}x{PER_SOURCE}-schema{SCHEMA_VERSION}-v2.sqlite3"
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
                        title=f"nq{n:06d} {words.text(8)}",
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


#: Every story's title starts with its marker ("nq012345"), so the screen can be read.
TITLE_MARKER = re.compile(rb"nq(\d{6})")


@dataclass(frozen=True)
class ScreenFigures:
    """The news screen in the app, in a pty (120x40), on the big library (ms)."""

    startup_ms: float
    trivial_ms: float
    page_down_ms: list[float]


def _home_with(path: Path, home: Path) -> str:
    """A reader home holding a copy of the library at `path`; returns the
    marker of the newest unread story (the river's first row)."""
    data = home / "data"
    data.mkdir(parents=True)
    shutil.copyfile(path, data / "reader.sqlite3")
    store = Store(path)
    try:
        first = store.items(unread_only=True, limit=1)[0]
    finally:
        store.close()
    return first.title.split()[0]


def measure_screen(presses: int = 30, interval: float = 0.15) -> ScreenFigures:
    """`reader` on the big library (it opens on the news: sources are followed)
    to the river's first story on screen, against the trivial Textual app in
    the same rounds; then PageDown / PageUp in the river, each timed from the
    key to new story rows on screen."""
    import tempfile

    from bench import startup
    from bench.terminal import Terminal, app_env

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        marker = _home_with(news_store(), home)
        argv = startup.reader_command(home)
        figures = startup.measure({"news": startup.Launch(argv, marker)}, runs=5)["news"]
        terminal = Terminal(argv, {**app_env(), "COLUMNS": "120", "LINES": "40"})
        try:
            terminal.wait_for(lambda text: marker.encode() in text)
            time.sleep(1.0)
            paging: list[float] = []
            for n in range(presses):
                time.sleep(interval)
                key = b"\x1b[6~" if (n // 10) % 2 == 0 else b"\x1b[5~"
                since = terminal.mark()
                terminal.send(key)
                paging.append(terminal.wait_for(TITLE_MARKER.search, since) * 1000)
        finally:
            terminal.close()
    return ScreenFigures(figures.ours_median, figures.trivial_median, paging)


def rows() -> list[Row]:
    """The news screen rows: store reads and counts, then the app in a pty."""
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
            f"news unread counts (per source, overall, after marking read and back), {label}",
            "right" if fig.counts_right else "WRONG",
            f"a further {PAGE} stories read in {fig.next_page_median:.0f} ms "
            f"(p95 {fig.next_page_p95:.0f}; offset paging, not used by the screen)",
            "right",
            _verdict(fig.counts_right),
        ),
    ]
    screen = measure_screen()
    rows += [
        (
            f"start-up to the news river (`reader`, opens on the news), {label}",
            f"{screen.startup_ms:.0f} ms ({screen.startup_ms / screen.trivial_ms:.2f}x)",
            f"{screen.trivial_ms:.0f} ms (trivial Textual app)",
            "- (see the start-up rows)",
            "",
        ),
        (
            f"news river: page-down / page-up repainted, {label}",
            f"{statistics.median(screen.page_down_ms):.1f} ms (p95 {p95(screen.page_down_ms):.1f})",
            f"{len(screen.page_down_ms)} presses, pty 120x40",
            "<= 50 ms",
            _verdict(p95(screen.page_down_ms) <= 50),
        ),
    ]
    return rows


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"
