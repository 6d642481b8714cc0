"""ReaderBase: the state the parts of the app share (the library, the page
on screen, its bookmark, a save under way) and the helpers they all use.
`ReaderApp` is built from it and from the action sets in
`library_actions` and `save_actions`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import datetime, tzinfo

from textual.app import App

from reader.core.models import Article, Bookmark
from reader.core.urls import comparable
from reader.ui.protocols import LibraryLike, LinkStatesLike, ReadingLike
from reader.ui.screens.reading import ReadingScreen

HELP_SCREEN = ("reader.ui.screens.help", "HelpScreen")
LIBRARY_SCREEN = ("reader.ui.screens.library_screen", "LibraryScreen")
START_SCREEN = ("reader.ui.screens.start", "StartScreen")


def is_screen(screen: object, kind: tuple[str, str]) -> bool:
    """isinstance(screen, module.Class) for `kind` = (module, class name),
    without importing the module to ask: a screen whose class was never
    imported cannot be on show, and start-up need not load them."""
    module, name = kind
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(screen, cls)


class ReaderBase(App[int]):
    """What every part of the reader app can count on."""

    library: LibraryLike
    reading: ReadingLike | None
    """The page on screen."""
    bookmark: Bookmark | None
    """The bookmark of the page on screen, if it is bookmarked."""
    saving: asyncio.Event | None
    """Set to cancel the save of linked stories under way (None: none is)."""
    save_limit: int
    """Most stories one `p` saves."""
    visited: set[str]
    """Pages opened this session (as `comparable` URLs): their links are marked read."""
    clock: Callable[[], datetime]
    """The current time; tests fix it."""
    timezone: tzinfo | None
    """Where days begin for the history and dates (None: local time); tests fix it."""

    @property
    def reading_screen(self) -> ReadingScreen:
        """The reading screen (always at the bottom of the screen stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        return screen

    def link_states(self, article: Article) -> dict[str, str]:
        """ "read" or "saved" for the section links of `article`, by URL: what
        the library knows, and the pages opened this session."""
        urls = [link.url for section in article.sections for link in section.links]
        states: dict[str, str] = {}
        if urls and isinstance(self.library, LinkStatesLike):
            try:
                known = self.library.link_states(urls)
                states = {url: str(known[url]) for url in urls if url in known}
            except Exception:
                states = {}  # marks are a convenience; a failing store must not stop reading
        for url in urls:
            if url not in states and comparable(url) in self.visited:
                states[url] = "read"
        return states

    def open_source(self, source: str) -> None:
        """Start loading `source` (see `ReaderApp.open_source`)."""
        raise NotImplementedError
