"""The history screen (visits by day, more as you scroll) and the search
screen (results as you type, highlighted, opened with enter)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from textual.pilot import Pilot

from reader.core.models import Bookmark
from reader.core.records import SearchHit, SnippetPart, Visit
from reader.ui.app import ReaderApp
from reader.ui.formatting import day_label
from reader.ui.highlight import MATCH_STYLE, highlighted
from reader.ui.screens import visits
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.search import HINT_TEXT, SearchScreen
from reader.ui.screens.start import StartScreen
from reader.ui.screens.visits import HistoryScreen
from reader.ui.widgets.hanging import HangingPrompt
from tests.ui.fakes import (
    FIXED_NOW,
    NEWS,
    FakeLibrary,
    opened,
    screen_text,
    wait_until,
)

STORY = f"{NEWS}/story"
LONG = f"{NEWS}/long"


def test_day_labels() -> None:
    now = FIXED_NOW
    assert day_label(now - timedelta(hours=2), now) == "Today"
    assert day_label(now - timedelta(days=1), now) == "Yesterday"
    assert day_label(now.replace(year=2025, day=24), now) == "Mon 24 Nov 2025"


def history_app(library: FakeLibrary) -> ReaderApp:
    library.visits = [
        Visit(STORY, "Harbour cranes return", "Example News", FIXED_NOW - timedelta(hours=1)),
        Visit(STORY, "Harbour cranes return", "Example News", FIXED_NOW - timedelta(hours=2)),
        Visit(LONG, "A long read", "", FIXED_NOW - timedelta(hours=3)),
        Visit(f"{NEWS}/old", "An older story", "Example News", FIXED_NOW - timedelta(days=1)),
        Visit(f"{NEWS}/older", "Oldest", "", FIXED_NOW.replace(year=2025, day=24)),
    ]
    library.visits = sorted(library.visits, key=lambda v: v.visited_at, reverse=True)
    app = ReaderApp(library)
    app.clock = lambda: FIXED_NOW
    app.timezone = UTC
    return app


async def test_history_groups_by_day_and_reopens(library: FakeLibrary) -> None:
    app = history_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("H")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await wait_until(pilot, lambda: len(screen.visits) == 5)
        lines = [line.strip() for line in screen_text(app).splitlines() if line.strip()]
        start = lines.index("Today")
        assert lines[start : start + 7] == [
            "Today",
            "14:00  Harbour cranes return  Example News",
            "12:00  A long read  news.example.com",
            "Yesterday",
            "15:00  An older story  Example News",
            "Mon 24 Nov 2025",
            "15:00  Oldest  news.example.com",
        ]
        assert screen.highlighted_url == STORY
        assert screen.input.has_focus  # typing filters; ↓ goes into the list
        await pilot.press("down", "down", "enter")
        await opened(pilot, app, LONG)
        assert isinstance(app.screen, ReadingScreen)


async def test_history_loads_more_as_you_scroll(library: FakeLibrary, monkeypatch: Any) -> None:
    monkeypatch.setattr(visits, "PAGE_SIZE", 20)
    monkeypatch.setattr(visits, "LOAD_MARGIN", 5)
    library.visits = [
        Visit(f"{NEWS}/s/{i}", f"Story {i}", "", FIXED_NOW - timedelta(minutes=i))
        for i in range(50)
    ]
    app = ReaderApp(library)
    app.clock = lambda: FIXED_NOW
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("H")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await wait_until(pilot, lambda: len(screen.visits) >= 20)
        assert len(screen.visits) < 50
        for _ in range(46):  # the first ↓ leaves the filter box
            await pilot.press("down")
            await pilot.pause(0.01)
        await wait_until(pilot, lambda: len(screen.visits) == 50)
        await wait_until(pilot, lambda: screen.exhausted)
        assert screen.highlighted_url == f"{NEWS}/s/45"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))


async def test_history_empty(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        library.visits = []
        await pilot.press("H")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await wait_until(pilot, lambda: "Nothing read yet" in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        assert app.is_running


async def test_history_filters_as_you_type(library: FakeLibrary) -> None:
    """The history has a box like every list: typing narrows it to the pages
    whose title, site or address has every word; escape clears, then closes."""
    app = history_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("H")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await wait_until(pilot, lambda: len(screen.visits) == 5)
        await pilot.press("down")  # into the list: typing still goes to the box
        assert screen.results.has_focus
        await pilot.press(*"long read")
        assert screen.input.value == "long read"
        await wait_until(pilot, lambda: [v.url for v in screen.visits] == [LONG])
        await pilot.press(*" zzz")
        await wait_until(pilot, lambda: "No page read matches “long read zzz”." in screen_text(app))
        await pilot.press("escape")
        assert screen.input.value == ""
        await wait_until(pilot, lambda: len(screen.visits) == 5)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))


def test_highlighted_builds_content_not_markup() -> None:
    content = highlighted(
        [SnippetPart(" [bold]a "), SnippetPart("[@click=app.quit]x[/]", True), SnippetPart(" b\n")],
        "bold",
    )
    assert content.plain == "[bold]a [@click=app.quit]x[/] b"
    styles = {str(span.style) for span in content.spans}
    assert f"bold {MATCH_STYLE}" in styles


async def open_search(pilot: Pilot[Any], app: ReaderApp) -> SearchScreen:
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_search_as_you_type_and_open(library: FakeLibrary) -> None:
    library.add_bookmarks(Bookmark(STORY, "Harbour cranes", ("cranes",), "", FIXED_NOW))
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        screen = await open_search(pilot, app)
        assert HINT_TEXT in screen_text(app).replace("\n", " ").replace("  ", " ") or (
            "Type to search" in screen_text(app)
        )
        await pilot.press(*"harb")
        await wait_until(pilot, lambda: screen.query_shown == "harb")
        assert [hit.url for hit in screen.hits] == [STORY]
        text = screen_text(app)
        assert "●★ Harbour cranes return to the old port" in text
        assert "Example News · #cranes" in text
        assert "cranes that once lined the harbour are back" in text
        # the matched word is drawn in the highlight style
        option = screen.results.get_option_at_index(0)
        assert isinstance(option.prompt, HangingPrompt)
        body = option.prompt.body
        matched = [body.plain[s.start : s.end] for s in body.spans if "warning" in str(s.style)]
        assert "Harbour" in matched and "harbour" in matched
        await pilot.press(*"our lorem")
        await wait_until(pilot, lambda: screen.query_shown == "harbour lorem")
        assert screen.hits == []
        assert "Nothing found for “harbour lorem”." in screen_text(app)
        for _ in " lorem":
            await pilot.press("backspace")
        await wait_until(pilot, lambda: screen.query_shown == "harbour")
        await pilot.press("enter")
        await opened(pilot, app, STORY)
        assert isinstance(app.screen, ReadingScreen)


async def test_search_waits_for_a_pause_and_latest_query_wins(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        screen = await open_search(pilot, app)
        await pilot.press(*"harbour")
        await wait_until(pilot, lambda: screen.query_shown == "harbour")
        # typing fast runs one search, not seven (two if the machine stalls)
        assert library.searches[-1] == "harbour" and len(library.searches) <= 2
        await pilot.press(*"xyz", "ctrl+u")
        await wait_until(pilot, lambda: screen.query_shown == "")
        await pilot.pause(0.3)
        assert screen.query_shown == ""
        assert "Type to search" in screen_text(app)


async def test_search_results_from_hostile_pages_show_literally(library: FakeLibrary) -> None:
    library.hits = [
        SearchHit(
            f"{NEWS}/evil",
            (SnippetPart("[bold]Boom[/] "), SnippetPart("[@click=app.quit]", True)),
            (SnippetPart("a [/] stray "), SnippetPart("\x1b]52;c;aGk=\x07bell", True)),
            site="[red]Site",
            saved=True,
            bookmarked=False,
            tags=("[b]",),
        )
    ]
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        screen = await open_search(pilot, app)
        await pilot.press(*"boom")
        await wait_until(pilot, lambda: screen.query_shown == "boom")
        text = screen_text(app)
        assert "[bold]Boom[/] [@click=app.quit]" in text
        assert "[red]Site · #[b]" in text
        assert "a [/] stray" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("down")
        await pilot.click(screen.results, offset=(5, 0))
        await pilot.pause()
        assert app.is_running


async def test_library_screens_open_from_the_start_screen(library: FakeLibrary) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        screen = await open_search(pilot, app)
        await pilot.press(*"cranes")
        await wait_until(pilot, lambda: screen.query_shown == "cranes")
        await pilot.press("enter")
        await opened(pilot, app, STORY)
        assert isinstance(app.screen, ReadingScreen)
        assert len(app.screen_stack) == 1
