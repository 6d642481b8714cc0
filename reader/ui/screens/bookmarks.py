"""BookmarksScreen (B): the read-later queue. It opens on the bookmarks to
read, newest first; ctrl+o goes through the views (to read, all, read,
archive, favourites, counted in the heading) and ctrl+t turns the order.
The box filters as you type, in the library's language (words, `#tag`,
`is:read`, `sort:oldest`: an `is:` there overrides the view), and typing
always goes to it. In the list: enter opens, ctrl+u marks read or unread,
ctrl+a archives, ctrl+s stars, delete deletes, ctrl+e edits tags and note;
ctrl+z undoes the last change of any kind.

The library is asked in thread workers, a page of PAGE bookmarks at a time
(the next one when the cursor nears the end), and the rows are built there
too: the screen only swaps the list in (`reader.ui.bookmark_queue` says what
each row and line reads)."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.binding import BindingType
from textual.widgets import Input
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerError

from reader.core.bookmark_query import parse_query
from reader.core.errors import ReaderError
from reader.core.models import Bookmark
from reader.core.records import BookmarkCounts
from reader.ui.actions import SCOPE_BOOKMARKS, bindings_for
from reader.ui.bookmark_queue import (
    VIEWS,
    Listing,
    View,
    change_text,
    heading,
    next_view,
    options_for,
    overrides_view,
    query_text,
)
from reader.ui.failures import error_text
from reader.ui.screens.bookmark_dialog import BookmarkDialog, BookmarkEdit
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.result_list import ResultList

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike

#: Wait this long after a key before filtering (seconds).
FILTER_DELAY = 0.1
#: Bookmarks listed at once (a screenful: ten at 120x40, sixteen at 200x60);
#: the next ones come when the cursor or the scrolling nears the end. Every
#: option is laid out when the list is filled (~1 ms each here).
PAGE = 25
#: Wait this long for the first list before painting the screen without it (seconds).
FIRST_WAIT = 0.25
#: Load the next page when the cursor is this close to the end of the list.
MORE_WITHIN = 8


@dataclass(frozen=True)
class Change:
    """A change made here, for ctrl+z: its kind ("delete", "state",
    "favourite") and the bookmark as it was before."""

    kind: str
    before: Bookmark


class BookmarksScreen(LibraryScreen):
    """The read-later queue. Dismisses with the address to open, or None."""

    HEADING = "Bookmarks"
    PLACEHOLDER = "Filter: words, #tag, is:read, is:archived, is:fav, sort:oldest"

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_BOOKMARKS)

    def __init__(self, library: LibraryLike, *, tz: tzinfo | None = None) -> None:
        super().__init__(library, id="bookmarks")
        self.tz = tz
        """Time zone dates are shown in (None: local time)."""
        self.view: View = VIEWS[0]
        """Which bookmarks are listed (ctrl+o)."""
        self.oldest_first = False
        """The order (ctrl+t)."""
        self.bookmarks: list[Bookmark] = []
        """The bookmarks listed."""
        self.listing: Listing | None = None
        """What the last filter found."""
        self.counts: BookmarkCounts | None = None
        """Bookmarks by state, for the heading."""
        self.changes: list[Change] = []
        """Changes made here, the last one first to undo."""
        self.loaded = False
        """Whether the first list has arrived."""
        self._ticket = 0
        self._loading_more = False

    def on_mount(self) -> None:
        """Start in the filter box; count the bookmarks."""
        super().on_mount()
        self.show_heading(heading(self.HEADING, None, self.view))
        self.reload_counts()

    @on(events.Mount)
    async def _list_first(self) -> None:
        """List the queue, and wait (FIRST_WAIT at most) for it before the
        screen is first painted: one paint with the list, not an empty one
        and then another. The event loop is free meanwhile (the library is
        asked in the worker's thread); a failure is the worker's to report."""
        worker = self.reload()
        with suppress(TimeoutError, WorkerError):
            await asyncio.wait_for(asyncio.shield(worker.wait()), FIRST_WAIT)

    # Listing

    @property
    def filter_text(self) -> str:
        """What is typed in the filter box."""
        return self.input.value

    def reload(self, keep: str | None = None, *, rows: int = PAGE) -> Worker[None]:
        """List the bookmarks of the view matching the filter (in a thread),
        `rows` of them (at least PAGE); the cursor stays on `keep`, else
        where it is."""
        self._ticket += 1
        self._loading_more = False
        limit = max(PAGE, rows)
        text, view, oldest = self.filter_text, self.view, self.oldest_first
        return self._query(self._ticket, text, view, oldest, keep, limit=limit)

    def relist(self, keep: str | None = None) -> Worker[None]:
        """List again as many as are listed (after a change far down the
        list, the cursor stays where it was)."""
        return self.reload(keep, rows=len(self.bookmarks))

    def bookmarks_changed(self) -> None:
        """The bookmarks changed elsewhere (a page saved in the background):
        list them and count them again."""
        self.relist()
        self.reload_counts()

    @work(
        thread=True,
        exclusive=True,
        group="bookmarks",
        exit_on_error=False,
        description="listing the bookmarks",
    )
    def _query(
        self, ticket: int, text: str, view: View, oldest: bool, keep: str | None, *, limit: int
    ) -> None:
        """Ask the library, and build the options here, off the event loop."""
        asked = query_text(text, view, oldest)
        state = view.state is None or overrides_view(text)
        try:
            found = self.library.bookmark_listing(asked, limit=limit)
            shown = list(found.bookmarks)
            options = options_for(shown, self.tz, state=state)
            oldest_first = parse_query(asked).oldest_first
            listing = Listing(
                text,
                shown,
                options,
                found.total,
                found.capped,
                view=view,
                oldest_first=oldest_first,
            )
        except ReaderError as exc:
            listing = Listing(text, [], [], 0, error=error_text(exc), view=view)
        self.app.call_from_thread(self._show, ticket, listing, keep)

    def _show(self, ticket: int, listing: Listing, keep: str | None) -> None:
        if ticket != self._ticket or not self.is_attached:
            return
        urls = {b.url for b in listing.shown}
        keep = next((url for url in self._near(keep) if url in urls), None)
        keys_change = not self.loaded or bool(self.bookmarks) != bool(listing.shown)
        self.loaded = True
        self.listing = listing
        self.bookmarks = listing.shown
        had_focus = self.results.has_focus
        self.show_options(listing.options, keep=keep, divided=True)
        self._show_status()
        if had_focus and not listing.shown:
            self.set_focus(None)  # the list is gone: ctrl+z (undo) goes to the screen
        if keys_change:  # the keys that act on a bookmark come or go (the footer)
            self.refresh_bindings()

    def _near(self, keep: str | None) -> list[str]:
        """`keep` (else the bookmark under the cursor), then the bookmarks
        after and before it: where the cursor goes when it left the list."""
        url = keep or self.highlighted_url
        urls = [b.url for b in self.bookmarks]
        if url is None or url not in urls:
            return [url] if url else []
        at = urls.index(url)
        return [url, *urls[at + 1 : at + 2], *urls[max(0, at - 1) : at]]

    def _show_status(self) -> None:
        if self.listing is not None:
            self.show_status(self.listing.status(self.counts))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as you type (after a short pause)."""
        event.stop()
        self.after_typing(FILTER_DELAY, self._typed)

    def _typed(self) -> None:
        self.reload()
        self._show_heading()

    def on_option_list_option_highlighted(self, event: ResultList.OptionHighlighted) -> None:
        """The cursor near the end of the list: the next page of bookmarks."""
        if (event.option_index or 0) >= len(self.bookmarks) - MORE_WITHIN:
            self._load_more()

    def on_result_list_near_end(self, message: ResultList.NearEnd) -> None:
        """Scrolled near the end of the list: the next page of bookmarks."""
        message.stop()
        self._load_more()

    def _load_more(self) -> None:
        listing = self.listing
        if listing is None or self._loading_more:
            return
        if len(self.bookmarks) < listing.total or listing.capped:
            self._loading_more = True
            self._more(self._ticket, self.filter_text, self.view, self.oldest_first)

    @work(thread=True, group="bookmarks-more", exit_on_error=False, description="listing more")
    def _more(self, ticket: int, text: str, view: View, oldest: bool) -> None:
        asked = query_text(text, view, oldest)
        state = view.state is None or overrides_view(text)
        try:
            found = self.library.bookmark_listing(asked, limit=PAGE, offset=len(self.bookmarks))
        except ReaderError:
            return
        options = options_for(found.bookmarks, self.tz, state=state)
        self.app.call_from_thread(self._more_arrived, ticket, list(found.bookmarks), options)

    def _more_arrived(
        self, ticket: int, more: list[Bookmark], options: list[tuple[Option, str | None]]
    ) -> None:
        if ticket != self._ticket or not self.is_attached:
            return
        self._loading_more = False
        known = {b.url for b in self.bookmarks}
        fresh = [(b, o) for b, o in zip(more, options, strict=True) if b.url not in known]
        if not fresh:
            return
        self.bookmarks.extend(b for b, _ in fresh)
        self.add_options([o for _, o in fresh], divided=True)
        self._show_status()

    # Counts

    def reload_counts(self) -> None:
        """Count the bookmarks by state again (in a thread), for the heading."""
        self._count()

    @work(
        thread=True,
        exclusive=True,
        group="bookmark-counts",
        exit_on_error=False,
        description="counting the bookmarks",
    )
    def _count(self) -> None:
        try:
            counts = self.library.bookmark_counts()
        except ReaderError:
            return
        self.app.call_from_thread(self._counted, counts)

    def _counted(self, counts: BookmarkCounts) -> None:
        if self.is_attached:
            self.counts = counts
            self._show_heading()
            self._show_status()

    def _show_heading(self) -> None:
        view = None if overrides_view(self.filter_text) else self.view
        self.show_heading(heading(self.HEADING, self.counts, view))

    # Views and order

    def action_next_view(self) -> None:
        """ctrl+o: the next view (to read, all, read, archive, favourites)."""
        self.view = next_view(self.view)
        self._show_heading()
        self.reload()

    def action_order(self) -> None:
        """ctrl+t: newest or oldest first."""
        self.oldest_first = not self.oldest_first
        self.notify(
            "Oldest first" if self.oldest_first else "Newest first", markup=False, timeout=2
        )
        self.reload()

    @property
    def highlighted_bookmark(self) -> Bookmark | None:
        """The bookmark under the cursor."""
        url = self.highlighted_url
        return next((b for b in self.bookmarks if b.url == url), None)

    # Changes

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for a bookmark act on the one under the cursor in the list;
        undo only after a change."""
        if action in ("delete", "edit", "toggle_read", "archive", "favourite"):
            return self.results.has_focus and self.highlighted_bookmark is not None
        if action == "undo":
            return bool(self.changes)
        return super().check_action(action, parameters)

    def action_toggle_read(self) -> None:
        """ctrl+u: read, or unread again."""
        bookmark = self.highlighted_bookmark
        if bookmark is not None:
            read = bookmark.state != "read"
            text = "Marked read" if read else "Marked unread"
            self._set_state(bookmark, "read" if read else "unread", text)

    def action_archive(self) -> None:
        """ctrl+a: into the archive, or out of it (to read again)."""
        bookmark = self.highlighted_bookmark
        if bookmark is not None:
            if bookmark.state == "archived":
                self._set_state(bookmark, "unread", "Out of the archive")
            else:
                self._set_state(bookmark, "archived", "Archived")

    def action_favourite(self) -> None:
        """ctrl+s: a favourite (★), or not."""
        bookmark = self.highlighted_bookmark
        if bookmark is not None:
            text = "Unstarred" if bookmark.favourite else "Starred ★"
            self._change(Change("favourite", bookmark), not bookmark.favourite, text)

    def _set_state(self, bookmark: Bookmark, state: str, text: str) -> None:
        self._change(Change("state", bookmark), state, text)

    @work(thread=True, group="bookmark_change", exit_on_error=False, description="marking")
    def _change(self, change: Change, value: str | bool, text: str) -> None:
        """Apply `change` (a state or a favourite mark), then say so."""
        url = change.before.url
        try:
            if change.kind == "state":
                self.library.set_bookmark_state([url], str(value))
            else:
                self.library.set_favourite([url], bool(value))
        except ReaderError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._changed, change, text)

    def _changed(self, change: Change, text: str) -> None:
        self.changes.append(change)
        bookmark = change.before
        self.notify(change_text(text, bookmark.title or bookmark.url), markup=False, timeout=6)
        self.relist(keep=bookmark.url)
        self.reload_counts()
        self.refresh_bindings()  # ctrl+z undoes it: the footer says so

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
        self.changes.append(Change("delete", bookmark))
        self.notify(change_text("Deleted", bookmark.title or bookmark.url), markup=False, timeout=6)
        self.relist(keep=bookmark.url)
        self.reload_counts()
        self.refresh_bindings()  # ctrl+z undoes it: the footer says so

    def action_undo(self) -> None:
        """ctrl+z: undo the last change made here (delete, read, archive, star)."""
        if self.changes:
            self._undo(self.changes.pop())

    @work(
        thread=True,
        group="bookmark_change",
        exit_on_error=False,
        description="undoing the change",
    )
    def _undo(self, change: Change) -> None:
        before = change.before
        try:
            if change.kind == "delete":
                self.library.restore_bookmark(before)
            elif change.kind == "state":
                self.library.set_bookmark_state([before.url], before.state)
            else:
                self.library.set_favourite([before.url], before.favourite)
        except ReaderError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._undone, change)

    def _undone(self, change: Change) -> None:
        text = "Bookmark restored." if change.kind == "delete" else "Undone."
        self.notify(text, markup=False, timeout=3)
        self.relist(keep=change.before.url)
        self.reload_counts()
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
        self.app.call_from_thread(self.relist, url)

    def _failed(self, exc: ReaderError) -> None:
        detail = error_text(exc)
        self.notify(f"The bookmark could not be changed: {detail}", severity="error", markup=False)

    def bookmark_urls(self) -> list[str]:
        """The addresses listed, in order."""
        return [b.url for b in self.bookmarks]
