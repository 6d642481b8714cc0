"""The app with a fake library: opening, scrolling, errors, dialogs, safety."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input, OptionList

from reader.core.errors import Offline
from reader.core.models import Article, Block, BlockKind, Span
from reader.core.records import RecentPage
from reader.ui.app import ReaderApp
from reader.ui.screens.error import ErrorDialog
from reader.ui.screens.open_url import OpenURLDialog
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.start import StartScreen
from reader.ui.widgets.article_view import ArticleView
from tests.ui.fakes import (
    FIXED_NOW,
    FakeLibrary,
    para,
    recorder,
    screen_text,
    view_of,
    wait_until,
)

STORY = "https://news.example.com/story"
LONG = "https://news.example.com/long"


async def test_opens_the_source_and_shows_title_and_body(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        text = screen_text(app)
        assert "Harbour cranes return to the old port" in text
        assert "Ana Lima · 25 Nov 2026 14:05 · Example News · 1 min read" in text
        assert "The cranes that once lined the harbour are back" in text
        assert "Example News" in text.splitlines()[-2]  # status line
        assert app.history.sources == [STORY]
        assert isinstance(app.focused, ArticleView)


async def test_scroll_keys(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        view = view_of(app)
        page = view.page_lines
        assert view.scroll_y == 0
        await pilot.press("j")
        assert view.scroll_y == 1
        await pilot.press("down", "down")
        assert view.scroll_y == 3
        await pilot.press("k")
        assert view.scroll_y == 2
        await pilot.press("space")
        assert view.scroll_y == 2 + page
        await pilot.press("pagedown")
        assert view.scroll_y == 2 + 2 * page
        await pilot.press("b")
        assert view.scroll_y == 2 + page
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert screen_text(app).splitlines()[-2].rstrip().endswith("100%")
        await pilot.press("home")
        assert view.scroll_y == 0


async def test_resize_reflows_the_article(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(200, 60)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        view = view_of(app)
        assert view.text_width == 80
        lines_wide = view.line_count
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert view.text_width < 60
        assert view.line_count > lines_wide


async def test_error_is_shown_and_dismissed(library: FakeLibrary) -> None:
    source = "https://down.example.com/"
    library.errors[source] = Offline("Could not connect to down.example.com: connection refused.")
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        app.open_source(source)
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog))
        assert "Could not connect to down.example.com: connection refused." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        # the previous page is still there and the app still works
        assert app.reading is not None and app.reading.source == STORY
        await pilot.press("j")
        assert view_of(app).scroll_y == 1


async def test_unexpected_exception_becomes_a_message(library: FakeLibrary) -> None:
    library.errors["boom"] = RuntimeError("kaput [/]")
    app = ReaderApp(library, source="boom")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog))
        assert "Unexpected error while opening boom: kaput [/]" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # nothing was ever read: back to the start screen
        assert isinstance(app.screen, StartScreen)


async def test_loading_keeps_the_old_page_readable(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        library.delay = 0.3
        app.open_source(LONG)
        await pilot.pause()
        assert app.loading_source == LONG
        assert "Harbour cranes" in screen_text(app)
        assert "Opening https://news.example.com/long" in screen_text(app)
        await wait_until(pilot, lambda: app.loading_source is None)
        assert app.reading is not None and app.reading.source == LONG
        assert app.history.sources == [STORY, LONG]


async def test_a_newer_load_wins(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        library.delay = 0.2
        app.open_source(LONG)
        app.open_source(STORY)
        await wait_until(pilot, lambda: app.loading_source is None)
        await asyncio.sleep(0.3)
        await pilot.pause()
        assert app.reading is not None and app.reading.source == STORY


async def test_reload_keeps_the_position(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("space", "space")
        position = view_of(app).position
        await pilot.press("r")
        await wait_until(pilot, lambda: library.opened.count(LONG) == 2)
        await wait_until(pilot, lambda: app.loading_source is None)
        assert view_of(app).position == position


async def test_start_screen_lists_recent_pages_and_opens_one(library: FakeLibrary) -> None:
    library.recent_pages = [
        RecentPage(STORY, "Harbour cranes return", "Example News", "2026-11-25T14:55:00+00:00"),
        RecentPage(LONG, "A long read", "Example News", "2026-11-24T10:00:00+00:00"),
    ]
    app = ReaderApp(library)
    app.clock = lambda: FIXED_NOW
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        text = screen_text(app)
        assert "Recent pages" in text
        assert "Harbour cranes return" in text
        assert "Example News · 5 min ago" in text
        assert "Example News · yesterday" in text
        # with pages to show, the how-to is one line (the whole of it when there are none)
        assert "o opens an address or a file · ? lists every key" in text
        assert "reader --demo" not in text
        options = app.screen.query_one(OptionList)
        assert options.has_focus
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.reading is not None)
        assert isinstance(app.screen, ReadingScreen)
        assert library.opened == [LONG]


async def test_start_screen_without_history(library: FakeLibrary) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        assert "Nothing read yet." in screen_text(app)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenURLDialog))


async def test_open_dialog_validates_and_opens(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenURLDialog))
        await pilot.press(*"javascript:alert(1)", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenURLDialog)
        assert "Only http and https addresses are opened" in screen_text(app)
        dialog_input = app.screen.query_one(Input)
        dialog_input.value = ""
        await pilot.press(*"news.example.com/long", "enter")
        await wait_until(pilot, lambda: app.reading is not None and app.reading.source == LONG)
        assert library.opened[-1] == "https://news.example.com/long"
        assert app.address_history == [LONG]


async def test_open_dialog_escape_cancels_and_up_recalls(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    app.address_history = ["https://a.example.com/", "https://b.example.com/"]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenURLDialog))
        field = app.screen.query_one(Input)
        assert field.value == STORY  # the page's own address, as w3m offers it
        await pilot.press("up")
        assert field.value == "https://b.example.com/"
        await pilot.press("up")
        assert field.value == "https://a.example.com/"
        await pilot.press("down", "down")
        assert field.value == STORY
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert library.opened == [STORY]


async def test_open_dialog_offers_the_address_selected_and_earlier_runs_pages(
    library: FakeLibrary,
) -> None:
    """o: the page's address filled in and selected (typing replaces it); ↑
    recalls pages opened in earlier runs (the library's history), not only
    what was typed in this one."""
    library.recent_pages = [
        RecentPage(LONG, "A long read", "Example News", "2026-11-24T10:00:00+00:00"),
        RecentPage("https://old.example/", "Old", "Old", "2026-11-20T10:00:00+00:00"),
    ]
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenURLDialog))
        field = app.screen.query_one(Input)
        assert field.value == STORY
        assert field.selected_text == STORY
        await pilot.press("up")
        assert field.value == LONG
        await pilot.press("up")
        assert field.value == "https://old.example/"
        await pilot.press("down", "down")
        assert field.value == STORY
        field.select_all()
        await pilot.press(*"x.example")
        assert field.value == "x.example"  # the selection was replaced


async def test_open_dialog_accepts_a_local_file(library: FakeLibrary, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>hi</p>", encoding="utf-8")
    library.articles[str(page)] = Article(url=None, title="Local page", blocks=(para("Hi."),))
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenURLDialog))
        app.screen.query_one(Input).value = str(page)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: app.reading is not None and "Local" in app.reading.article.title
        )


async def test_open_in_browser_uses_the_page_url(library: FakeLibrary) -> None:
    opened: list[str] = []
    app = ReaderApp(library, source=STORY)
    app.open_external = recorder(opened)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("O")
        await pilot.pause()
        assert opened == [STORY]


async def test_open_in_browser_refuses_other_schemes(library: FakeLibrary) -> None:
    opened: list[str] = []
    library.articles["evil"] = Article(url="javascript:alert(1)", title="Evil", blocks=())
    app = ReaderApp(library, source="evil")
    app.open_external = recorder(opened)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("O")
        await pilot.pause()
        assert opened == []
        messages = [n.message for n in app._notifications]
        assert any("only http and https" in m for m in messages)


async def test_page_text_is_never_markup(library: FakeLibrary) -> None:
    hostile = "[bold]x[/bold] [/] [@click=app.quit]q[/] [link=file:///etc/passwd]x[/link]"
    article = Article(
        url="https://news.example.com/[/]",
        title=hostile,
        byline=hostile,
        site_name="[b]site[/b]",
        blocks=(
            para(hostile),
            Block(BlockKind.HEADING, (Span(hostile),), level=2),
            Block(BlockKind.LIST_ITEM, (Span(hostile, href="https://x.example/[/]"),), marker="•"),
        ),
    )
    library.articles["hostile"] = article
    library.errors["bad"] = Offline(f"Could not connect to {hostile}.")
    library.recent_pages = [
        RecentPage("https://x.example/", hostile, "[/]", "2026-11-25T14:00:00Z")
    ]
    app = ReaderApp(library, source="hostile", measure=120)
    async with app.run_test(size=(140, 30), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        text = screen_text(app)
        assert text.count(hostile) >= 3
        assert "[b]site[/b]" in text
        app.open_source("bad")
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog))
        assert hostile in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        app.notify(hostile, markup=False)
        await pilot.pause()
        assert app.is_running
        app.action_show("start")
        await pilot.pause()
        assert hostile in screen_text(app)
        assert app.is_running


async def test_quit_closes_the_library(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("q")
        await pilot.pause()
    assert library.closed
    assert app.return_code == 0


async def test_hundred_thousand_word_article_opens(library: FakeLibrary) -> None:
    words = " ".join(["lorem", "ipsum", "dolor", "sit", "amet"] * 10)
    blocks = tuple(para(f"{i} {words}") for i in range(2000))
    library.articles["big"] = Article(url="https://x.example/big", title="Big one", blocks=blocks)
    app = ReaderApp(library, source="big")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        assert app.reading is not None and app.reading.article.word_count == 102_000
        text = screen_text(app)
        assert "Big one" in text
        assert "0 lorem ipsum" in text
        await pilot.press("space")
        assert view_of(app).scroll_y > 0
