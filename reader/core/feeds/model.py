"""What a parsed feed or a followed page yields: plain records, stdlib only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed (or one story link of a page followed as a source).

    Every text is plain, sanitized (no control characters, no markup) and
    single-line but `summary`; `url` is absolute http(s).
    """

    guid: str
    """The entry's id/guid; the normalised URL when the feed gives none."""
    url: str
    title: str
    summary: str = ""
    author: str = ""
    published: datetime | None = None
    """Timezone-aware, the publisher's offset kept (naive times are read as UTC)."""
    updated: datetime | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """A feed read from bytes."""

    kind: str
    """"rss", "rdf", "atom" or "json"."""
    title: str
    site_url: str | None
    items: tuple[FeedItem, ...]
    problems: tuple[str, ...] = field(default=())
    """One sentence per thing skipped or repaired (entries without a link, a
    malformed document read as far as it goes, ...)."""


@dataclass(frozen=True)
class FeedLink:
    """A feed a web page advertises with <link rel="alternate">."""

    url: str
    title: str
    kind: str
    """"rss", "atom" or "json"."""


@dataclass(frozen=True)
class OutlineEntry:
    """A source read from an OPML or newsboat file (not yet subscribed)."""

    url: str
    title: str = ""
    tags: tuple[str, ...] = ()
    kind: str = "feed"
    """"feed" (OPML type="rss", newsboat lines) or "page" (an OPML outline
    whose type says html, or ours exported with type="page")."""
    list_heading: str | None = None
    """With kind "page": the heading of the one list of the page followed (a
    list source, exported by us as listHeading="..."); None: the whole page."""
