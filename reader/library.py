"""The one place that runs the data flow, for the TUI and the CLI alike:

    source --load--> Page --extract--> Article

Fetching is async (httpx); extraction runs in a worker thread so that the
event loop, and so the UI, never blocks.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from reader.core.extract import extract_article
from reader.core.fetch import FetchOptions, make_client
from reader.core.models import Article, Page
from reader.core.sources import load_source


@dataclass(frozen=True)
class Reading:
    """A page opened for reading: the raw page, its article, and how we got it."""

    source: str
    page: Page
    article: Article
    notice: str | None = None
    """A short note for the user about where this copy came from."""


class Library:
    """Opens sources into Readings. One instance per app or CLI run."""

    def __init__(self, fetch_options: FetchOptions | None = None) -> None:
        self.fetch_options = fetch_options or FetchOptions()
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        """The shared HTTP client, made on first use (inside the running loop)."""
        if self._client is None:
            self._client = make_client(self.fetch_options)
        return self._client

    async def open(self, source: str, *, base_url: str | None = None) -> Reading:
        """Load `source` (URL, file path or "-") and extract its article.

        Raises a `ReaderError` subclass with a user-facing message on failure.
        """
        page = await load_source(
            source, self.fetch_options, base_url=base_url, client=self.client
        )
        article = await asyncio.to_thread(extract_article, page.html, page.url)
        return Reading(source=source, page=page, article=article)

    async def close(self) -> None:
        """Release network resources."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
