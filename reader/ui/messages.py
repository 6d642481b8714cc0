"""Messages posted by the page-loading worker and the screens; the app's
handlers own the state."""

from __future__ import annotations

from textual.message import Message

from reader.core.models import Bookmark
from reader.ui.history import PageState
from reader.ui.protocols import ReadingLike


class PageLoaded(Message):
    """A source was opened and its article extracted."""

    def __init__(
        self,
        ticket: int,
        reading: ReadingLike,
        state: PageState | None,
        *,
        bookmark: Bookmark | None = None,
        restored: bool = False,
    ) -> None:
        super().__init__()
        self.ticket = ticket
        """Which load this answers; stale answers are ignored."""
        self.reading = reading
        self.state = state
        """Where to put the reader (a reload or going back keeps the place),
        or None for the top of a fresh page."""
        self.bookmark = bookmark
        """The page's bookmark, if it is bookmarked."""
        self.restored = restored
        """`state` is where reading stopped last time (from the library)."""


class PageRevalidated(Message):
    """The server was asked whether a stored page changed: `fresh` is the new
    copy, or None when it did not change (or could not be checked)."""

    def __init__(self, ticket: int, reading: ReadingLike, fresh: ReadingLike | None) -> None:
        super().__init__()
        self.ticket = ticket
        self.reading = reading
        """The stored copy that was checked."""
        self.fresh = fresh


class PageFailed(Message):
    """Opening a source failed; `message` says why, in one plain sentence."""

    def __init__(self, ticket: int, source: str, message: str) -> None:
        super().__init__()
        self.ticket = ticket
        self.source = source
        self.message = message


class OpenRequested(Message):
    """Something (the start screen) asks the app to open a source."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source


class FollowLink(Message):
    """A link of the page was chosen: follow it (only http and https are)."""

    def __init__(self, url: str, *, external: bool = False) -> None:
        super().__init__()
        self.url = url
        self.external = external
        """Open it in the system browser instead of the reader."""
