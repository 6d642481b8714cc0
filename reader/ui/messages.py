"""Messages the app's parts send each other (dataclasses, as toolong does):
the page-loading worker's answers, what screens ask of the app, and worker
failures on their way to the one handler. Handlers own the state.

Only `__init__` is generated (`eq=False, repr=False`): messages are never
compared, Textual's Message has its own repr, and each generated method
costs start-up time (Python 3.11 compiles it when the class is made)."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message
from textual.worker import Worker

from reader.core.models import Bookmark
from reader.core.records import Reading
from reader.ui.history import PageState


@dataclass(eq=False, repr=False)
class PageLoaded(Message):
    """A source was opened and its article extracted."""

    ticket: int
    """Which load this answers; stale answers are ignored."""
    reading: Reading
    state: PageState | None
    """Where to put the reader (a reload or going back keeps the place),
    or None for the top of a fresh page."""
    bookmark: Bookmark | None = None
    """The page's bookmark, if it is bookmarked."""
    restored: bool = False
    """`state` is where reading stopped last time (from the library)."""


@dataclass(eq=False, repr=False)
class PageRevalidated(Message):
    """The server was asked whether a stored page changed: `fresh` is the new
    copy, or None when it did not change (or could not be checked)."""

    ticket: int
    reading: Reading
    """The stored copy that was checked."""
    fresh: Reading | None


@dataclass(eq=False, repr=False)
class PageFailed(Message):
    """Opening a source failed; `message` says why, in one plain sentence."""

    ticket: int
    source: str
    message: str


@dataclass(eq=False, repr=False)
class OpenRequested(Message):
    """Something (the start screen) asks the app to open a source."""

    source: str


@dataclass(eq=False, repr=False)
class FollowLink(Message):
    """A link of the page was chosen: follow it (only http and https are)."""

    url: str
    external: bool = False
    """Open it in the system browser instead of the reader."""


@dataclass(eq=False, repr=False)
class LinksSaved(Message):
    """Stories linked from the page were saved for offline (a batch, while
    saving goes on): the sidebar marks them."""

    urls: list[str] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class SaveFinished(Message):
    """Saving linked stories ended (the panel has said how it went): the
    sidebar's marks are set again from what the library knows now."""


@dataclass(eq=False, repr=False)
class WorkerFailed(Message):
    """A worker of a screen or widget ended with an unexpected error (not a
    `ReaderError`): passed up to the app's one handler."""

    worker: Worker[object]
    error: BaseException
