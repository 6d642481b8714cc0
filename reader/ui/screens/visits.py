"""HistoryScreen: the pages read, newest first, grouped by day ("Today",
"Yesterday", "Mon 24 Nov 2025"), one row per page and day; more are loaded
as you scroll. Typing filters by title, site or address; enter reopens a
page (where you stopped reading)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from reader.core.errors import ReaderError
from reader.core.records import Visit
from reader.core.sanitize import clean_line
from reader.core.urls import host_of
from reader.ui.failures import error_text
from reader.ui.formatting import day_label, format_time
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.hanging import HangingPrompt

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike

#: Visits loaded at a time.
PAGE_SIZE = 200
#: Load more when the cursor or the view comes this close to the end (options).
LOAD_MARGIN = 30
#: Wait this long after a key before filtering (seconds).
FILTER_DELAY = 0.1

EMPTY_TEXT = "Nothing read yet. Pages you open are listed here, by day."


def visit_prompt(visit: Visit, tz: tzinfo | None) -> HangingPrompt:
    """ "14:05  Title · site", the title wrapping clear of the time."""
    moment = visit.visited_at.astimezone(tz)
    title = clean_line(visit.title) or clean_line(visit.url)
    site = clean_line(visit.site) or host_of(visit.url)
    body = Content.assemble(title, (f"  {site}", "$foreground-muted") if site else "")
    return HangingPrompt(Content.styled(f"{format_time(moment)}  ", "$foreground-muted"), body)


class HistoryScreen(LibraryScreen):
    """Visits by day. Dismisses with the address to reopen, or None."""

    HEADING = "History"
    PLACEHOLDER = "Filter by title, site or address"

    def __init__(
        self, library: LibraryLike, *, now: datetime | None = None, tz: tzinfo | None = None
    ) -> None:
        super().__init__(library, id="history")
        self.tz = tz
        """Time zone days are counted in (None: local time)."""
        self.now = (now or datetime.now(UTC)).astimezone(tz)
        self.visits: list[Visit] = []
        """Every visit loaded so far."""
        self.exhausted = False
        """No more visits to load."""
        self.fetching = False
        self._last_day = ""
        self._last_url = ""
        self._ticket = 0

    def on_mount(self) -> None:
        """Load the first page of visits."""
        super().on_mount()
        self.watch(self.results, "scroll_y", self._scrolled, init=False)
        self.load_more()

    @property
    def filter_text(self) -> str:
        """What is typed in the filter box."""
        return self.input.value

    def load_more(self) -> None:
        """Load the next page of visits (in a thread)."""
        if self.fetching or self.exhausted:
            return
        self.fetching = True
        self._load(self._ticket, len(self.visits), self.filter_text)

    @work(thread=True, group="history", exit_on_error=False, description="listing the history")
    def _load(self, ticket: int, offset: int, text: str) -> None:
        try:
            found: Sequence[Visit] = self.library.history(PAGE_SIZE, offset, text)
            error = ""
        except ReaderError as exc:
            found, error = [], error_text(exc)
        self.app.call_from_thread(self._loaded, list(found), error, ticket)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as you type (after a short pause): the list starts again."""
        event.stop()
        self.after_typing(FILTER_DELAY, self._restart)

    def _restart(self) -> None:
        self._ticket += 1
        self.visits = []
        self.exhausted = self.fetching = False
        self._last_day = self._last_url = ""
        self.load_more()

    def _loaded(self, found: list[Visit], error: str, ticket: int = 0) -> None:
        if not self.is_attached or ticket != self._ticket:
            return
        self.fetching = False
        self.exhausted = len(found) < PAGE_SIZE or bool(error)
        first = not self.visits
        self.visits.extend(found)
        options: list[tuple[Option, str | None]] = []
        for visit in found:
            moment = visit.visited_at.astimezone(self.tz)
            label = day_label(moment, self.now)
            if label != self._last_day:
                if self._last_day or options:
                    options.append((Option(Content(""), disabled=True), None))
                heading = Content.styled(label, "bold $text-accent")
                options.append((Option(heading, disabled=True), None))
                self._last_day, self._last_url = label, ""
            if visit.url == self._last_url:
                continue  # opened again the same day: listed once
            self._last_url = visit.url
            options.append((Option(visit_prompt(visit, self.tz)), visit.url))
        if first:
            self.show_options(options)
        elif options:
            self.add_options(options)
        if error:
            self.show_status(f"Could not read the history: {error}")
        elif not self.visits and self.filter_text.strip():
            self.show_status(f"No page read matches “{clean_line(self.filter_text)}”.")
        elif not self.visits:
            self.show_status(EMPTY_TEXT)
        else:
            self.show_status("")

    def _near_end(self) -> bool:
        results = self.results
        index = results.highlighted or 0
        if results.option_count - index <= LOAD_MARGIN:
            return True
        return results.max_scroll_y - results.scroll_y <= results.size.height

    def _scrolled(self) -> None:
        if self._near_end():
            self.load_more()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving down the list loads more before the end is reached."""
        event.stop()
        if self._near_end():
            self.load_more()
