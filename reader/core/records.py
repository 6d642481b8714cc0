"""The records the library hands to the app and the CLI: a page opened for
reading, recent pages, visits, search hits, cache figures, and the progress
and summary of saving linked stories. This is the UI's side of the contract
(with `reader.ui.contract.LibraryLike`): plain frozen dataclasses on the
standard library and `reader.core.models`, cheap to import at start-up.
Times are timezone-aware UTC."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reader.core.feeds.model import FeedItem
from reader.core.models import Article, Bookmark, Page


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
    stories: tuple[FeedItem, ...] = ()
    """Set when the page is an index (a front or section page, not an article):
    its story links, shown as a list of stories instead of a broken article."""


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


#: The reason of a failure to connect at all (refused, no route, no such name).
UNREACHABLE = "could not connect"


@dataclass
class SaveSummary:
    """What "save linked stories" did."""

    saved: list[tuple[str, str]] = field(default_factory=list)
    """(address, title) of each page saved."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(address, message) of each page that could not be saved."""
    reasons: list[str] = field(default_factory=list)
    """Each failure's reason without its address, in `failed`'s order, the
    same for failures alike (`UNREACHABLE`, "the server answered 404 Not
    Found"): what `by_reason` groups on."""
    already: int = 0
    """Links skipped because they were saved before."""
    cancelled: bool = False

    def fail(self, url: str, message: str, reason: str = "") -> None:
        """Add a failure (`reason` "": its message)."""
        self.failed.append((url, message))
        self.reasons.append(reason or message)

    def reason(self, index: int) -> str:
        """The reason of the `index`th failure (its message when none was given)."""
        return self.reasons[index] if index < len(self.reasons) else self.failed[index][1]

    @property
    def no_network(self) -> bool:
        """Nothing was saved and every failure was a failure to connect: the
        network is down, not the sites."""
        failures = range(len(self.failed))
        return (
            bool(failures)
            and not self.saved
            and all(self.reason(i) == UNREACHABLE for i in failures)
        )

    def by_reason(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The failures grouped by reason (see `group_by_reason`)."""
        return group_by_reason(self.failed, [self.reason(i) for i in range(len(self.failed))])


def group_by_reason(
    failures: Sequence[tuple[str, str]], reasons: Sequence[str]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(address, message) failures grouped by their reasons, the most common
    first (then in the order they came): (reason, [(address, message), ...])."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for failure, reason in zip(failures, reasons, strict=True):
        groups.setdefault(reason, []).append(failure)
    return sorted(groups.items(), key=lambda group: -len(group[1]))


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
    sources: int = 0
    """Sources followed."""
    items: int = 0
    """Stories the sources brought (kept until read and old: see `keep_days`)."""
    unread: int = 0


# -- the read-later queue ---------------------------------------------------------


@dataclass(frozen=True)
class BookmarkListing:
    """One filter's bookmarks, as many as asked for, and how many match in all."""

    bookmarks: list[Bookmark]
    total: int
    capped: bool = False
    """More than `total` match: the count stopped there (show "5,000+")."""


@dataclass(frozen=True)
class BookmarkCounts:
    """Bookmarks by state in the queue, favourites, and those not yet stored."""

    unread: int = 0
    read: int = 0
    archived: int = 0
    favourite: int = 0
    unsaved: int = 0
    """Bookmarks whose page is not stored for offline reading yet."""

    @property
    def total(self) -> int:
        """Every bookmark."""
        return self.unread + self.read + self.archived


# -- sources and their items (the news) ------------------------------------------

SOURCE_FEED = "feed"
"""A source that is an RSS, Atom or JSON feed."""
SOURCE_PAGE = "page"
"""A web page whose story links the reader tracks (a front or section page)."""
SOURCE_LIST = "list"
"""One link list of a page (e.g. its "Terkini"), named by `Source.list_heading`."""


@dataclass(frozen=True)
class Source:
    """A feed or a page the user follows, with its refresh state and counts."""

    id: int
    url: str
    """The feed's or the page's address (updated when it moved for good: 301/308)."""
    kind: str
    """SOURCE_FEED, SOURCE_PAGE or SOURCE_LIST."""
    title: str
    tags: tuple[str, ...] = ()
    list_heading: str | None = None
    """For SOURCE_LIST: the heading of the list followed (matched case-insensitively)."""
    site_url: str | None = None
    """The site's home page, when the feed says."""
    added_at: datetime | None = None
    checked_at: datetime | None = None
    """The last time the source was asked (whatever the answer)."""
    error: str | None = None
    """The last refresh's failure, one sentence; None when it worked."""
    failures: int = 0
    """Refreshes failed in a row (the wait before the next grows with it)."""
    etag: str | None = None
    last_modified: str | None = None
    next_due: datetime | None = None
    """Not asked again before this (min interval + jitter, max-age, Retry-After, back-off)."""
    gone: bool = False
    """The server said 410 Gone: the source is no longer refreshed."""
    unread: int = 0
    items: int = 0


@dataclass(frozen=True)
class NewsItem:
    """One story that arrived through one or more sources."""

    id: int
    url: str
    title: str
    source_id: int
    """The first source it arrived through."""
    source_title: str = ""
    guid: str = ""
    summary: str = ""
    """The feed's summary, plain sanitized text (shown, marked, when the page
    could not be saved)."""
    author: str = ""
    published: datetime | None = None
    """As the feed gave it, offset kept; None when it gave none (or an unreadable one)."""
    updated: datetime | None = None
    first_seen: datetime | None = None
    read: bool = False
    saved: bool = False
    """The full article is in the library (opens offline)."""
    word_count: int | None = None
    site: str = ""

    @property
    def when(self) -> datetime | None:
        """The time to sort and show: published, else first seen."""
        return self.published or self.first_seen


@dataclass(frozen=True)
class RefreshProgress:
    """Progress of a refresh, reported after each source and each story saved."""

    sources_done: int
    sources_total: int
    new_items: int
    stories_saved: int
    stories_total: int
    current: str = ""
    """The source or story just finished (a title or an address)."""


@dataclass
class RefreshSummary:
    """What a refresh did."""

    checked: int = 0
    """Sources asked."""
    not_modified: int = 0
    """Sources that answered 304 (or had nothing new)."""
    new_items: int = 0
    saved: int = 0
    """New stories saved in full."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(source address or title, reason) of each source that failed."""
    unsaved: list[tuple[str, str]] = field(default_factory=list)
    """(story address, reason) of each new story whose page could not be saved."""
    not_stored: list[tuple[str, str]] = field(default_factory=list)
    """Of `unsaved`, the stories fetched that the library could not store
    (read-only, a full disk, locked), with the store's reason: the library's
    trouble, not the sites'."""
    skipped: int = 0
    """Sources not due yet (not asked)."""
    capped: bool = False
    """A cap (items per source or bytes per refresh) stopped some stories being saved."""
    cancelled: bool = False
