"""Bookmarking the page on screen (m) and the screens of the library:
bookmarks (B), history (H) and search (ctrl+f). Database calls run in
thread workers; the screens hand back the address to open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from reader.core.models import Bookmark
from reader.core.sanitize import clean_line
from reader.core.urls import is_followable
from reader.ui.app_base import ReaderBase
from reader.ui.protocols import ReadingLike

if TYPE_CHECKING:
    from reader.ui.screens.bookmark_dialog import BookmarkEdit


class LibraryActions(ReaderBase):
    """m, B, H and ctrl+f."""

    # Bookmarks

    def _find_bookmark(self, reading: ReadingLike) -> Bookmark | None:
        """The bookmark of `reading` under its address or what was asked for."""
        for url in dict.fromkeys((reading.page.url, reading.source)):
            if url and is_followable(url):
                found = self.library.bookmark(url)
                if found is not None:
                    return found
        return None

    def bookmark_url(self) -> str | None:
        """The address a bookmark of the page on screen is kept under."""
        if self.reading is None:
            return None
        for url in (self.reading.page.url, self.reading.source, self.reading.article.url):
            if url and is_followable(url):
                return url
        return None

    def action_bookmark(self) -> None:
        """Bookmark the page (tags and a note), or edit or remove its bookmark."""
        reading = self.reading
        url = self.bookmark_url()
        if reading is None:
            return
        if url is None:
            self.notify("Only web pages can be bookmarked.", severity="warning", markup=False)
            return
        from reader.ui.screens.bookmark_dialog import BookmarkDialog, known_tags

        title = reading.article.title or url
        existing = self.bookmark
        dialog = BookmarkDialog(title, existing, known_tags=known_tags(self.library))

        def done(edit: BookmarkEdit | None) -> None:
            if edit is not None:
                self._change_bookmark(url, title, edit, existing is not None)

        self.push_screen(dialog, callback=done)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _change_bookmark(self, url: str, title: str, edit: BookmarkEdit, existing: bool) -> None:
        """Add, update or remove the bookmark (in a thread), then say so."""
        try:
            if edit.remove:
                self.library.remove_bookmark(url)
                bookmark, text = None, "Bookmark removed · m bookmarks it again"
            elif existing:
                bookmark = self.library.update_bookmark(url, tags=edit.tags, note=edit.note)
                text = "Bookmark updated."
            else:
                bookmark = self.library.add_bookmark(url, title, edit.tags, edit.note)
                text = "Bookmarked · B lists your bookmarks"
        except Exception as exc:
            detail = clean_line(str(exc)) or type(exc).__name__
            self.call_from_thread(
                self.notify,
                f"The bookmark could not be saved: {detail}",
                severity="error",
                markup=False,
            )
            return
        self.call_from_thread(self._bookmark_changed, url, bookmark, text)

    def _bookmark_changed(self, url: str, bookmark: Bookmark | None, text: str) -> None:
        if url == self.bookmark_url():
            self.bookmark = bookmark
            self.reading_screen.status_bar.show_bookmarked(bookmark is not None)
        self.notify(text, markup=False, timeout=3)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _refresh_bookmark(self) -> None:
        """Look the page's bookmark up again (after the bookmarks screen)."""
        reading = self.reading
        if reading is None:
            return
        try:
            bookmark = self._find_bookmark(reading)
        except Exception:
            return
        self.call_from_thread(self._bookmark_refreshed, reading, bookmark)

    def _bookmark_refreshed(self, reading: ReadingLike, bookmark: Bookmark | None) -> None:
        if reading is self.reading:
            self.bookmark = bookmark
            self.reading_screen.status_bar.show_bookmarked(bookmark is not None)

    # Library screens

    def action_bookmarks(self) -> None:
        """Show the bookmarks."""
        from reader.ui.screens.bookmarks import BookmarksScreen

        screen = BookmarksScreen(self.library, tz=self.timezone)
        self.push_screen(screen, callback=self._from_library)

    def action_history_screen(self) -> None:
        """Show the pages read, by day."""
        from reader.ui.screens.visits import HistoryScreen

        screen = HistoryScreen(self.library, now=self.clock(), tz=self.timezone)
        self.push_screen(screen, callback=self._from_library)

    def action_search(self) -> None:
        """Search everything stored."""
        from reader.ui.screens.search import SearchScreen

        self.push_screen(SearchScreen(self.library), callback=self._from_library)

    def _from_library(self, url: str | None) -> None:
        """A library screen closed, maybe with an address to open."""
        if url:
            self.open_source(url)
        else:
            self._refresh_bookmark()
