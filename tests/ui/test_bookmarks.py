"""Bookmarks: m on a page (dialog with tags and a note), the star in the
status bar, and the bookmarks screen (filter, open, delete and undo, edit)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.pilot import Pilot

from reader.core.models import Bookmark
from reader.ui.app import ReaderApp
from reader.ui.screens.bookmark_dialog import BookmarkDialog, TagSuggester, split_tags
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.reading import ReadingScreen
from tests.ui.fakes import (
    FIXED_NOW,
    NEWS,
    FakeLibrary,
    messages,
    opened,
    screen_text,
    wait_until,
)

STORY = f"{NEWS}/story"
LONG = f"{NEWS}/long"


def three_bookmarks(library: FakeLibrary) -> None:
    library.add_bookmarks(
        Bookmark(
            f"{NEWS}/tram",
            "Tram line reaches the harbour",
            ("transport",),
            "ask about night trams",
            FIXED_NOW - timedelta(days=2),
        ),
        Bookmark(
            STORY,
            "Harbour cranes return to the old port",
            ("harbour", "history"),
            "",
            FIXED_NOW - timedelta(days=1),
        ),
        Bookmark(LONG, "A long read", (), "", FIXED_NOW),
    )


def test_split_tags() -> None:
    assert split_tags("News, to-read  #Harbour,,news") == ("news", "to-read", "harbour")
    assert split_tags("  ") == ()


async def test_tag_suggester_completes_the_last_word() -> None:
    suggester = TagSuggester(["transport", "travel", "harbour"])
    assert await suggester.get_suggestion("news, tra") == "news, transport"
    assert await suggester.get_suggestion("transport tra") == "transport travel"
    assert await suggester.get_suggestion("news, ") is None
    assert await suggester.get_suggestion("zzz") is None


async def test_m_bookmarks_the_page_with_tags_and_a_note(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        status = app.reading_screen.status_bar
        assert not status.bookmarked
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        assert "Bookmark this page" in screen_text(app)
        assert "Harbour cranes return to the old port" in screen_text(app)
        await pilot.press(*"harbour, to-read", "tab", *"for the weekend", "enter")
        await wait_until(pilot, lambda: library.bookmark(STORY) is not None)
        bookmark = library.bookmark(STORY)
        assert bookmark is not None
        assert bookmark.title == "Harbour cranes return to the old port"
        assert bookmark.tags == ("harbour", "to-read")
        assert bookmark.note == "for the weekend"
        await wait_until(pilot, lambda: status.bookmarked)
        assert app.page_bookmark.current is not None
        assert "★" in screen_text(app).splitlines()[-2]


async def test_escape_cancels_the_bookmark_dialog(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        await pilot.press(*"news", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        assert library.bookmark(STORY) is None


async def test_m_on_a_bookmarked_page_edits_or_removes_it(library: FakeLibrary) -> None:
    library.add_bookmarks(Bookmark(STORY, "Harbour cranes", ("harbour",), "old note", FIXED_NOW))
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        status = app.reading_screen.status_bar
        await wait_until(pilot, lambda: status.bookmarked)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        assert "Edit bookmark" in screen_text(app)
        assert "ctrl+d remove" in screen_text(app)
        assert dialog.tags_input.value.strip() == "harbour"
        assert dialog.note_input.value == "old note"
        await pilot.press(*"cranes", "enter")
        await wait_until(pilot, lambda: library.bookmark(STORY).tags == ("cranes", "harbour"))  # type: ignore[union-attr]
        # one key and one confirmation take it off
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: library.bookmark(STORY) is None)
        await wait_until(pilot, lambda: not status.bookmarked)
        assert app.page_bookmark.current is None


async def test_a_bookmark_removed_with_the_dialog_is_put_back_whole_by_m(
    library: FakeLibrary,
) -> None:
    """Removing is undone by the key the message names, tags, note and date kept."""
    kept = Bookmark(STORY, "Harbour cranes", ("harbour", "ports"), "old note", FIXED_NOW)
    library.add_bookmarks(kept)
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        status = app.reading_screen.status_bar
        await wait_until(pilot, lambda: status.bookmarked)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: library.bookmark(STORY) is None)
        await wait_until(pilot, lambda: "m puts it back" in " ".join(messages(app)))
        await pilot.press("m")
        await wait_until(pilot, lambda: library.bookmark(STORY) == kept)
        await wait_until(pilot, lambda: status.bookmarked)
        assert not isinstance(app.screen, BookmarkDialog)
        await pilot.press("m")  # now it edits again
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))


async def test_known_tags_are_suggested(library: FakeLibrary) -> None:
    three_bookmarks(library)
    library.remove_bookmark(STORY)
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        await wait_until(pilot, lambda: isinstance(dialog.tags_input.suggester, TagSuggester))
        await pilot.press(*"tra")
        await wait_until(pilot, lambda: dialog.tags_input._suggestion == "transport")
        await pilot.press("right", "enter")
        await wait_until(pilot, lambda: library.bookmark(STORY) is not None)
        assert library.bookmark(STORY).tags == ("transport",)  # type: ignore[union-attr]


async def open_bookmarks(pilot: Pilot[Any], app: ReaderApp) -> BookmarksScreen:
    await pilot.press("B")
    await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
    screen = app.screen
    assert isinstance(screen, BookmarksScreen)
    await wait_until(pilot, lambda: screen.loaded)
    return screen


async def test_bookmarks_screen_lists_filters_and_opens(library: FakeLibrary) -> None:
    three_bookmarks(library)
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        screen = await open_bookmarks(pilot, app)
        assert screen.bookmark_urls() == [LONG, STORY, f"{NEWS}/tram"]
        text = screen_text(app)
        assert "Tram line reaches the harbour" in text
        assert "news.example.com · 23 Nov 2026 · ○ not saved  #transport" in text
        assert "ask about night trams" in text
        assert "#harbour #history" in text
        await pilot.press(*"harb")
        await wait_until(pilot, lambda: screen.bookmark_urls() == [STORY, f"{NEWS}/tram"])
        await pilot.press(*" trams")
        await wait_until(pilot, lambda: screen.bookmark_urls() == [f"{NEWS}/tram"])
        await pilot.press(*"zzz")
        await wait_until(pilot, lambda: screen.bookmark_urls() == [])
        # "harb tramsz" empties the list too: wait for the last filter's line
        await wait_until(
            pilot, lambda: "No bookmark matches “harb tramszzz” in to read." in screen_text(app)
        )
        for _ in "zzz":
            await pilot.press("backspace")
        await wait_until(pilot, lambda: screen.bookmark_urls() == [f"{NEWS}/tram"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: library.opened[-1] == f"{NEWS}/tram")
        assert not isinstance(app.screen, BookmarksScreen)


async def test_bookmarks_screen_open_with_the_keyboard_from_the_list(library: FakeLibrary) -> None:
    three_bookmarks(library)
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        screen = await open_bookmarks(pilot, app)
        await pilot.press("down")
        assert screen.results.has_focus
        await pilot.press("down")
        assert screen.highlighted_url == STORY
        await pilot.press("up", "up")
        assert screen.input.has_focus
        await pilot.press("down", "down", "enter")
        await opened(pilot, app, STORY)
        assert isinstance(app.screen, ReadingScreen)


async def test_bookmarks_screen_deletes_and_undoes(library: FakeLibrary) -> None:
    three_bookmarks(library)
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        await wait_until(pilot, lambda: app.reading_screen.status_bar.bookmarked)
        screen = await open_bookmarks(pilot, app)
        await pilot.press("down", "down")
        assert screen.highlighted_url == STORY
        await pilot.press("delete")
        await wait_until(pilot, lambda: screen.bookmark_urls() == [LONG, f"{NEWS}/tram"])
        assert library.bookmark(STORY) is None
        assert "ctrl+z undoes" in screen_text(app)
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: screen.bookmark_urls() == [LONG, STORY, f"{NEWS}/tram"])
        restored = library.bookmark(STORY)
        assert restored is not None and restored.tags == ("harbour", "history")
        assert screen.highlighted_url == STORY
        await pilot.press("delete")
        await wait_until(pilot, lambda: library.bookmark(STORY) is None)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        # the page on screen lost its bookmark: the star goes
        await wait_until(pilot, lambda: not app.reading_screen.status_bar.bookmarked)


async def test_deleting_the_last_bookmark_still_undoes(library: FakeLibrary) -> None:
    library.add_bookmarks(Bookmark(STORY, "Harbour cranes", (), "", FIXED_NOW))
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        screen = await open_bookmarks(pilot, app)
        await pilot.press("down", "delete")
        await wait_until(pilot, lambda: screen.bookmark_urls() == [])
        assert "No bookmarks yet" in screen_text(app)
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: screen.bookmark_urls() == [STORY])
        assert screen.input.value == ""


async def test_bookmarks_screen_edits_tags(library: FakeLibrary) -> None:
    three_bookmarks(library)
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        screen = await open_bookmarks(pilot, app)
        await pilot.press("down", "ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        assert dialog.page_title == "A long read"
        await pilot.press(*"longreads", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: library.bookmark(LONG).tags == ("longreads",))  # type: ignore[union-attr]
        await wait_until(pilot, lambda: "#longreads" in screen_text(app))


async def test_bookmarks_screen_empty_and_escape(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        await open_bookmarks(pilot, app)
        assert "No bookmarks yet. Press m while reading to keep a page here." in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))


async def test_bookmark_titles_from_pages_show_literally(library: FakeLibrary) -> None:
    library.add_bookmarks(
        Bookmark(
            f"{NEWS}/x", "[bold]Boom[/] [@click=app.quit]click[/]", ("[red]",), "[/]", FIXED_NOW
        )
    )
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        await open_bookmarks(pilot, app)
        text = screen_text(app)
        assert "[bold]Boom[/] [@click=app.quit]click[/]" in text
        assert "#[red]" in text


def test_listing_status_says_when_only_the_newest_are_listed() -> None:
    from reader.core.records import BookmarkCounts
    from reader.ui.bookmark_queue import VIEWS, Listing

    shown = [Bookmark(f"{NEWS}/{i}") for i in range(3)]
    assert Listing("", shown, [], 3).status() == ""
    assert Listing("", shown, [], 5000).status() == "The newest 3 of 5,000 · type to narrow"
    assert Listing("", shown, [], 5000, capped=True, oldest_first=True).status() == (
        "The oldest 3 of 5,000+ · type to narrow"
    )
    assert Listing("x", [], [], 0).status() == (
        "No bookmark matches “x” in to read. ctrl+o changes the view."
    )
    assert Listing("x is:read", [], [], 0).status() == (
        "No bookmark matches “x is:read”. ctrl+o changes the view."
    )
    assert Listing("", [], [], 0).status(BookmarkCounts()) == (
        "No bookmarks yet. Press m while reading to keep a page here."
    )
    assert Listing("", [], [], 0).status(BookmarkCounts(read=2)) == (
        "Nothing left to read. ctrl+o shows the others."
    )
    assert Listing("", [], [], 0, view=VIEWS[3]).status(BookmarkCounts(read=2)) == (
        "Nothing in the archive. ctrl+o changes the view."
    )
    assert (
        Listing("", [], [], 0, error="disk full").status()
        == "Could not read the bookmarks: disk full"
    )
