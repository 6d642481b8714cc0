"""Layouts that use the terminal: every screen at 80x24, 120x40 and 200x60,
as snapshots (`--snapshot-update` rewrites them), and the measured rule
behind them: at 80x24 each screen shows its main content first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from reader.core.records import RecentPage, Visit
from reader.ui.app import ReaderApp
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.news import NewsScreen
from reader.ui.screens.open_url import OpenURLDialog
from reader.ui.screens.search import SearchScreen
from reader.ui.screens.start import StartScreen
from reader.ui.screens.visits import HistoryScreen
from reader.ui.widgets.queue_line import QueueLine
from tests.ui.fakes import (
    FIXED_NOW,
    NEWS,
    FakeLibrary,
    long_article,
    news_library,
    sample_bookmarks,
    sectioned_library,
    wait_until,
)

SIZES = [(80, 24), (120, 40), (200, 60)]


def a_library() -> FakeLibrary:
    """Sections, bookmarks, visits, recent pages and news: every screen has
    something to show."""
    library = news_library(sectioned_library())
    library.articles[f"{NEWS}/long"] = long_article()
    library.add_bookmarks(*sample_bookmarks())
    library.visits = [
        Visit(f"{NEWS}/sections", "Tram line to reach the harbour", "Example News", FIXED_NOW),
        Visit(f"{NEWS}/long", "A long read", "", FIXED_NOW - timedelta(hours=2)),
        Visit(f"{NEWS}/story", "Harbour cranes return", "Example News", FIXED_NOW - timedelta(1)),
    ]
    library.recent_pages = [
        RecentPage(v.url, v.title, v.site, v.visited_at.isoformat()) for v in library.visits
    ]
    return library


def app_on(page: str | None) -> ReaderApp:
    library = a_library()
    if page is None:
        library.news.source_list.clear()  # no sources: the start screen
    app = ReaderApp(library, source=page)
    app.clock = lambda: FIXED_NOW
    app.timezone = UTC
    return app


async def reading(pilot: Pilot[Any], app: ReaderApp) -> Widget:
    await wait_until(pilot, lambda: app.reading is not None)
    await pilot.pause()
    return app.reading_screen.article_view


async def counted(pilot: Pilot[Any], app: ReaderApp) -> None:
    """The queue's counts (read in a worker) are on screen."""
    lines = list(app.screen.query(QueueLine))
    await wait_until(pilot, lambda: all(line.counts is not None for line in lines))


async def start(pilot: Pilot[Any], app: ReaderApp) -> Widget:
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
    await counted(pilot, app)
    return app.screen.query_one("#start-recent")


async def bookmarks(pilot: Pilot[Any], app: ReaderApp) -> Widget:
    await reading(pilot, app)
    await pilot.press("B")
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, BookmarksScreen)
            and app.screen.loaded
            and app.screen.counts is not None
        ),
    )
    return app.screen.query_one(".library-results")


async def history(pilot: Pilot[Any], app: ReaderApp) -> Widget:
    await reading(pilot, app)
    await pilot.press("H")
    await wait_until(
        pilot, lambda: isinstance(app.screen, HistoryScreen) and bool(app.screen.visits)
    )
    return app.screen.query_one(".library-results")


async def search(pilot: Pilot[Any], app: ReaderApp) -> Widget:
    await reading(pilot, app)
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.input.cursor_blink = False
    await pilot.press(*"harbour")
    await wait_until(pilot, lambda: screen.query_shown == "harbour")
    return screen.query_one(".library-results")


async def news(pilot: Pilot[Any], app: ReaderApp) -> Widget:
    await reading(pilot, app)
    await pilot.press("S")
    await wait_until(pilot, lambda: isinstance(app.screen, NewsScreen) and app.screen.loaded)
    await counted(pilot, app)
    return app.screen.query_one("#news-river")


async def keys(pilot: Pilot[Any], app: ReaderApp) -> Widget:
    await reading(pilot, app)
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
    return app.screen.query_one("#help-body")


async def open_box(pilot: Pilot[Any], app: ReaderApp) -> Widget:
    await reading(pilot, app)
    await pilot.press("o")
    await wait_until(pilot, lambda: isinstance(app.screen, OpenURLDialog))
    screen = app.screen
    assert isinstance(screen, OpenURLDialog)
    screen.input.cursor_blink = False
    return screen.input


Show = Callable[[Pilot[Any], ReaderApp], Awaitable[Widget]]
SCREENS: dict[str, tuple[str | None, Show]] = {
    "reading": (f"{NEWS}/sections", reading),
    "start": (None, start),
    "bookmarks": (f"{NEWS}/sections", bookmarks),
    "history": (f"{NEWS}/sections", history),
    "search": (f"{NEWS}/sections", search),
    "news": (f"{NEWS}/sections", news),
    "keys": (f"{NEWS}/sections", keys),
    "open": (f"{NEWS}/sections", open_box),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_layout(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    page, show = SCREENS[name]
    app = app_on(page)

    async def shown(pilot: Pilot[Any]) -> None:
        await show(pilot, app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=shown)


@pytest.mark.parametrize("name", [n for n in SCREENS if n not in ("keys", "open")])
async def test_main_content_comes_first_at_80x24(name: str) -> None:
    """The list or the article starts in the top third of a 24-row terminal
    and has at least half of its rows."""
    page, show = SCREENS[name]
    app = app_on(page)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await show(pilot, app)
        await pilot.pause()
        region = main.region
        assert region.y <= 8, f"{name}: the main content starts on row {region.y}"
        assert region.height >= 12, f"{name}: {region.height} rows for the main content"
