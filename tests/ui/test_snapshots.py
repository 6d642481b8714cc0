"""Snapshots of the key screens (`--snapshot-update` rewrites them)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from typing import Any

from textual.pilot import Pilot

from reader.config import Config
from reader.core.records import RecentPage
from reader.ui.app import ReaderApp
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.search import SearchScreen
from reader.ui.screens.start import StartScreen
from tests.ui.fakes import (
    FIXED_NOW,
    NEWS,
    FakeLibrary,
    long_article,
    sample_article,
    sample_bookmarks,
    sectioned_library,
    wait_until,
)


def reading_app() -> ReaderApp:
    library = FakeLibrary()
    article = sample_article()
    assert article.url
    library.articles[article.url] = article
    return ReaderApp(library, source=article.url)


def start_app() -> ReaderApp:
    library = FakeLibrary(
        recent_pages=[
            RecentPage(
                "https://news.example.com/story",
                "Harbour cranes return to the old port",
                "Example News",
                "2026-11-25T14:55:00+00:00",
            ),
            RecentPage(
                "https://other.example.org/science/comet",
                "A comet visits, and then it leaves again",
                "The Other Paper",
                "2026-11-24T09:00:00+00:00",
            ),
            RecentPage("https://blog.example.net/2025/notes", "", "", "2025-03-01T09:00:00+00:00"),
        ]
    )
    app = ReaderApp(library)
    app.clock = lambda: FIXED_NOW
    return app


def test_reading_screen_80x24(snap_compare: Any) -> None:
    app = reading_app()

    async def loaded(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)

    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_start_screen_80x24(snap_compare: Any) -> None:
    app = start_app()

    async def started(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))

    assert snap_compare(app, terminal_size=(80, 24), run_before=started)


def sections_app() -> ReaderApp:
    library = sectioned_library()
    library.states = {f"{NEWS}/story": "read", f"{NEWS}/popular/2": "saved"}
    return ReaderApp(library, source=f"{NEWS}/sections")


def test_sidebar_open_120x40(snap_compare: Any) -> None:
    app = sections_app()

    async def loaded(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("tab", "down")

    assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)


def test_sidebar_folded_80x24(snap_compare: Any) -> None:
    app = sections_app()

    async def loaded(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)

    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_sidebar_over_the_article_80x24(snap_compare: Any) -> None:
    app = sections_app()

    async def opened(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=opened)


def test_link_hints_80x24(snap_compare: Any) -> None:
    app = sections_app()

    async def hinted(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=hinted)


def library_app() -> ReaderApp:
    library = sectioned_library()
    library.articles[f"{NEWS}/long"] = long_article()
    library.add_bookmarks(*sample_bookmarks())
    app = ReaderApp(library, source=f"{NEWS}/story")
    app.clock = lambda: FIXED_NOW
    app.timezone = UTC
    return app


def test_bookmarks_screen_80x24(snap_compare: Any) -> None:
    """The queue: a favourite saved for offline with its reading time, one
    whose background save failed, one not saved yet."""
    app = library_app()
    library = app.library
    assert isinstance(library, FakeLibrary)
    tram, story, comet = sample_bookmarks()
    library.add_bookmarks(
        replace(tram, favourite=True, saved=True, words=1400, site="Example News"),
        replace(story, save_error="could not connect"),
        comet,
    )

    async def listed(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        await wait_until(pilot, lambda: screen.loaded and screen.counts is not None)
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=listed)


def test_search_results_80x24(snap_compare: Any) -> None:
    app = library_app()

    async def searched(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.input.cursor_blink = False  # a steady cursor, for a stable picture
        await pilot.press(*"harbour")
        await wait_until(pilot, lambda: screen.query_shown == "harbour")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=searched)


def test_help_screen_80x24(snap_compare: Any) -> None:
    app = reading_app()

    async def helped(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))

    assert snap_compare(app, terminal_size=(80, 24), run_before=helped)


def test_help_screen_remapped_keys_120x40(snap_compare: Any) -> None:
    config = Config(keys={"toggle_sidebar": "x", "help": "f1,question_mark"})
    app = ReaderApp(sectioned_library(), source=f"{NEWS}/sections", config=config)

    async def helped(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))

    assert snap_compare(app, terminal_size=(120, 40), run_before=helped)


def test_reading_screen_light_theme_80x24(snap_compare: Any) -> None:
    library = FakeLibrary()
    article = sample_article()
    assert article.url
    library.articles[article.url] = article
    app = ReaderApp(library, source=article.url, config=Config(theme="paper"))

    async def loaded(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("slash", *"crane", "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_reading_screen_high_contrast_120x40(snap_compare: Any) -> None:
    app = ReaderApp(sectioned_library(), source=f"{NEWS}/sections", config=Config(theme="signal"))

    async def loaded(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("tab", "down")

    assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)
