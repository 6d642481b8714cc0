"""What lists and searches of the store hand back: visits, search hits with
their marked snippets, cache figures. Loaded when first asked for (the
reader starts without them). Plain frozen dataclasses; times are
timezone-aware UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
