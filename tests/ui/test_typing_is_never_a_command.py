"""Typing is never a command on a screen that takes text: a sentence of
ordinary words, typed fast (one batch of keys, as a terminal delivers it)
into every list screen, wherever the keyboard is on it, lands in the box
and deletes, changes or saves nothing."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from reader.core.models import Bookmark
from reader.core.records import Visit
from reader.ui.app import ReaderApp
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.news import NewsScreen
from reader.ui.screens.search import SearchScreen
from reader.ui.screens.visits import HistoryScreen
from reader.ui.typing import is_printable_key, types_text
from reader.ui.widgets.footer import ReaderFooter
from tests.ui.fakes import (
    FIXED_NOW,
    NEWS,
    FakeLibrary,
    long_article,
    news_library,
    opened,
    sample_article,
    wait_until,
)

STORY = f"{NEWS}/story"
LONG = f"{NEWS}/long"

#: Every letter of both cases, digits and the punctuation that are keys elsewhere.
SENTENCE = (
    "the quick brown fox jumps over the lazy dog; "
    "Bookmarks Deleted, Undo? Quit! Zebras Read All Pages: Hello World [0-9] / ok"
)


def key_for(character: str) -> events.Key:
    """The Key event a terminal sends for `character`."""
    from textual.keys import _character_to_key

    return events.Key(_character_to_key(character), character)


async def type_fast(pilot: Pilot[Any], app: ReaderApp, text: str) -> None:
    """Post every key at once (no pause between them), then let the app run."""
    for character in text:
        app.post_message(key_for(character))
    await pilot.pause()
    await pilot.pause(0.3)


def library_with_everything() -> FakeLibrary:
    library = news_library()
    for article in (sample_article(), long_article()):
        assert article.url
        library.articles[article.url] = article
    library.add_bookmarks(
        Bookmark(STORY, "Harbour cranes return", ("harbour",), "a note", FIXED_NOW),
        Bookmark(LONG, "A long read", (), "", FIXED_NOW),
        Bookmark(f"{NEWS}/tram", "Tram line", ("transport",), "", FIXED_NOW),
    )
    library.visits = [
        Visit(STORY, "Harbour cranes return", "Example News", FIXED_NOW),
        Visit(LONG, "A long read", "", FIXED_NOW),
    ]
    return library


def state_of(app: ReaderApp, library: FakeLibrary) -> dict[str, Any]:
    """Everything a stray command could change."""
    return {
        "bookmarks": copy.deepcopy(library.saved_bookmarks),
        "stories": copy.deepcopy(library.news.stories),
        "marked": list(library.news.marked),
        "visits": list(library.visits),
        "opened": list(library.opened),
        "theme": app.theme,
        "theme to save": app.theming._to_save,
        "refreshing": app.news.refreshing,
        "saving": app.saving,
        "screens": len(app.screen_stack),
    }


async def to_bookmarks(pilot: Pilot[Any], app: ReaderApp) -> Screen[Any]:
    await pilot.press("B")
    await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen) and app.screen.loaded)
    return app.screen


async def to_history(pilot: Pilot[Any], app: ReaderApp) -> Screen[Any]:
    await pilot.press("H")
    await wait_until(
        pilot, lambda: isinstance(app.screen, HistoryScreen) and bool(app.screen.visits)
    )
    return app.screen


async def to_search(pilot: Pilot[Any], app: ReaderApp) -> Screen[Any]:
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*"harbour")
    await wait_until(pilot, lambda: bool(screen.hits))
    return screen


async def to_news(pilot: Pilot[Any], app: ReaderApp) -> Screen[Any]:
    await pilot.press("S")
    await wait_until(pilot, lambda: isinstance(app.screen, NewsScreen) and app.screen.loaded)
    return app.screen


Opener = Callable[[Pilot[Any], ReaderApp], Awaitable[Screen[Any]]]
SCREENS: dict[str, tuple[Opener, tuple[str, ...]]] = {
    # The keys that put the keyboard where a stray command would act.
    "bookmarks, in the box": (to_bookmarks, ()),
    "bookmarks, in the list": (to_bookmarks, ("down", "down")),
    "history, in the box": (to_history, ()),
    "history, in the list": (to_history, ("down",)),
    "search, in the list": (to_search, ("down",)),
    "news, in the stories": (to_news, ()),
    "news, in the sources": (to_news, ("tab",)),
}


@pytest.mark.parametrize("where", list(SCREENS))
async def test_a_sentence_typed_into_a_list_screen_goes_to_its_box(where: str) -> None:
    opener, keys = SCREENS[where]
    library = library_with_everything()
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, STORY)
        screen = await opener(pilot, app)
        await pilot.press(*keys)
        box = screen.typing_box()  # type: ignore[attr-defined]
        assert isinstance(box, Input)
        box.value = ""
        await pilot.pause(0.3)
        before = state_of(app, library)
        await type_fast(pilot, app, SENTENCE)
        assert app.screen is screen
        assert box.value == SENTENCE
        assert state_of(app, library) == before
        # The same, key by key as a person types.
        box.value = ""
        await pilot.press(*keys)
        await pilot.press(*(key_for(c).key for c in "Delete All, Read Undo? qz"))
        assert box.value == "Delete All, Read Undo? qz"
        assert state_of(app, library) == before


@pytest.mark.parametrize("where", list(SCREENS))
async def test_the_footer_of_a_list_screen_offers_no_key_that_types(where: str) -> None:
    opener, keys = SCREENS[where]
    app = ReaderApp(library_with_everything(), source=STORY)
    async with app.run_test(size=(200, 60)) as pilot:
        await opened(pilot, app, STORY)
        screen = await opener(pilot, app)
        await pilot.press(*keys)
        await pilot.pause()
        assert types_text(screen)
        footer = screen.query_one(ReaderFooter)
        hints, _palette = footer._hints()
        assert hints, "the footer offers keys"
        shown = {key for key, *_ in hints}
        assert not [key for key in shown if len(key) == 1 and key.isascii()], shown


def test_printable_keys_are_told_apart() -> None:
    assert all(is_printable_key(key) for key in ("q", "Q", "question_mark", "slash", "space"))
    assert not any(
        is_printable_key(key) for key in ("ctrl+q", "tab", "escape", "delete", "f1", "down")
    )


@pytest.mark.parametrize("where", ["bookmarks, in the list", "news, in the stories"])
async def test_the_keys_screen_of_a_list_screen_lists_no_key_that_types(where: str) -> None:
    """F1 (? types there): the keys listed all work on the screen."""
    from reader.ui.screens.help import HelpScreen

    opener, keys = SCREENS[where]
    app = ReaderApp(library_with_everything(), source=STORY)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, STORY)
        await opener(pilot, app)
        await pilot.press(*keys, "f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        listed = [key for row in help_screen.rows for key in row.keys]
        assert listed
        assert not [key for key in listed if len(key) == 1 and key.isascii()], listed
        assert "f1" in listed and "ctrl+p" in listed


#: Keys read together: characters, editing keys of the box, characters again.
EDITED = [
    *(key_for(c) for c in "abc"),
    *(events.Key("backspace", None) for _ in range(3)),
    *(key_for(c) for c in "xyz"),
    events.Key("home", None),
    key_for("w"),
    events.Key("end", None),
    events.Key("left", None),
    events.Key("delete", None),
]


@pytest.mark.parametrize("where", list(SCREENS))
async def test_editing_keys_read_with_characters_keep_their_order(where: str) -> None:
    """Textual queues a character for the box but runs the box's editing keys
    only once they come back round to the app: keys read together used to
    end "abcxy" (three backspaces run after "xyz"). Now every key is handled
    in the order it was read."""
    opener, keys = SCREENS[where]
    app = ReaderApp(library_with_everything(), source=STORY)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, STORY)
        screen = await opener(pilot, app)
        await pilot.press(*keys)
        box = screen.typing_box()  # type: ignore[attr-defined]
        assert isinstance(box, Input)
        box.value = ""
        await pilot.pause(0.3)
        for key in EDITED:
            app.post_message(key)
        await pilot.pause()
        await pilot.pause(0.3)
        assert box.value == "wxy"
        assert app.screen is screen


async def test_keys_in_the_open_box_keep_their_order() -> None:
    app = ReaderApp(library_with_everything(), source=STORY)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("o")
        await pilot.pause(0.2)
        box = app.focused
        assert isinstance(box, Input)
        box.value = ""
        for key in EDITED:
            app.post_message(key)
        await pilot.pause()
        await pilot.pause(0.3)
        assert box.value == "wxy"


@pytest.mark.parametrize(
    "where", ["bookmarks, in the list", "history, in the list", "news, in the sources"]
)
async def test_typing_from_the_list_adds_to_the_filter(where: str) -> None:
    """A key typed in the list goes to the end of what the box holds: the
    box taking the keyboard never selects its text for the key to replace."""
    opener, keys = SCREENS[where]
    app = ReaderApp(library_with_everything(), source=STORY)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, STORY)
        screen = await opener(pilot, app)
        await pilot.press(*keys)
        box = screen.typing_box()  # type: ignore[attr-defined]
        assert isinstance(box, Input)
        assert not box.has_focus
        box.value = "da"  # as a filter typed before: the list keeps the keyboard
        await pilot.press("y", "s")
        assert (box.value, box.has_focus) == ("days", True)
