"""Back and forward: the pages read in this session, each with the place the
reader left it (scroll position, sidebar cursor and folds, focus)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.ui.widgets.article_view import ReadingPosition

#: Most entries kept; the oldest are dropped first.
HISTORY_LIMIT = 500

#: The top of a page.
TOP = ReadingPosition(-1, 0)


@dataclass(frozen=True, slots=True)
class PageState:
    """Where the reader was on a page, so that coming back lands there."""

    position: ReadingPosition = TOP
    """The top line of the article view."""
    link: int | None = None
    """The number of the link under the sidebar cursor."""
    folded: frozenset[int] = frozenset()
    """Indexes of the sidebar groups folded away."""
    sidebar_focused: bool = False
    """The sidebar, not the article, had the keyboard."""


@dataclass(slots=True)
class HistoryEntry:
    """A page in the history: its source (URL or path) and the last state."""

    source: str
    state: PageState = field(default_factory=PageState)


class History:
    """A back/forward list with a current entry, as in a web browser."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._entries: list[HistoryEntry] = []
        self._index = -1
        self._limit = max(1, limit)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def index(self) -> int:
        """Index of the current entry (-1 when empty)."""
        return self._index

    @property
    def current(self) -> HistoryEntry | None:
        """The entry on screen."""
        return self._entries[self._index] if self._entries else None

    @property
    def sources(self) -> list[str]:
        """Every source, oldest first."""
        return [entry.source for entry in self._entries]

    def entry_at(self, index: int) -> HistoryEntry | None:
        """The entry at `index`, or None outside the history."""
        return self._entries[index] if 0 <= index < len(self._entries) else None

    def step(self, base: int | None, step: int) -> tuple[int, HistoryEntry] | None:
        """The entry `step` away from `base` (None: the current one), with its
        index; None outside the history."""
        index = (self.index if base is None else base) + step
        entry = self.entry_at(index)
        return None if entry is None else (index, entry)

    def visit(self, source: str) -> HistoryEntry:
        """A new page was opened: it becomes the current entry and the
        forward entries are dropped. Opening the current page again starts
        it afresh instead of adding an entry."""
        current = self.current
        if current is not None and current.source == source:
            current.state = PageState()
            return current
        del self._entries[self._index + 1 :]
        entry = HistoryEntry(source)
        self._entries.append(entry)
        overflow = len(self._entries) - self._limit
        if overflow > 0:
            del self._entries[:overflow]
        self._index = len(self._entries) - 1
        return entry

    def remember(self, state: PageState) -> None:
        """Keep `state` as the current page's place."""
        if self.current is not None:
            self.current.state = state

    def go(self, index: int) -> HistoryEntry:
        """Make the entry at `index` the current one."""
        entry = self.entry_at(index)
        if entry is None:
            raise IndexError(index)
        self._index = index
        return entry
