"""What the UI may ask the library: the whole contract, in one protocol.

`reader.library.Library` satisfies `LibraryLike`; the UI tests pass a fake
that mypy checks against it too. The records handed back are those of
`reader.core.records`. The UI never imports the library or the store (they
pull in the network stack and SQLite): the CLI makes the library and passes
it in, which keeps starting the app cheap.

Failures: every method raises only `ReaderError` subclasses, with a message
for people, for what can go wrong (no network, a damaged store, a bad
address); the UI shows those where they happen. Anything else is a bug and
reaches the app's one worker-failure handler (`reader.ui.failures`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from reader.core.models import Article, Bookmark
from reader.core.paths import Paths
from reader.core.records import (
    BookmarkCounts,
    BookmarkListing,
    NewsItem,
    Reading,
    RecentPage,
    RefreshProgress,
    RefreshSummary,
    SaveProgress,
    SaveSummary,
    SearchHit,
    Source,
    Visit,
)
from reader.core.settings import Settings


class NewsLike(Protocol):
    """The sources a user follows and the stories they bring (`Library.news`).

    The synchronous methods are database calls the UI runs in thread workers.
    """

    def any_followed(self) -> bool:
        """Whether any source is followed: one quick read, made on the UI
        thread at start to choose the first screen."""

    def sources(self, tag: str | None = None) -> Sequence[Source]:
        """Every source (with `tag`: those tagged so), by title, with unread counts."""

    def items(
        self,
        *,
        source_id: int | None = None,
        tag: str | None = None,
        unread_only: bool = False,
        limit: int = 500,
        offset: int = 0,
    ) -> Sequence[NewsItem]:
        """Stories, newest first (published, else first seen), of one source,
        of the sources tagged `tag`, or of all."""

    def unread_count(self) -> int:
        """Unread stories over all sources."""

    def mark_read(self, urls: Sequence[str], read: bool = True) -> int:
        """Mark the stories at `urls` read (or unread); how many changed."""

    def mark_all_read(
        self, *, source_id: int | None = None, tag: str | None = None
    ) -> Sequence[str]:
        """Mark every unread story of a source, a tag or all read; the
        addresses changed (give them to `mark_read(urls, False)` to undo)."""

    async def follow(
        self,
        url: str,
        *,
        tags: Sequence[str] = (),
        as_page: bool = False,
        list_heading: str | None = None,
        title: str | None = None,
    ) -> Source:
        """Subscribe to `url`: a feed; the main feed an HTML page advertises
        (unless `as_page`); else the page itself, or its list headed
        `list_heading`. Following a source already followed returns it."""

    async def refresh(
        self,
        *,
        urls: Sequence[str] | None = None,
        tag: str | None = None,
        force: bool = False,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> RefreshSummary:
        """Ask the due sources (those named by `urls`/`tag`, or all; `force`:
        due or not) for new stories and save them in full for offline."""


class LibraryLike(Protocol):
    """Opens sources into readings and keeps the local library: history,
    reading positions, bookmarks, search, saving for offline.

    The synchronous methods are database calls: quick, but the UI runs
    them in thread workers wherever a user could notice (`link_states` and
    `open_stored` are the exceptions, made for the UI thread).
    """

    on_unsaved: Callable[[str, str], None] | None
    """Told (address, why) on a storing thread when a page read could not be
    kept for offline (a read-only or full library)."""

    @property
    def settings(self) -> Settings:
        """The library's settings (config.toml's [network] and [save])."""

    @property
    def paths(self) -> Paths:
        """Where the library, the config file and the user's themes live."""

    @property
    def news(self) -> NewsLike:
        """The sources followed and their stories."""

    @property
    def notices(self) -> list[str]:
        """Messages about the library for the user (a damaged file replaced, ...)."""

    async def open(
        self,
        source: str,
        *,
        base_url: str | None = None,
        refresh: bool = False,
        visit: bool = True,
    ) -> Reading:
        """Load and extract `source` (from the store when read before, unless
        `refresh`); a visit in the history unless `visit` is False (back,
        forward, reloads)."""

    def open_stored(self, source: str) -> Reading | None:
        """`source`'s stored copy at once (a quick read on the calling
        thread), or None when `open` must be used."""

    def record_visit(self, reading: Reading) -> None:
        """Add a reading from `open_stored` to the history."""

    def warm_up(self) -> None:
        """Load what opening a page needs (called on a thread after the first paint)."""

    async def revalidate(self, reading: Reading) -> Reading | None:
        """Check a stored `reading` with the server: a new reading when the
        page changed (or the same one badged offline), else None."""

    def recent(self, limit: int = 20) -> Sequence[RecentPage]:
        """Pages opened before, most recent first ([] when it cannot tell)."""

    def history(self, limit: int = 500, offset: int = 0, text: str = "") -> Sequence[Visit]:
        """Visits, newest first, one per page per local day (the last); `text`
        keeps those whose title, site or address contain every one of its
        words (case-insensitive)."""

    def save_position(self, url: str, position: Mapping[str, Any], fraction: float | None) -> None:
        """Remember where reading stopped on `url` (quietly, never raises)."""

    def position(self, url: str) -> Mapping[str, Any] | None:
        """Where reading stopped on `url`, if known."""

    def bookmark(self, url: str) -> Bookmark | None:
        """The bookmark for `url`, or None."""

    def add_bookmark(
        self,
        url: str,
        title: str = "",
        tags: Sequence[str] = (),
        note: str = "",
        *,
        state: str | None = None,
        favourite: bool | None = None,
    ) -> Bookmark:
        """Bookmark `url` (new: unread unless `state` says)."""

    def update_bookmark(
        self, url: str, *, tags: Sequence[str] | None = None, note: str | None = None
    ) -> Bookmark | None:
        """Change a bookmark's tags (replaced) or note."""

    def set_bookmark_state(self, urls: Sequence[str], state: str) -> int:
        """Mark bookmarks unread, read or archived; how many changed."""

    def set_favourite(self, urls: Sequence[str], favourite: bool) -> int:
        """Mark bookmarks favourites, or not; how many changed."""

    def remove_bookmark(self, url: str) -> Bookmark | None:
        """Delete a bookmark, returning it for undo."""

    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark (undo)."""

    def bookmarks(self, text: str = "", tag: str | None = None) -> Sequence[Bookmark]:
        """Bookmarks, newest first, filtered by `text` (reader.core.bookmark_query) and `tag`."""

    def bookmark_listing(
        self, text: str = "", *, limit: int | None = None, offset: int = 0
    ) -> BookmarkListing:
        """The bookmarks the filter `text` keeps (at most `limit`), and how many in all."""

    def bookmark_counts(self) -> BookmarkCounts:
        """Bookmarks by state, favourites, and those not stored for offline yet."""

    def tags(self) -> Sequence[str]:
        """Every bookmark tag in use, most used first."""

    def search(self, query: str, limit: int = 50) -> Sequence[SearchHit]:
        """Full-text search over stored articles and bookmarks, best first."""

    def link_states(self, urls: Sequence[str]) -> Mapping[str, str]:
        """ "read" (opened before) or "saved" (kept for offline) for the URLs
        the library knows, keyed exactly as given; {} when it cannot tell.
        Quick (one query for a page's 150+ links): it runs on the UI thread."""

    def linked_urls(self, article: Article, limit: int | None = None) -> Sequence[str]:
        """The story addresses of an article's sections, once each."""

    async def save_linked(
        self,
        article: Article,
        *,
        limit: int | None = None,
        progress: Callable[[SaveProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
        queue: bool = False,
    ) -> SaveSummary:
        """Fetch and store the stories linked from `article` (progress is
        reported on the event loop; setting `cancel` stops it); `queue`: those
        saved join the read-later queue."""

    async def save_bookmarks(
        self,
        urls: Sequence[str] | None = None,
        *,
        limit: int | None = None,
        progress: Callable[[SaveProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> SaveSummary:
        """Fetch and store the pages of bookmarks not stored yet (of `urls`,
        else the newest `limit` waiting); NotSaved when offline."""

    def export_story_markdown(self, url: str, folder: Path | None = None) -> Path:
        """Write the stored story at `url` as a Markdown file (in `folder`, else
        the exports folder); its path. NotSaved when it is not stored."""

    async def close(self) -> None:
        """Release resources (pages still being stored are stored first)."""
