"""The bookmark of the page on screen (m): a plain object the app holds. It
looks the bookmark up (in the load worker's thread), opens the dialog for
tags and a note, and adds, updates or removes the bookmark in a thread
worker; the status bar's star shows whether the page is bookmarked. A
bookmark removed here is put back whole (tags, note, date) by the next m on
the same page: the removal says so. A page bookmarked that is not stored
for offline is saved at once, in the background (`reader.ui.bookmark_saver`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.models import Bookmark
from reader.core.records import Reading
from reader.core.urls import is_followable
from reader.ui.failures import error_text

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp
    from reader.ui.screens.bookmark_dialog import BookmarkEdit


def bookmark_url(reading: Reading | None) -> str | None:
    """The address a bookmark of `reading` is kept under (None: not a web page)."""
    if reading is None:
        return None
    for url in (reading.page.url, reading.source, reading.article.url):
        if url and is_followable(url):
            return url
    return None


class PageBookmark:
    """The bookmark of the page on screen, and `m`."""

    def __init__(self, app: ReaderApp) -> None:
        """The page on screen is the app's `reading`; the star of its status
        bar shows whether it is bookmarked."""
        self.app = app
        self.library = app.library
        self.current: Bookmark | None = None
        """The bookmark of the page on screen, if it is bookmarked."""
        self.removed: Bookmark | None = None
        """The bookmark last removed with the dialog, which m puts back."""

    def show(self, bookmark: Bookmark | None) -> None:
        """The page on screen has `bookmark` (None: is not bookmarked)."""
        self.current = bookmark
        self.app.reading_screen.status_bar.show_bookmarked(bookmark is not None)

    def find(self, reading: Reading) -> Bookmark | None:
        """The bookmark of `reading` under its address or what was asked for
        (a database call: run it in a thread)."""
        for url in dict.fromkeys((reading.page.url, reading.source)):
            if url and is_followable(url):
                found = self.library.bookmark(url)
                if found is not None:
                    return found
        return None

    def edit(self, reading: Reading) -> None:
        """Bookmark the page (tags and a note), or edit or remove its bookmark."""
        url = bookmark_url(reading)
        if url is None:
            self.app.notify("Only web pages can be bookmarked.", severity="warning", markup=False)
            return
        from reader.ui.screens.bookmark_dialog import BookmarkDialog

        removed, self.removed = self.removed, None
        if self.current is None and removed is not None and removed.url == url:
            self._run(lambda: self._restore(removed), "putting the bookmark back")
            return
        title = reading.article.title or url
        existing = self.current
        dialog = BookmarkDialog(title, existing, known_tags=self.library.tags)

        def done(edit: BookmarkEdit | None) -> None:
            if edit is not None:
                change = existing is not None
                self._run(lambda: self._change(url, title, edit, change), "saving the bookmark")

        self.app.push_screen(dialog, callback=done)

    def _run(self, work: Callable[[], None], description: str) -> None:
        self.app.run_worker(
            work, thread=True, group="bookmark", description=description, exit_on_error=False
        )

    def _restore(self, bookmark: Bookmark) -> None:
        """Put a removed bookmark back as it was (in a thread)."""
        try:
            restored = self.library.restore_bookmark(bookmark)
        except ReaderError as exc:
            message = f"The bookmark could not be put back: {error_text(exc)}"
            self.app.call_from_thread(self.app.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._changed, bookmark.url, restored, "Bookmark put back.")

    def _change(self, url: str, title: str, edit: BookmarkEdit, existing: bool) -> None:
        """Add, update or remove the bookmark (in a thread), then say so."""
        library = self.library
        try:
            if edit.remove:
                self.removed = library.remove_bookmark(url)
                bookmark, text = None, "Bookmark removed · m puts it back, tags and note too"
            elif existing:
                bookmark = library.update_bookmark(url, tags=edit.tags, note=edit.note)
                text = "Bookmark updated."
            else:
                bookmark = library.add_bookmark(url, title, edit.tags, edit.note)
                text = "Bookmarked · B lists your bookmarks"
        except ReaderError as exc:
            message = f"The bookmark could not be saved: {error_text(exc)}"
            self.app.call_from_thread(self.app.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._changed, url, bookmark, text)
        if bookmark is not None and not existing and not bookmark.saved:
            self.app.call_from_thread(self.app.bookmark_saver.save, [url])

    def _changed(self, url: str, bookmark: Bookmark | None, text: str) -> None:
        if url == bookmark_url(self.app.reading):
            self.show(bookmark)
        self.app.notify(text, markup=False, timeout=3)

    def refresh(self, reading: Reading) -> None:
        """Look the page's bookmark up again (after the bookmarks screen)."""

        def look_up() -> None:
            try:
                bookmark = self.find(reading)
            except ReaderError:
                return
            self.app.call_from_thread(self._refreshed, reading, bookmark)

        self.app.run_worker(
            look_up,
            thread=True,
            group="bookmark",
            description="looking up the bookmark",
            exit_on_error=False,
        )

    def _refreshed(self, reading: Reading, bookmark: Bookmark | None) -> None:
        if reading is self.app.reading:
            self.show(bookmark)
