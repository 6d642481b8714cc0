"""What the UI needs from the library, as protocols.

`reader.library.Library` satisfies `LibraryLike` (and `LinkStatesLike`);
tests pass a fake. The UI does not import the library or the store (they
pull in the network stack and SQLite), so that starting the app stays cheap;
the records it shows (visits, search hits, save progress) are described
here by their shape.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from reader.core.models import Article, Bookmark, Page


class ReadingLike(Protocol):
    """A page opened for reading (see `reader.library.Reading`)."""

    @property
    def source(self) -> str:
        """What was asked for: a URL or a file path."""

    @property
    def page(self) -> Page:
        """The fetched page."""

    @property
    def article(self) -> Article:
        """The extracted article."""

    @property
    def notice(self) -> str | None:
        """A short note about where this copy came from, if any."""

    @property
    def from_store(self) -> bool:
        """The copy came from the library, not the network."""

    @property
    def offline(self) -> bool:
        """The network could not be used and this is the saved copy."""


class RecentLike(Protocol):
    """A page opened before (see `reader.library.RecentPage`)."""

    @property
    def url(self) -> str:
        """Its address."""

    @property
    def title(self) -> str:
        """Its title."""

    @property
    def site(self) -> str:
        """Its site name."""

    @property
    def opened_at(self) -> str:
        """ISO 8601 time it was last opened."""


class VisitLike(Protocol):
    """One opening of a page (see `reader.store.Visit`)."""

    @property
    def url(self) -> str:
        """Its address."""

    @property
    def title(self) -> str:
        """Its title."""

    @property
    def site(self) -> str:
        """Its site name."""

    @property
    def visited_at(self) -> datetime:
        """When it was opened (timezone-aware)."""


class SnippetPartLike(Protocol):
    """A piece of a search title or snippet (see `reader.store.SnippetPart`)."""

    @property
    def text(self) -> str:
        """The text of the piece."""

    @property
    def match(self) -> bool:
        """Whether these are words that matched the query."""


class SearchHitLike(Protocol):
    """One search result (see `reader.store.SearchHit`)."""

    @property
    def url(self) -> str:
        """The address to open."""

    @property
    def title(self) -> Sequence[SnippetPartLike]:
        """The title, in parts."""

    @property
    def snippet(self) -> Sequence[SnippetPartLike]:
        """A piece of the text around the matches, in parts."""

    @property
    def site(self) -> str:
        """The site name ("" if unknown)."""

    @property
    def saved(self) -> bool:
        """The article is stored for offline reading."""

    @property
    def bookmarked(self) -> bool:
        """The address is bookmarked."""

    @property
    def tags(self) -> Sequence[str]:
        """The bookmark's tags."""


class SaveProgressLike(Protocol):
    """One finished page while saving linked stories (see `reader.library.SaveProgress`)."""

    @property
    def done(self) -> int:
        """Pages finished so far."""

    @property
    def total(self) -> int:
        """Pages to save."""

    @property
    def url(self) -> str:
        """The page just finished."""

    @property
    def ok(self) -> bool:
        """Whether it was saved."""


class SaveSummaryLike(Protocol):
    """What saving linked stories did (see `reader.library.SaveSummary`)."""

    @property
    def saved(self) -> Sequence[tuple[str, str]]:
        """(address, title) of each page saved."""

    @property
    def failed(self) -> Sequence[tuple[str, str]]:
        """(address, reason) of each page that could not be saved."""

    @property
    def already(self) -> int:
        """Links skipped because they were saved before."""

    @property
    def cancelled(self) -> bool:
        """Whether it was cancelled before the end."""


class LibraryLike(Protocol):
    """Opens sources into readings and keeps the local library: history,
    reading positions, bookmarks, search, saving for offline.

    The synchronous methods are database calls: quick, but the UI runs
    them in thread workers wherever a user could notice.
    """

    async def open(
        self, source: str, *, base_url: str | None = None, refresh: bool = False
    ) -> ReadingLike:
        """Load and extract `source` (from the store when read before, unless
        `refresh`); raises ReaderError subclasses."""

    def open_stored(self, source: str) -> ReadingLike | None:
        """`source`'s stored copy at once (a quick read on the calling
        thread), or None when `open` must be used."""

    def record_visit(self, reading: Any) -> None:
        """Add a reading from `open_stored` to the history."""

    def warm_up(self) -> None:
        """Load what opening a page needs (called on a thread after the first paint)."""

    async def revalidate(self, reading: Any) -> ReadingLike | None:
        """Check a stored `reading` (one this library returned) with the
        server: a new reading when the page changed, else None."""

    def recent(self, limit: int = 20) -> Sequence[RecentLike]:
        """Pages opened before, most recent first."""

    def history(self, limit: int = 500, offset: int = 0) -> Sequence[VisitLike]:
        """Visits, newest first."""

    def save_position(self, url: str, position: Mapping[str, Any], fraction: float | None) -> None:
        """Remember where reading stopped on `url`."""

    def position(self, url: str) -> Mapping[str, Any] | None:
        """Where reading stopped on `url`, if known."""

    def bookmark(self, url: str) -> Bookmark | None:
        """The bookmark for `url`, or None."""

    def add_bookmark(
        self, url: str, title: str = "", tags: Sequence[str] = (), note: str = ""
    ) -> Bookmark:
        """Bookmark `url`."""

    def update_bookmark(
        self, url: str, *, tags: Sequence[str] | None = None, note: str | None = None
    ) -> Bookmark | None:
        """Change a bookmark's tags (replaced) or note."""

    def remove_bookmark(self, url: str) -> Bookmark | None:
        """Delete a bookmark, returning it for undo."""

    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark (undo)."""

    def bookmarks(self, text: str = "", tag: str | None = None) -> Sequence[Bookmark]:
        """Bookmarks, newest first, filtered by `text` and `tag`."""

    def search(self, query: str, limit: int = 50) -> Sequence[SearchHitLike]:
        """Full-text search over stored articles and bookmarks, best first."""

    def linked_urls(self, article: Article, limit: int | None = None) -> Sequence[str]:
        """The story addresses of an article's sections, once each."""

    async def save_linked(
        self,
        article: Article,
        *,
        limit: int | None = None,
        progress: Callable[[SaveProgressLike], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> SaveSummaryLike:
        """Fetch and store the stories linked from `article` (progress is
        reported on the event loop; setting `cancel` stops it)."""

    async def close(self) -> None:
        """Release resources."""


@runtime_checkable
class LinkStatesLike(Protocol):
    """A library that can tell which links were read or saved (optional)."""

    def link_states(self, urls: Sequence[str]) -> Mapping[str, str]:
        """What the library knows of each URL of `urls`: "read" (opened
        before) or "saved" (kept for offline reading), keyed by the URL
        exactly as given; unknown URLs are left out. Must be quick (one query
        for a page's 150+ links): it runs on the UI thread."""
