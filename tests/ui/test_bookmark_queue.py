"""The read-later queue (issue 14) by keyboard: the bookmarks screen opens
on the bookmarks to read, ctrl+o goes through the views with their counts,
ctrl+u / ctrl+a / ctrl+s / ctrl+t / ctrl+z change and undo (the fake
library's state checked), `#tag` and `is:` typed in the box; `e` exports
the story on screen; bookmarked pages saved in the background fill their
rows in; the queue's counts on the start and news screens."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.core.bookmark_query import parse_query
from reader.core.errors import NotSaved, ReaderError
from reader.core.models import Bookmark
from reader.core.paths import Paths
from reader.ui import bookmark_saver
from reader.ui.app import ReaderApp
from reader.ui.bookmark_queue import VIEWS, query_text
from reader.ui.screens.bookmarks import PAGE, BookmarksScreen
from reader.ui.screens.news import NewsScreen
from reader.ui.screens.start import StartScreen
from reader.ui.widgets.queue_line import QueueLine
from tests.ui.fakes import (
    FIXED_NOW,
    NEWS,
    FakeLibrary,
    messages,
    news_library,
    opened,
    screen_text,
    wait_until,
)

STORY = f"{NEWS}/story"
LONG = f"{NEWS}/long"
TRAM = f"{NEWS}/tram"
COMET = "https://other.example.org/comet"
FERRY = f"{NEWS}/ferry"


def queue(library: FakeLibrary) -> None:
    """Two to read (one a favourite), one read, one archived."""
    library.add_bookmarks(
        Bookmark(
            TRAM, "Tram line reaches the harbour", ("transport",), "ask about night trams",
            FIXED_NOW - timedelta(days=3), saved=True, words=1200, site="Harbour Times",
        ),
        Bookmark(
            STORY, "Harbour cranes return", ("harbour",), "", FIXED_NOW - timedelta(days=2),
            favourite=True,
        ),
        Bookmark(COMET, "A comet visits", ("space",), "", FIXED_NOW - timedelta(days=1),
                 state="read"),
        Bookmark(FERRY, "The old ferry is sold", ("harbour",), "", FIXED_NOW - timedelta(hours=5),
                 state="archived", save_error="could not connect"),
    )  # fmt: skip


async def bookmarks_screen(pilot: Pilot[Any], app: ReaderApp) -> BookmarksScreen:
    await pilot.press("B")
    await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
    screen = app.screen
    assert isinstance(screen, BookmarksScreen)
    await wait_until(pilot, lambda: screen.loaded and screen.counts is not None)
    return screen


async def listed(pilot: Pilot[Any], screen: BookmarksScreen, urls: list[str]) -> None:
    await wait_until(pilot, lambda: screen.bookmark_urls() == urls)


def heading(app: ReaderApp) -> str:
    return next(line for line in screen_text(app).splitlines() if "Bookmarks" in line).strip()


async def test_the_queue_opens_on_the_bookmarks_to_read_with_counts(library: FakeLibrary) -> None:
    queue(library)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        assert screen.bookmark_urls() == [STORY, TRAM]  # to read, newest first
        assert heading(app) == "Bookmarks  To read 2 · All 4 · Read 1 · Archive 1 · ★ 1"
        text = screen_text(app)
        assert "★ Harbour cranes return" in text
        assert "news.example.com · 23 Nov 2026 · ○ not saved  #harbour" in text
        # site, date added, reading time (1,200 words), offline mark, tags; the note
        assert "Harbour Times · 22 Nov 2026 · 6 min · ● saved  #transport" in text
        assert "ask about night trams" in text
        assert "Comet" not in text and "ferry" not in text


async def test_ctrl_o_goes_through_the_views(library: FakeLibrary) -> None:
    queue(library)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        expected = [
            ("all", [FERRY, COMET, STORY, TRAM]),
            ("read", [COMET]),
            ("archived", [FERRY]),
            ("favourite", [STORY]),
            ("unread", [STORY, TRAM]),
        ]
        for name, urls in expected:
            await pilot.press("ctrl+o")
            assert screen.view.name == name
            await listed(pilot, screen, urls)
        await pilot.press("ctrl+o", "ctrl+o", "ctrl+o")  # the archive: its row says why
        await listed(pilot, screen, [FERRY])
        assert "✗ not saved: could not connect" in screen_text(app)
        await pilot.press("ctrl+o", "ctrl+o", "ctrl+o")  # all: each row says its state
        await listed(pilot, screen, [FERRY, COMET, STORY, TRAM])
        text = screen_text(app)
        assert "· ✓ read" in text and "· archived" in text


async def test_ctrl_u_marks_read_and_ctrl_z_puts_it_back(library: FakeLibrary) -> None:
    queue(library)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        await pilot.press("down")
        assert screen.highlighted_url == STORY
        await pilot.press("ctrl+u")
        await listed(pilot, screen, [TRAM])  # it left the queue
        assert library.bookmark(STORY).state == "read"  # type: ignore[union-attr]
        assert "Marked read “Harbour cranes return” · ctrl+z undoes" in messages(app)
        await wait_until(pilot, lambda: "To read 1 · All 4 · Read 2" in heading(app))
        assert screen.highlighted_url == TRAM  # the cursor went to the next one
        await pilot.press("ctrl+z")
        await listed(pilot, screen, [STORY, TRAM])
        assert library.bookmark(STORY).state == "unread"  # type: ignore[union-attr]
        await wait_until(pilot, lambda: "To read 2 · All 4 · Read 1" in heading(app))
        # in the Read view, ctrl+u makes it unread again
        await pilot.press("ctrl+o", "ctrl+o")
        await listed(pilot, screen, [COMET])
        await pilot.press("down", "ctrl+u")
        await listed(pilot, screen, [])
        assert library.bookmark(COMET).state == "unread"  # type: ignore[union-attr]
        assert "Marked unread “A comet visits” · ctrl+z undoes" in messages(app)


async def test_ctrl_a_archives_and_takes_out_of_the_archive(library: FakeLibrary) -> None:
    queue(library)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        await pilot.press("down", "down")
        assert screen.highlighted_url == TRAM
        await pilot.press("ctrl+a")
        await listed(pilot, screen, [STORY])
        assert library.bookmark(TRAM).state == "archived"  # type: ignore[union-attr]
        assert "Archived “Tram line reaches the harbour” · ctrl+z undoes" in messages(app)
        await pilot.press("ctrl+o", "ctrl+o", "ctrl+o")
        await listed(pilot, screen, [FERRY, TRAM])
        assert screen.highlighted_url == FERRY and screen.results.has_focus
        await pilot.press("ctrl+a")
        await listed(pilot, screen, [TRAM])
        assert library.bookmark(FERRY).state == "unread"  # type: ignore[union-attr]
        assert "Out of the archive “The old ferry is sold” · ctrl+z undoes" in messages(app)


async def test_ctrl_s_stars_and_ctrl_t_turns_the_order(library: FakeLibrary) -> None:
    queue(library)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        await pilot.press("ctrl+t")
        await listed(pilot, screen, [TRAM, STORY])  # oldest first
        assert screen.oldest_first
        assert screen.highlighted_url == STORY  # the cursor stays with its bookmark
        await pilot.press("down", "up", "ctrl+s")
        await wait_until(pilot, lambda: library.bookmark(TRAM).favourite)  # type: ignore[union-attr]
        await wait_until(pilot, lambda: "★ Tram line reaches the harbour" in screen_text(app))
        await wait_until(pilot, lambda: heading(app).endswith("★ 2"))
        assert screen.highlighted_url == TRAM  # starring keeps the row where it is
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not library.bookmark(TRAM).favourite)  # type: ignore[union-attr]
        assert "Unstarred “Tram line reaches the harbour” · ctrl+z undoes" in messages(app)
        await pilot.press("ctrl+t")
        await listed(pilot, screen, [STORY, TRAM])


async def test_ctrl_z_undoes_the_last_change_of_any_kind(library: FakeLibrary) -> None:
    queue(library)
    before = {url: (b.state, b.favourite) for url, b in library.saved_bookmarks.items()}
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        await pilot.press("down", "ctrl+s")  # star the crane story off
        await wait_until(pilot, lambda: not library.bookmark(STORY).favourite)  # type: ignore[union-attr]
        await pilot.press("ctrl+a")  # archive it
        await listed(pilot, screen, [TRAM])
        await wait_until(pilot, lambda: screen.results.has_focus)
        await pilot.press("delete")  # delete the tram
        await listed(pilot, screen, [])
        assert library.bookmark(TRAM) is None
        await pilot.press("ctrl+z")
        await listed(pilot, screen, [TRAM])
        await pilot.press("ctrl+z")
        await listed(pilot, screen, [STORY, TRAM])
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: library.bookmark(STORY).favourite)  # type: ignore[union-attr]
        after = {url: (b.state, b.favourite) for url, b in library.saved_bookmarks.items()}
        assert after == before
        await wait_until(pilot, lambda: not screen.changes)
        assert screen.check_action("undo", ()) is False


async def test_tags_and_states_typed_in_the_box(library: FakeLibrary) -> None:
    queue(library)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        await pilot.press(*"#harbour")  # the view still holds: to read
        await listed(pilot, screen, [STORY])
        await pilot.press(*" is:archived")  # an explicit is: overrides the view
        await listed(pilot, screen, [FERRY])
        assert "To read" not in [part.strip() for part in heading(app).split("·")]
        screen.input.value = ""
        await pilot.press(*"is:fav")
        await listed(pilot, screen, [STORY])
        screen.input.value = ""
        await pilot.press(*"#space")
        await wait_until(
            pilot, lambda: "No bookmark matches “#space” in to read" in screen_text(app)
        )
        await pilot.press("ctrl+o")  # all
        await listed(pilot, screen, [COMET])
        screen.input.value = ""
        await pilot.press(*"sort:oldest")
        await listed(pilot, screen, [TRAM, STORY, COMET, FERRY])


def test_the_filter_sent_to_the_library() -> None:
    to_read, everything = VIEWS[0], VIEWS[1]
    assert query_text("", to_read, False) == "is:unread"
    assert query_text("#sport", to_read, True) == "is:unread #sport sort:oldest"
    assert query_text("is:archived kota", to_read, False) == "is:archived kota"
    assert query_text("sort:newest", everything, True) == "sort:newest"
    assert query_text("is:saved", to_read, False) == "is:unread is:saved"


async def test_more_bookmarks_come_when_the_cursor_nears_the_end(library: FakeLibrary) -> None:
    count = PAGE * 3 + 5
    library.add_bookmarks(
        *(
            Bookmark(f"{NEWS}/n/{i}", f"Story {i}", (), "", FIXED_NOW - timedelta(minutes=i))
            for i in range(count)
        )
    )
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        assert len(screen.bookmark_urls()) == PAGE
        assert f"The newest {PAGE} of {count} · type to narrow" in screen_text(app)
        # scrolling to the end (the wheel: the cursor stays) loads the next page
        screen.results.scroll_end(animate=False)
        await wait_until(pilot, lambda: len(screen.bookmark_urls()) == PAGE * 2)
        assert screen.highlighted_url == f"{NEWS}/n/0"
        # so does the cursor near the end
        await pilot.press("down", "end")
        await wait_until(pilot, lambda: len(screen.bookmark_urls()) >= PAGE * 3)
        for _ in range(3):
            await pilot.press("end")
            await pilot.pause(0.05)
        await wait_until(pilot, lambda: len(screen.bookmark_urls()) == count)
        assert screen.bookmark_urls() == [f"{NEWS}/n/{i}" for i in range(count)]
        assert screen.results.option_count == count
        await wait_until(pilot, lambda: "type to narrow" not in screen_text(app))


# -- e: export the story on screen


def library_at(tmp_path: Path) -> FakeLibrary:
    from tests.ui.fakes import long_article, sample_article

    library = FakeLibrary(paths=Paths(tmp_path / "data", tmp_path / "config", tmp_path))
    for article in (sample_article(), long_article()):
        assert article.url
        library.articles[article.url] = article
    return library


async def test_e_exports_the_story_on_screen_to_markdown(tmp_path: Path) -> None:
    library = library_at(tmp_path)
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("e")
        await wait_until(pilot, lambda: library.exported == [STORY])
        written = tmp_path / "exports" / "story.md"
        assert written.read_text().startswith("# Harbour cranes return to the old port")
        await wait_until(pilot, lambda: any(m.startswith("Exported to ") for m in messages(app)))
        assert f"Exported to {written}" in messages(app)


class UnexportableLibrary(FakeLibrary):
    """Exports fail: `failure` is raised."""

    failure: ReaderError = NotSaved("not stored")

    def export_story_markdown(self, url: str, folder: Path | None = None) -> Path:
        raise self.failure


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (NotSaved("no"), "Not exported: this story is not stored for offline reading."),
        (ReaderError("the disk is full"), "Could not export the story: the disk is full"),
    ],
)
async def test_e_says_why_a_story_was_not_exported(failure: ReaderError, said: str) -> None:
    from tests.ui.fakes import sample_article

    library = UnexportableLibrary()
    library.failure = failure
    library.articles[STORY] = sample_article()
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("e")
        await wait_until(pilot, lambda: said in messages(app))


async def test_export_is_in_the_palette_on_the_reading_screen_only(library: FakeLibrary) -> None:
    from reader.ui.commands import palette_commands

    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, STORY)
        commands = {c.title: c.help for c in palette_commands(app, app.screen)}
        assert commands["Export the story to Markdown"].startswith("e · ")
        screen = await bookmarks_screen(pilot, app)
        titles = {c.title for c in palette_commands(app, screen)}
        assert "Export the story to Markdown" not in titles
        assert {"Next bookmarks view", "Newest or oldest bookmarks first"} <= titles


# -- pages saved in the background


@pytest.fixture
def soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """The round of saving after start begins at once."""
    monkeypatch.setattr(bookmark_saver, "START_DELAY", 0.05)
    monkeypatch.setattr(bookmark_saver, "REFRESH_EVERY", 0.05)


@pytest.mark.usefixtures("soon")
async def test_a_page_saved_in_the_background_fills_its_row_in(library: FakeLibrary) -> None:
    library.add_bookmarks(Bookmark(STORY, "", (), "", FIXED_NOW))
    library.saves_held = asyncio.Event()
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, LONG)
        await bookmarks_screen(pilot, app)
        assert STORY in [line.strip() for line in screen_text(app).splitlines()]  # untitled
        assert "○ not saved" in screen_text(app)
        library.saves_held.set()
        await wait_until(pilot, lambda: library.bookmark(STORY).saved)  # type: ignore[union-attr]
        await wait_until(pilot, lambda: "Harbour cranes return to the old port" in screen_text(app))
        assert "Kabar Nusa · 25 Nov 2026 · 2 min · ● saved" in screen_text(app)
        assert messages(app) == []  # quietly


@pytest.mark.usefixtures("soon")
async def test_no_network_saves_nothing_and_says_nothing(library: FakeLibrary) -> None:
    library.add_bookmarks(Bookmark(STORY, "Cranes", (), "", FIXED_NOW))
    library.offline = True
    library.stored.add(LONG)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, LONG)
        await wait_until(pilot, lambda: app.bookmark_saver.runs == 1)
        await pilot.pause(0.1)
        assert not library.bookmark(STORY).saved  # type: ignore[union-attr]
        assert not [m for m in messages(app) if "save" in m.lower()]


async def test_m_on_a_page_not_stored_saves_it_at_once(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("m")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await wait_until(pilot, lambda: library.bookmark(STORY) is not None)
        await wait_until(pilot, lambda: library.bookmark(STORY).saved)  # type: ignore[union-attr]
        assert app.bookmark_saver.runs == 1


async def test_quitting_stops_the_saving(library: FakeLibrary) -> None:
    library.add_bookmarks(
        *(Bookmark(f"{NEWS}/n/{i}", f"Story {i}", (), "", FIXED_NOW) for i in range(50))
    )
    library.save_delay = 0.05
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, LONG)
        app.bookmark_saver.save(None, 50)
        await wait_until(pilot, lambda: any(b.saved for b in library.saved_bookmarks.values()))
        await app.action_quit()
    assert library.closed
    assert app.bookmark_saver.runs == 1
    assert not all(b.saved for b in library.saved_bookmarks.values())


# -- the queue's counts on the start and news screens


async def test_the_start_screen_shows_the_queue(library: FakeLibrary) -> None:
    queue(library)
    app = ReaderApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        line = app.screen.query_one(QueueLine)
        await wait_until(pilot, lambda: line.counts is not None)
        assert "Bookmarks: 2 to read · 1 favourite · B opens them" in screen_text(app)
        await pilot.press("B")
        screen = await wait_for_bookmarks(pilot, app)
        await pilot.press("down", "ctrl+u")
        await listed(pilot, screen, [TRAM])
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await wait_until(pilot, lambda: "Bookmarks: 1 to read · 1 favourite" in screen_text(app))


async def wait_for_bookmarks(pilot: Pilot[Any], app: ReaderApp) -> BookmarksScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
    screen = app.screen
    assert isinstance(screen, BookmarksScreen)
    await wait_until(pilot, lambda: screen.loaded)
    return screen


async def test_the_start_screen_says_nothing_without_bookmarks(library: FakeLibrary) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        line = app.screen.query_one(QueueLine)
        await wait_until(pilot, lambda: line.counts is not None)
        assert not line.display or not line.has_class("-shown")
        assert "to read" not in screen_text(app)


async def test_the_news_screen_shows_the_queue_without_a_key_that_types() -> None:
    library = news_library()
    queue(library)
    app = ReaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NewsScreen) and app.screen.loaded)
        line = app.screen.query_one(QueueLine)
        await wait_until(pilot, lambda: line.counts is not None)
        text = screen_text(app)
        assert "Bookmarks: 2 to read · ★ 1" in text
        assert "B opens" not in text


# -- with the real library


async def test_the_queue_with_the_real_library(tmp_path: Path) -> None:
    """The store's filter language and states through the screen: `#sport`
    finds what is tagged sport, ctrl+a archives in the store, ctrl+z puts it
    back, `is:archived` overrides the view (offline: nothing is fetched)."""
    from reader.library import Library

    paths = Paths(tmp_path / "data", tmp_path / "config", tmp_path)
    library = Library(paths=paths, offline=True)
    library.add_bookmark("https://a.example/derby", "Derby day", ["sport"])
    library.add_bookmark("https://a.example/budget", "Budget vote", ["city"])
    library.add_bookmark("https://a.example/old", "An old match", ["sport"], state="archived")
    app = ReaderApp(library)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause(0.2)
        await pilot.press("B")
        screen = await wait_for_bookmarks(pilot, app)
        await wait_until(pilot, lambda: screen.counts is not None)
        assert heading(app) == "Bookmarks  To read 2 · All 3 · Read 0 · Archive 1 · ★ 0"
        assert screen.bookmark_urls() == ["https://a.example/budget", "https://a.example/derby"]
        await pilot.press(*"#sport")
        await listed(pilot, screen, ["https://a.example/derby"])
        await pilot.press("down", "ctrl+a")
        await listed(pilot, screen, [])
        found = library.bookmark("https://a.example/derby")
        assert found is not None and found.state == "archived"
        await pilot.press("ctrl+z")
        await listed(pilot, screen, ["https://a.example/derby"])
        found = library.bookmark("https://a.example/derby")
        assert found is not None and found.state == "unread"
        screen.input.value = "is:archived"
        await listed(pilot, screen, ["https://a.example/old"])
        await pilot.press("escape", "escape")
    await library.close()


# -- failures and hostile text


class BrokenLibrary(FakeLibrary):
    """The library cannot list bookmarks (a damaged store)."""

    def bookmark_listing(
        self, text: str = "", *, limit: int | None = None, offset: int = 0, tag: str | None = None
    ) -> Any:
        raise ReaderError("the library file is damaged")


async def test_a_library_that_cannot_list_says_so() -> None:
    from tests.ui.fakes import sample_article

    library = BrokenLibrary()
    library.articles[STORY] = sample_article()
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, STORY)
        screen = await bookmarks_screen(pilot, app)
        assert screen.bookmark_urls() == []
        assert "Could not read the bookmarks: the library file is damaged" in screen_text(app)


def test_a_row_shows_page_and_import_text_as_text() -> None:
    from reader.ui.bookmark_queue import bookmark_prompt

    prompt = bookmark_prompt(
        Bookmark(
            STORY,
            "[bold]Boom[/] \x1b[2J",
            ("[red]",),
            "[/]",
            FIXED_NOW,
            site="[@click=app.quit]site[/]",
            save_error="\x1b]52;c;aGk=\x07[/] refused",
            favourite=True,
        )
    )
    plain = prompt.plain
    assert "★ [bold]Boom[/]" in plain
    assert "[@click=app.quit]site[/]" in plain
    assert "✗ not saved: [/] refused" in plain
    assert "#[red]" in plain and "[/]" in plain
    assert "\x1b" not in plain and "\x07" not in plain


async def test_the_footer_offers_undo_after_a_change(library: FakeLibrary) -> None:
    from reader.ui.widgets.footer import ReaderFooter

    queue(library)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(120, 30)) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        footer = screen.query_one(ReaderFooter)

        def offered() -> set[str]:
            return {description for _key, description, *_ in footer._hints()[0]}

        await pilot.press("down")
        assert "Undo" not in offered()
        assert {"Read/unread", "Archive", "Star"} <= offered()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Undo" in offered())
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: "Undo" not in offered())


async def test_e_exports_a_demo_story_with_the_real_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over loopback: the story read is stored, `e` writes it as Markdown
    into READER_HOME/exports and says where."""
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    from reader.demo.server import DemoServer
    from reader.library import Library

    with DemoServer() as demo:
        lead = demo.lead_url
        library = Library()
        app = ReaderApp(library, source=lead)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_until(pilot, lambda: app.reading is not None, limit=15)
            await pilot.pause(0.5)  # the page is stored a moment after it is shown
            await pilot.press("e")
            await wait_until(pilot, lambda: any("Exported to" in m for m in messages(app)), 10)
    written = list((tmp_path / "home" / "exports").glob("*.md"))
    assert len(written) == 1
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith("---\n") and lead in text
    assert f"Exported to {written[0]}" in messages(app)


async def test_a_change_far_down_the_list_keeps_the_cursor_there(library: FakeLibrary) -> None:
    count = PAGE * 2 + 5
    urls = [f"{NEWS}/n/{i}" for i in range(count)]
    library.add_bookmarks(
        *(
            Bookmark(url, f"Story {i}", (), "", FIXED_NOW - timedelta(minutes=i))
            for i, url in enumerate(urls)
        )
    )
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, LONG)
        screen = await bookmarks_screen(pilot, app)
        await pilot.press("down", "end")
        await wait_until(pilot, lambda: len(screen.bookmark_urls()) >= PAGE * 2)
        target = PAGE + 10
        screen.results.highlighted = target
        await pilot.pause()
        assert screen.highlighted_url == urls[target]
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: urls[target] not in screen.bookmark_urls())
        assert screen.highlighted_url == urls[target + 1]
        assert len(screen.bookmark_urls()) >= PAGE * 2 - 1


def test_the_view_narrows_the_filter_unless_it_names_states() -> None:
    """The bookmarks screen asks the library for its view's states, unless
    the filter typed names states itself (then the filter chooses)."""
    to_read = VIEWS[0]
    assert parse_query(query_text("kata", to_read, False)).states == {"unread"}
    assert parse_query(query_text("is:read", to_read, False)).states == {"read"}
