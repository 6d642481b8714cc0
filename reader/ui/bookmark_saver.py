"""Bookmarks save their page in the background: a plain object the app holds.

A little after start (after the first paint, never delaying it) it asks the
library to save the newest ROUND_LIMIT bookmarked pages not stored yet (the
library leaves out those that failed lately); `m` on a page that is not
stored saves that one at once. Quiet: no message per page, and none at all
offline (`NotSaved`) or when a save fails (the bookmark keeps the reason, the
bookmarks screen shows it). As pages land, the bookmarks screen and the
queue's counts are read again, so titles, sites and reading times fill in.
Each run is an async worker with a cancel event: quitting sets them all, and
Textual cancels what is left."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.timer import Timer

from reader.core.errors import ReaderError
from reader.core.records import SaveProgress

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp
    from reader.ui.contract import LibraryLike

#: Start the first round this long after the first paint (seconds).
START_DELAY = 1.5
#: Most pages the round after start saves.
ROUND_LIMIT = 20
#: While pages land, read the lists again at most this often (seconds).
REFRESH_EVERY = 0.5


def after_first_paint(app: ReaderApp) -> None:
    """What the app starts once its first screen is painted (never before:
    it would delay it): the library's warm-up in a thread (the extractor and
    network stack loaded while the reader reads, not when they open the next
    page), and a little later the round of saving bookmarked pages."""
    warm_up = app.library.warm_up
    app.run_worker(warm_up, thread=True, exit_on_error=False, description="warming up")
    app.bookmark_saver.start_later()


def bookmarks_changed(app: App[Any]) -> None:
    """Tell every screen that shows bookmarks (the bookmarks screen, the
    queue's counts on the start and news screens) to read them again."""
    from reader.ui.widgets.queue_line import QueueLine

    stacks: list[Any] = list(getattr(app, "_screen_stacks", {}).values()) or [app.screen_stack]
    for stack in stacks:
        for screen in stack:
            changed = getattr(screen, "bookmarks_changed", None)
            if callable(changed):
                changed()
            for line in screen.query(QueueLine):
                line.reload()


class BookmarkSaver:
    """Saves bookmarked pages for offline in the background."""

    def __init__(self, app: App[Any], library: LibraryLike) -> None:
        self.app = app
        self.library = library
        self.runs = 0
        """How many saving runs ended (tests wait for it)."""
        self._cancels: set[asyncio.Event] = set()
        self._refresh: Timer | None = None
        self._stopped = False

    def start_later(self) -> None:
        """The round after start, START_DELAY from now."""
        self.app.set_timer(START_DELAY, lambda: self.save(None, ROUND_LIMIT))

    def save(self, urls: Sequence[str] | None, limit: int | None = None) -> None:
        """Save the pages of the bookmarks at `urls` not stored yet (None: the
        newest `limit` waiting), in an async worker."""
        if self._stopped:
            return
        self.app.run_worker(
            self._save(None if urls is None else list(urls), limit),
            group="bookmark-save",
            exit_on_error=False,
            description="saving bookmarked pages for offline",
        )

    async def _save(self, urls: list[str] | None, limit: int | None) -> None:
        cancel = asyncio.Event()
        self._cancels.add(cancel)
        try:
            summary = await self.library.save_bookmarks(
                urls, limit=limit, progress=self._progress, cancel=cancel
            )
        except ReaderError:  # offline, or a library that cannot write: quietly nothing
            return
        finally:
            self._cancels.discard(cancel)
            self.runs += 1
        if summary.saved or summary.failed:
            self._changed()

    def _progress(self, report: SaveProgress) -> None:
        """A page landed (or failed): read the lists again soon, once."""
        if self._refresh is None and not self._stopped:
            self._refresh = self.app.set_timer(REFRESH_EVERY, self._changed)

    def _changed(self) -> None:
        if self._refresh is not None:
            self._refresh.stop()
            self._refresh = None
        if not self._stopped and self.app.is_running:
            bookmarks_changed(self.app)

    def stop(self) -> None:
        """Quitting: stop every save (the page being stored is finished by
        the library's close)."""
        self._stopped = True
        for cancel in self._cancels:
            cancel.set()
        if self._refresh is not None:
            self._refresh.stop()
