"""What the UI needs from the library, as protocols.

`reader.library.Library` satisfies `LibraryLike` (and, once the store keeps
them, `LinkStatesLike`); tests pass a fake. The UI
does not import the library module itself (it pulls in the network stack),
so that starting the app stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from reader.core.models import Article, Page


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


class LibraryLike(Protocol):
    """Opens sources into readings and remembers recent pages."""

    async def open(self, source: str, *, base_url: str | None = None) -> ReadingLike:
        """Load and extract `source`; raises ReaderError subclasses."""

    def recent(self, limit: int = 20) -> Sequence[RecentLike]:
        """Pages opened before, most recent first."""

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
