"""QueueLine: one calm line with the read-later queue's counts ("12 to read ·
3 favourites · B opens them"), for the start and news screens. The counts
are read in a thread worker when the line is mounted and whenever its
screen comes back to the top (after the bookmarks screen, say); hidden
while there are no bookmarks or the library cannot tell."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.core.errors import ReaderError
from reader.core.records import BookmarkCounts
from reader.ui.bookmark_queue import queue_summary

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike


class QueueLine(Static):
    """The queue's counts, from the app's library (`app.library`)."""

    DEFAULT_CSS = """
    QueueLine { display: none; color: $text-muted; height: auto; padding: 0 1; margin-bottom: 1; }
    QueueLine.-shown { display: block; }
    """

    def __init__(self, *, prefix: str = "", key: bool = True, id: str | None = None) -> None:
        """`prefix` goes before the counts ("Bookmarks: "); `key` says B
        opens them (not where B types: there the line is short, "★ 3")."""
        super().__init__("", id=id, markup=False)
        self.prefix = prefix
        self.key = key
        self.counts: BookmarkCounts | None = None
        """The counts shown (None: not read yet)."""

    def on_mount(self) -> None:
        """Count once the screen is painted, and again whenever this screen is
        back on top. (Counting as the app starts, the thread reading the
        library slowed the start screen's first paint by about 14 ms.)"""
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        self.call_after_refresh(self.reload)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        if screen is self.screen:
            self.reload()

    def reload(self) -> None:
        """Read the counts again (in a thread), from the app's library."""
        library: LibraryLike | None = getattr(self.app, "library", None)
        if library is not None:
            self._count(library)

    @work(
        thread=True,
        exclusive=True,
        group="queue-line",
        exit_on_error=False,
        description="counting the bookmarks",
    )
    def _count(self, library: LibraryLike) -> None:
        try:
            counts = library.bookmark_counts()
        except ReaderError:
            return
        self.app.call_from_thread(self._show, counts)

    def _show(self, counts: BookmarkCounts) -> None:
        if not self.is_attached:
            return
        self.counts = counts
        text = queue_summary(counts, key=self.key, short=not self.key)
        self.update(Content(self.prefix + text if text else ""))
        self.set_class(bool(text), "-shown")
