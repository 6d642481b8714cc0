"""SearchScreen: search everything stored (articles, bookmarks with their
tags and notes) as you type; ranked results with the matched words
highlighted. Enter opens one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.widgets import Input
from textual.widgets.option_list import Option

from reader.core.errors import ReaderError
from reader.core.records import SearchHit
from reader.core.sanitize import clean_line
from reader.core.urls import host_of
from reader.ui.failures import error_text
from reader.ui.formatting import DOT, tags_text
from reader.ui.highlight import highlighted
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.hanging import HangingPrompt

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike

#: Wait this long after a key before searching (seconds).
SEARCH_DELAY = 0.15
#: Most results shown.
RESULT_LIMIT = 50

HINT_TEXT = "Type to search everything you have read or bookmarked: titles, text, tags and notes."
#: Marks before a result.
SAVED_MARK = "●"
BOOKMARK_MARK = "★"


def hit_prompt(hit: SearchHit) -> HangingPrompt:
    """Marks in a gutter; beside them the title (matches highlighted), the
    site and tags, and the snippet."""
    title = highlighted(hit.title, "bold")
    if not title.plain.strip():
        title = Content.styled(clean_line(hit.url), "bold")
    marks = Content.assemble(
        (SAVED_MARK if hit.saved else " ", "$text-accent"),
        (BOOKMARK_MARK if hit.bookmarked else " ", "$text-accent"),
        " ",
    )
    details: list[str | tuple[str, str]] = [
        (clean_line(hit.site) or host_of(hit.url), "$foreground-muted")
    ]
    tags = tags_text(list(hit.tags))
    if tags:
        details += [(DOT, "$foreground-muted"), (tags, "$text-accent")]
    lines: list[Content | str] = [title, "\n", Content.assemble(*details)]
    snippet = highlighted(hit.snippet, "$foreground-muted", "bold $text-warning")
    if snippet.plain.strip():
        lines += ["\n", snippet]
    return HangingPrompt(marks, Content.assemble(*lines))


class SearchScreen(LibraryScreen):
    """Full-text search of the library. Dismisses with the address to open, or None."""

    HEADING = "Search the library"
    PLACEHOLDER = "Words to find (prefixes match: harb finds harbour)"

    def __init__(self, library: LibraryLike, query: str = "") -> None:
        super().__init__(library, id="search")
        self.initial_query = query
        self.hits: list[SearchHit] = []
        """The results shown."""
        self.query_shown: str | None = None
        """The query whose results are shown (None before the first)."""
        self._ticket = 0

    def on_mount(self) -> None:
        """Start in the search box, with the hint."""
        super().on_mount()
        self.show_options([])
        self.show_status(HINT_TEXT)
        if self.initial_query:
            self.input.value = self.initial_query

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as you type, after a short pause; the latest query wins."""
        event.stop()
        self._ticket += 1
        query, ticket = event.value, self._ticket
        if not query.strip():
            self.after_typing(SEARCH_DELAY, None)
            self._show(ticket, query, [], "")
            return
        self.after_typing(SEARCH_DELAY, lambda: self._search(ticket, query))

    @work(
        thread=True,
        exclusive=True,
        group="search",
        exit_on_error=False,
        description="searching the library",
    )
    def _search(self, ticket: int, query: str) -> None:
        if ticket != self._ticket:
            return
        try:
            found: Sequence[SearchHit] = self.library.search(query, RESULT_LIMIT)
            error = ""
        except ReaderError as exc:
            found, error = [], error_text(exc)
        self.app.call_from_thread(self._show, ticket, query, list(found), error)

    def _show(self, ticket: int, query: str, found: list[SearchHit], error: str) -> None:
        if ticket != self._ticket or not self.is_attached:
            return
        self.hits = found
        self.query_shown = query
        self.show_options([(Option(hit_prompt(hit)), hit.url) for hit in found], divided=True)
        if error:
            self.show_status(f"The search failed: {error}")
        elif not query.strip():
            self.show_status(HINT_TEXT)
        elif not found:
            self.show_status(f"Nothing found for “{clean_line(query)}”.")
        else:
            count = len(found)
            more = "+" if count >= RESULT_LIMIT else ""
            self.show_status(f"{count}{more} result{'s' if count != 1 else ''}, best first")
        self.refresh_bindings()
