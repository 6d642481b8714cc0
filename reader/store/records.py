"""What the store hands back: stored pages and articles, visits, search hits,
cache figures. Plain frozen dataclasses; times are timezone-aware UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from reader.core.models import Article, Page


def now() -> datetime:
    """The current time, UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def to_text(moment: datetime) -> str:
    """How times are written in the database (ISO 8601, UTC)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_text(text: str | None) -> datetime | None:
    """Inverse of `to_text`; None for missing or unreadable values."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class StoredPage:
    """A page as saved: the Page plus when it was last checked with the server."""

    page: Page
    checked_at: datetime


@dataclass(frozen=True)
class StoredArticle:
    """An article as saved, with the time of the page it came from."""

    url: str
    article: Article
    fetched_at: datetime
    checked_at: datetime
    extractor_version: str


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
