"""The one place that runs the data flow, for the TUI and the CLI alike:

    source --load--> Page --extract--> Article

Fetching is async (httpx); extraction runs in a worker thread so that the
event loop, and so the UI, never blocks.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from reader.core.extract import extract_article
from reader.core.fetch import FetchOptions, make_client
from reader.core.models import Article, Page
from reader.core.paths import Paths, resolve_paths
from reader.core.sanitize import clean_line
from reader.core.sources import load_source
from reader.core.urls import comparable

RECENT_LIMIT = 50


@dataclass(frozen=True)
class Reading:
    """A page opened for reading: the raw page, its article, and how we got it."""

    source: str
    page: Page
    article: Article
    notice: str | None = None
    """A short note for the user about where this copy came from."""


@dataclass(frozen=True)
class RecentPage:
    """A page opened before, for the start screen."""

    url: str
    title: str
    site: str
    opened_at: str
    """ISO 8601 UTC time of the last opening."""


class Library:
    """Opens sources into Readings. One instance per app or CLI run."""

    def __init__(
        self,
        fetch_options: FetchOptions | None = None,
        paths: Paths | None = None,
        *,
        remember: bool = True,
    ) -> None:
        self.fetch_options = fetch_options or FetchOptions()
        self.paths = paths or resolve_paths()
        self.remember = remember
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
        page = await load_source(source, self.fetch_options, base_url=base_url, client=self.client)
        article = await asyncio.to_thread(extract_article, page.html, page.url)
        reading = Reading(source=source, page=page, article=article)
        if self.remember and page.url.startswith(("http://", "https://")):
            await asyncio.to_thread(self._remember, article, page.url)
        return reading

    async def close(self) -> None:
        """Release network resources."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def link_states(self, urls: Sequence[str]) -> Mapping[str, str]:
        """ "read" for each of `urls` opened before (compared with `comparable`);
        unknown addresses are left out."""
        seen = {comparable(page.url) for page in self.recent(RECENT_LIMIT)}
        return {url: "read" for url in urls if comparable(url) in seen}

    # Recent pages: a small JSON list until the SQLite store arrives.

    @property
    def _recent_file(self) -> Path:
        return self.paths.data / "recent.json"

    def recent(self, limit: int = 20) -> list[RecentPage]:
        """Pages opened before, most recent first."""
        try:
            raw = json.loads(self._recent_file.read_text(encoding="utf-8"))
            pages = [
                RecentPage(
                    url=clean_line(str(item["url"])),
                    title=clean_line(str(item.get("title", ""))),
                    site=clean_line(str(item.get("site", ""))),
                    opened_at=str(item.get("opened_at", "")),
                )
                for item in raw
            ]
        except (OSError, ValueError, TypeError, KeyError):
            return []
        return pages[:limit]

    def _remember(self, article: Article, url: str) -> None:
        entry = RecentPage(
            url=url,
            title=article.title,
            site=article.site_name or "",
            opened_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        pages = [entry] + [p for p in self.recent(RECENT_LIMIT) if p.url != url]
        try:
            self.paths.ensure()
            fd, tmp = tempfile.mkstemp(dir=self.paths.data, prefix=".recent-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump([asdict(p) for p in pages[:RECENT_LIMIT]], out, ensure_ascii=False)
            Path(tmp).replace(self._recent_file)
        except OSError:
            pass  # remembering is a convenience; reading must not fail because of it
