"""BookmarksScreen: every bookmark with its site, date and tags, filtered as
you type (typing always goes to the box); in the list enter opens one,
delete deletes (ctrl+z undoes), ctrl+e edits tags and note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Input
from textual.widgets.option_list import Option

from reader.core.errors import ReaderError
from reader.core.models import Bookmark
from reader.core.sanitize import clean_line
from reader.core.urls import host_of, shorten
from reader.ui.actions import SCOPE_BOOKMARKS, bindings_for
from reader.ui.failures import error_text
from reader.ui.formatting import DOT, format_date, tags_text
from reader.ui.screens.bookmark_dialog import BookmarkDialog, BookmarkEdit
from reader.ui.screens.library_screen import LibraryScreen

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike

#: Wait this long after a key before filtering (seconds).
FILTER_DELAY = 0.1

EMPTY_TEXT = "No bookmarks yet. Press m while reading to keep a page here."
#: Most bookmarks listed at once (typing narrows the list).
SHOWN_LIMIT = 500


def bookmark_prompt(bookmark: Bookmark, tz: tzinfo | None = None) -> Content:
    """Title; then site · date · #tags; then the note, if any (plain text)."""
    title = clean_line(bookmark.title) or clean_line(bookmark.url)
    created = bookmark.created.astimezone(tz) if bookmark.created else None
    details = DOT.join(part for part in (host_of(bookmark.url), format_date(created)) if part)
    lines: list[str | tuple[str, str]] = [(title, "bold"), "\n", (details, "$foreground-muted")]
    tags = tags_text(bookmark.tags)
    if tags:
        lines += [("  ", ""), (tags, "$text-accent")]
    note = clean_line(bookmark.note)
    if note:
        lines += ["\n", (shorten(note, 200), "italic $foreground-muted")]
    return Content.assemble(*lines)


@dataclass(frozen=True)
class Listing:
    """What one filter found, ready to show."""

    text: str
    shown: list[Bookmark]
    options: Sequence[tuple[Option, str | None]]
    total: int
    error: str = ""

    def status(self) -> str:
        """The line above the list: an error, an empty state, or how many are shown."""
        if self.error:
            return f"Could not read the bookmarks: {self.error}"
        if not self.total:
            if self.text.strip():
                return f"No bookmark matches “{clean_line(self.text)}”."
            return EMPTY_TEXT
        if self.total > len(self.shown):
            return f"The newest {len(self.shown)} of {self.total:,} bookmarks · type to narrow"
        return ""


class BookmarksScreen(LibraryScreen):
    """Bookmarks, newest first. Dismisses with the address to open, or None."""

    HEADING = "Bookmarks"
    PLACEHOLDER = "Filter by title, address, tag or note"

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_BOOKMARKS)

    def __init__(self, library: LibraryLike, *, tz: tzinfo | None = None) -> None:
        super().__init__(library, id="bookmarks")
        self.tz = tz
        """Time zone dates are shown in (None: local time)."""
        self.bookmarks: list[Bookmark] = []
        """The bookmarks listed."""
        self.removed: list[Bookmark] = []
        """Bookmarks deleted here, the last one first to undo."""
        self.loaded = False
        """Whether the first list has arrived."""
        self._ticket = 0

    def on_mount(self) -> None:
        """Start in the filter box and list everything."""
        super().on_mount()
        self.reload()

    # Listing

    @property
    def filter_text(self) -> str:
        """What is typed in the filter box."""
        return self.input.value

    def reload(self, keep: str | None = None) -> None:
        """List the bookmarks matching the filter (in a thread)."""
        self._ticket += 1
        self._query(self._ticket, self.filter_text, keep)

    @work(
        thread=True,
        exclusive=True,
        group="bookmarks",
        exit_on_error=False,
        description="listing the bookmarks",
    )
    def _query(self, ticket: int, text: str, keep: str | None) -> None:
        """Ask the library, and build the options here, off the event loop."""
        try:
            found: Sequence[Bookmark] = self.library.bookmarks(text)
            error = ""
        except ReaderError as exc:
            found, error = [], error_text(exc)
        shown = list(found[:SHOWN_LIMIT])
        options = [(Option(bookmark_prompt(b, self.tz)), b.url) for b in shown]
        listing = Listing(text, shown, options, len(found), error)
        self.app.call_from_thread(self._show, ticket, listing, keep)

    def _show(self, ticket: int, listing: Listing, keep: str | None) -> None:
        if ticket != self._ticket or not self.is_attached:
            return
        self.loaded = True
        self.bookmarks = listing.shown
        keep = keep or self.highlighted_url
        had_focus = self.results.has_focus
        self.show_options(listing.options, keep=keep, divided=True)
        self.show_status(listing.status())
        if had_focus and not listing.shown:
            self.set_focus(None)  # the list is gone: ctrl+z (undo) goes to the screen
        self.refresh_bindings()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as you type (after a short pause)."""
        event.stop()
        self.after_typing(FILTER_DELAY, self.reload)

    @property
    def highlighted_bookmark(self) -> Bookmark | None:
        """The bookmark under the cursor."""
        url = self.highlighted_url
        return next((b for b in self.bookmarks if b.url == url), None)

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Delete and edit act on the list; undo only after a delete."""
        if action in ("delete", "edit"):
            return self.results.has_focus and self.highlighted_bookmark is not None
        if action == "undo":
            return bool(self.removed)
        return super().check_action(action, parameters)

    def action_delete(self) -> None:
        """Delete the bookmark under the cursor (ctrl+z undoes)."""
        bookmark = self.highlighted_bookmark
        if bookmark is not None:
            self._remove(bookmark.url)

    @work(
        thread=True,
        group="bookmark_change",
        exit_on_error=False,
        description="deleting the bookmark",
    )
    def _remove(self, url: str) -> None:
        try:
            removed = self.library.remove_bookmark(url)
        except ReaderError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._removed, removed)

    def _removed(self, bookmark: Bookmark | None) -> None:
        if bookmark is None:
            return
        self.removed.append(bookmark)
        title = shorten(clean_line(bookmark.title) or clean_line(bookmark.url), 40)
        self.notify(f"Deleted “{title}” · ctrl+z undoes", markup=False, timeout=6)
        self.reload()

    def action_undo(self) -> None:
        """Put back the last bookmark deleted here."""
        if self.removed:
            self._restore(self.removed.pop())

    @work(
        thread=True,
        group="bookmark_change",
        exit_on_error=False,
        description="restoring the bookmark",
    )
    def _restore(self, bookmark: Bookmark) -> None:
        try:
            self.library.restore_bookmark(bookmark)
        except ReaderError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._restored, bookmark)

    def _restored(self, bookmark: Bookmark) -> None:
        self.notify("Bookmark restored.", markup=False, timeout=3)
        self.reload(keep=bookmark.url)
        self.refresh_bindings()

    def action_edit(self) -> None:
        """Edit the tags and note of the bookmark under the cursor."""
        bookmark = self.highlighted_bookmark
        if bookmark is None:
            return

        def edited(edit: BookmarkEdit | None) -> None:
            if edit is None:
                return
            if edit.remove:
                self._remove(bookmark.url)
            else:
                self._update(bookmark.url, edit)

        dialog = BookmarkDialog(
            bookmark.title or bookmark.url, bookmark, known_tags=self.library.tags
        )
        self.app.push_screen(dialog, callback=edited)

    @work(
        thread=True,
        group="bookmark_change",
        exit_on_error=False,
        description="changing the bookmark",
    )
    def _update(self, url: str, edit: BookmarkEdit) -> None:
        try:
            self.library.update_bookmark(url, tags=edit.tags, note=edit.note)
        except ReaderError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self.reload, url)

    def _failed(self, exc: ReaderError) -> None:
        detail = error_text(exc)
        self.notify(f"The bookmark could not be changed: {detail}", severity="error", markup=False)

    def bookmark_urls(self) -> list[str]:
        """The addresses listed, in order."""
        return [b.url for b in self.bookmarks]
