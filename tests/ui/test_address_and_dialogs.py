"""The page's address at hand (c shows it, y copies it, o offers it, O with
no browser says it), dialogs whose footers offer only keys that work there,
tab that moves between fields in step with fast typing, and history that
counts visits (back, forward and reload are not new ones)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, Static

from reader.core.models import Article
from reader.ui import page_address
from reader.ui.app import ReaderApp
from reader.ui.screens.address import AddressDialog
from reader.ui.screens.bookmark_dialog import BookmarkDialog
from reader.ui.screens.error import ErrorDialog
from reader.ui.screens.open_url import OpenURLDialog
from reader.ui.widgets.footer import ReaderFooter
from tests.ui.fakes import NEWS, FakeLibrary, messages, opened, para, wait_until

STORY = f"{NEWS}/story"
LONG = f"{NEWS}/long"


def footer_keys(screen: Any) -> set[str]:
    """The keys the footer of `screen` offers."""
    hints, _ = screen.query_one(ReaderFooter)._hints()
    return {key for key, *_ in hints}


async def test_y_copies_the_page_address_to_the_clipboard(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.clipboard == STORY)
        await wait_until(pilot, lambda: any(STORY in m for m in messages(app)))


async def test_c_shows_the_whole_address_then_copies_or_edits_it(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, AddressDialog))
        shown = app.screen.query_one("#address-text", Static)
        assert str(shown.content) == STORY
        assert {"y", "o", "esc"} <= footer_keys(app.screen)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.clipboard == STORY)
        assert not isinstance(app.screen, AddressDialog)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, AddressDialog))
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenURLDialog))
        field = app.screen.query_one(Input)
        assert field.value == STORY
        assert field.selected_text == STORY


async def test_an_address_with_control_characters_is_copied_clean(library: FakeLibrary) -> None:
    hostile = f"{NEWS}/a\x1b]52;c;ZXZpbA==\x07b"
    library.articles[hostile] = Article(url=hostile, title="Hostile", blocks=(para("Hi."),))
    app = ReaderApp(library, source=hostile)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.clipboard != "")
        assert "\x1b" not in app.clipboard and "\x07" not in app.clipboard
        assert app.clipboard.startswith(f"{NEWS}/a")


async def test_no_browser_says_the_address_and_how_to_copy_it(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    app.open_external = lambda url: False
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("O")
        await wait_until(pilot, lambda: any("No system browser" in m for m in messages(app)))
        said = next(m for m in messages(app) if "No system browser" in m)
        assert STORY in said and "y copies it" in said


def test_a_clipboard_tool_gets_the_address_on_its_input(tmp_path: Path) -> None:
    kept = tmp_path / "clipboard.txt"
    tool = tmp_path / "fake-copy"
    tool.write_text(f"#!/bin/sh\ncat > {kept}\n", encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    broken = tmp_path / "broken-copy"
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    missing = [str(tmp_path / "not-there")]
    used = page_address.copy_with_tool(STORY, [missing, [str(broken)], [str(tool)]])
    assert used == str(tool)
    assert kept.read_text(encoding="utf-8") == STORY


def test_clipboard_tools_are_found_by_the_session(monkeypatch: Any) -> None:
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    wayland = page_address.clipboard_tools({"WAYLAND_DISPLAY": "wayland-0"})
    assert wayland[0] == ["wl-copy"]
    x11 = page_address.clipboard_tools({"DISPLAY": ":0"})
    assert x11[0] == ["xclip", "-selection", "clipboard"]
    assert ["wl-copy"] not in page_address.clipboard_tools({})
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert page_address.clipboard_tools({"DISPLAY": ":0"}) == []


async def test_text_typed_fast_after_tab_lands_in_the_next_field(library: FakeLibrary) -> None:
    """Tab and the letters after it arrive in one read from the terminal: the
    letters must go to the note, not stay in the tags."""
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        for key, character in [("a", "a"), ("b", "b"), ("tab", None), ("c", "c"), ("d", "d")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause(0.2)
        assert dialog.tags_input.value == "ab"
        assert dialog.note_input.value == "cd"
        app.post_message(events.Key("shift+tab", None))
        app.post_message(events.Key("e", "e"))
        await pilot.pause(0.2)
        assert dialog.tags_input.value == "abe"


async def test_dialog_footers_offer_only_keys_that_work_there(library: FakeLibrary) -> None:
    """No "t Theme" or "q Quit" under a box where t and q type letters."""
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, STORY)
        for key, dialog_type in (("o", OpenURLDialog), ("m", BookmarkDialog)):
            await pilot.press(key)
            await wait_until(pilot, lambda t=dialog_type: isinstance(app.screen, t))  # type: ignore[misc]
            await pilot.pause()
            keys = footer_keys(app.screen)
            assert "esc" in keys
            assert not [k for k in keys if len(k) == 1 and k.isascii()], keys
            await pilot.press("escape")
            await wait_until(pilot, lambda t=dialog_type: not isinstance(app.screen, t))  # type: ignore[misc]
        app.push_screen(ErrorDialog("Nothing there."))
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog))
        await pilot.pause()
        keys = footer_keys(app.screen)
        assert "esc" in keys
        assert "t" not in keys and "?" not in keys
        before = app.theme
        await pilot.press("t")
        assert app.theme == before  # no theme change under a message


async def test_back_forward_and_reload_are_not_new_visits(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot, app, STORY)
        app.open_source(LONG)
        await opened(pilot, app, LONG)
        assert library.unvisited == []
        await pilot.press("h")
        await opened(pilot, app, STORY)
        await pilot.press("l")
        await opened(pilot, app, LONG)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(library.opened) == 5)
        assert library.unvisited == [STORY, LONG, LONG]
        assert [v.url for v in library.visits[:2]] == [LONG, STORY]
