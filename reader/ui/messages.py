"""Messages posted by the page-loading worker; the app's handlers own the state."""

from __future__ import annotations

from textual.message import Message

from reader.ui.protocols import ReadingLike
from reader.ui.widgets.article_view import ReadingPosition


class PageLoaded(Message):
    """A source was opened and its article extracted."""

    def __init__(self, ticket: int, reading: ReadingLike, position: ReadingPosition | None) -> None:
        super().__init__()
        self.ticket = ticket
        """Which load this answers; stale answers are ignored."""
        self.reading = reading
        self.position = position
        """Where to put the reader (a reload keeps the place), or None for the top."""


class PageFailed(Message):
    """Opening a source failed; `message` says why, in one plain sentence."""

    def __init__(self, ticket: int, source: str, message: str) -> None:
        super().__init__()
        self.ticket = ticket
        self.source = source
        self.message = message


class OpenRequested(Message):
    """Something (the start screen, later the sidebar) asks the app to open a source."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source
