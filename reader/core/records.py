"""The records the library hands to the app and the CLI: a page opened for
reading, recent pages, visits, search hits, cache figures, and the progress
and summary of saving linked stories. This is the UI's side of the contract
(with `reader.ui.contract.LibraryLike`): plain frozen dataclasses on the
standard library and `reader.core.models`, cheap to import at start-up.
Times are timezone-aware UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reader.core.models import Article, Page


@dataclass(frozen=True)
class Reading:
    """A page opened for reading: the raw page, its article, and how we got it."""

    source: str
    page: Page
    article: Article
    notice: str | None = None
    """A short note for the user about where this copy came from."""
    from_store: bool = False
    saved_at: datetime | None = None
    offline: bool = False
    """True when the network could not be used and this is the saved copy."""


@dataclass(frozen=True)
class RecentPage:
    """A page opened before, for the start screen."""

    url: str
    title: str
    site: str
    opened_at: str
    """ISO 8601 UTC time of the last opening."""


@dataclass(frozen=True)
class SaveProgress:
    """Progress of saving linked stories: one report per finished page."""

    done: int
    total: int
    url: str
    ok: bool
    message: str = ""


@dataclass
class SaveSummary:
    """What "save linked stories" did."""

    saved: list[tuple[str, str]] = field(default_factory=list)
    """(address, title) of each page saved."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(address, reason) of each page that could not be saved."""
    already: int = 0
    """Links skipped because they were saved before."""
    cancelled: bool = False


@dataclass(frozen=True)
class Visit:
    """One opening of a page."""

    url: str
    title: str
    site: str
    visited_at: datetime


@dataclass(frozen=True)
class SnippetPart:
    """A piece of a search snippet; `match` marks the words that matched."""

    text: str
    match: bool = False


@dataclass(frozen=True)
class SearchHit:
    """One result of a library search: a stored article, a bookmark, or both."""

    url: str
    title: tuple[SnippetPart, ...]
    snippet: tuple[SnippetPart, ...]
    site: str
    saved: bool
    bookmarked: bool
    tags: tuple[str, ...]

    @property
    def title_text(self) -> str:
        """The title as plain text."""
        return "".join(part.text for part in self.title)


@dataclass(frozen=True)
class CacheStats:
    """What the store holds."""

    pages: int
    articles: int
    bookmarks: int
    visits: int
    body_bytes: int
    file_bytes: int
    oldest: datetime | None
