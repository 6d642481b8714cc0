"""What the store hands back for a page: stored pages and articles (visits,
search hits and cache figures are in `results`), and how times are written.
Plain frozen dataclasses; times are timezone-aware UTC."""

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
