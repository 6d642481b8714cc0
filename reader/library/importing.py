"""Importing a read-later service's export into the library (`Library`
inherits `BookmarkImports`): the file is read and its format told in a
thread, its bookmarks added in bulk (`reader.store.bookmark_import`), the
articles it brings with it (wallabag's `content`, Omnivore's
`content/*.html`) stored as pages with no network at all, and, with
`fetch`, every imported bookmark's page not stored yet fetched and stored.

Fetching is resumable: the import itself adds nothing the second time, and
only the pages still not stored are asked for, so running the same import
again after Ctrl-C or a kill picks up where it stopped.

An import file is hostile: its addresses are fetched within the saving
limits (`Gate`: per host and overall) and always guarded, so a file listing
addresses on this machine or its network (a router's admin page) makes no
request there: they fail as "refused: a link to a private address".
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from reader.core.errors import NotSaved, ReaderError
from reader.core.models import Article, Page
from reader.core.records import Reading, SaveProgress, SaveSummary, group_by_reason
from reader.library.bulk import PRIVATE_REFUSED

if TYPE_CHECKING:
    import httpx

    from reader.core.settings import Settings
    from reader.store import Store
    from reader.store.exchange import ImportResult
    from reader.store.exchange.parsed import Content

#: Articles from the file extracted at once (worker processes do the work).
_AT_ONCE = 4


@dataclass
class ImportReport:
    """What `import_bookmarks` did: the import itself, the articles the file
    brought, and the pages fetched when asked."""

    result: ImportResult
    stored: int = 0
    """Articles that came in the file, stored (no network)."""
    not_stored: list[tuple[str, str]] = field(default_factory=list)
    """(address, reason) of articles in the file that could not be stored."""
    fetched: SaveSummary | None = None
    """The pages fetched (None: not asked to fetch)."""
    still_to_save: int = 0
    """Bookmarks of the file whose page is not stored yet (after fetching)."""
    cancelled: bool = False
    """Stopped before the end (the import can be run again to resume)."""

    @property
    def format(self) -> str:
        """The file's format, for people ("Pocket CSV", "Omnivore")."""
        return self.result.label

    def lines(self) -> list[str]:
        """The report, a line for each part that did something."""
        lines = [self.result.summary()]
        if self.stored or self.not_stored:
            noun = "article" if self.stored == 1 else "articles"
            line = f"Stored {self.stored} {noun} that came in the file"
            if self.not_stored:
                groups = group_by_reason(self.not_stored, [why for _, why in self.not_stored])
                line += f" ({len(self.not_stored)} could not be: {_reasons(groups)})"
            lines.append(line + ".")
        if self.fetched is not None and (self.fetched.saved or self.fetched.failed):
            saved = len(self.fetched.saved)
            line = f"Saved {saved} {_pages(saved)} for offline reading"
            failed = self.fetched.by_reason()
            if failed:
                line += f", {len(self.fetched.failed)} failed ({_reasons(failed)})"
            lines.append(line + ".")
        if self.fetched is not None or self.cancelled:
            if self.still_to_save:
                left = self.still_to_save
                again = " run the same import again to resume" if self.cancelled else ""
                lines.append(
                    f"{left} {_pages(left)} still to save;"
                    + (again or " `reader bookmarks import FILE --fetch` again tries them.")
                )
                if self.fetched is not None and PRIVATE_REFUSED in self.fetched.reasons:
                    lines.append(
                        "Pages on this machine or its network are fetched only when asked "
                        "by name: `reader fetch URL`."
                    )
            else:
                lines.append("Every imported page is stored for offline reading.")
        return lines


def _reasons(groups: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """ "timed out" for one reason; "2 timed out; 1 not a web page" for several."""
    if len(groups) == 1:
        return groups[0][0]
    return "; ".join(f"{len(items)} {reason}" for reason, items in groups)


def _pages(count: int) -> str:
    return "page" if count == 1 else "pages"


class BookmarkImports:
    """Importing bookmark files (the `Library`'s part that does it)."""

    offline: bool
    settings: Settings
    fetch_options: Any

    if TYPE_CHECKING:

        @property
        def store(self) -> Store: ...

        async def _client_for_loop(self) -> httpx.AsyncClient: ...

        async def _from_page(
            self, source: str, page: Page, *, requested: str, bulk: bool = False, wait: bool = False
        ) -> Reading: ...

        async def extract(self, page: Page) -> Article: ...

        def _save(
            self, page: Page, article: Article, requested: str, *, cap: bool = True
        ) -> None: ...

        async def enforce_cap(self) -> None: ...

        async def save_urls(
            self,
            urls: Sequence[str],
            *,
            progress: Callable[[SaveProgress], None] | None = None,
            cancel: asyncio.Event | None = None,
            summary: SaveSummary | None = None,
            guard_all: bool = False,
        ) -> SaveSummary: ...

        def _note_failures(self, summary: SaveSummary) -> None: ...

    async def import_bookmarks(
        self,
        source: str | Path | BinaryIO,
        *,
        fetch: bool = False,
        progress: Callable[[SaveProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> ImportReport:
        """Import a bookmarks file (any format read: Pocket, Instapaper,
        Omnivore, wallabag, Raindrop, a list of addresses, browser HTML,
        reader's JSON; a zip as the services ship them). Stores the articles
        the file holds, and with `fetch` saves every imported page not stored
        yet. Raises ExchangeError when the file cannot be used, NotSaved when
        asked to fetch while offline (nothing is imported then)."""
        from reader.store.exchange import import_parsed
        from reader.store.exchange.importing import read_source

        if fetch and self.offline:
            raise NotSaved("reader is offline: nothing can be fetched.")
        parsed = await asyncio.to_thread(read_source, source)
        result = await asyncio.to_thread(import_parsed, self.store, parsed)
        report = ImportReport(result, cancelled=cancel is not None and cancel.is_set())
        urls = [bookmark.url for bookmark in parsed.bookmarks]
        if parsed.contents and not report.cancelled:
            await self._store_contents(parsed.contents, report, progress, cancel)
        if fetch and not report.cancelled:
            todo = await asyncio.to_thread(self.store.unsaved_bookmarks, None, urls)
            report.fetched = await self._fetch_pages(todo, progress, cancel)
            report.cancelled = report.fetched.cancelled
        if report.fetched is not None or report.cancelled:
            left = await asyncio.to_thread(self.store.unsaved_bookmarks, None, urls)
            report.still_to_save = len(left)
        return report

    async def _store_contents(
        self,
        contents: Sequence[Content],
        report: ImportReport,
        progress: Callable[[SaveProgress], None] | None,
        cancel: asyncio.Event | None,
    ) -> None:
        """Store the articles the file brought, for those not stored yet."""
        from reader.core.urls import comparable

        wanted = await asyncio.to_thread(
            self.store.unsaved_bookmarks, None, [content.url for content in contents]
        )
        keys = {comparable(url) for url in wanted}
        todo = [content for content in contents if comparable(content.url) in keys]
        slots = asyncio.Semaphore(_AT_ONCE)
        done = 0

        async def one(content: Content) -> None:
            nonlocal done
            async with slots:
                if cancel is not None and cancel.is_set():
                    return
                try:
                    page = await asyncio.to_thread(content_page, content)
                    article = await self.extract(page)
                    await asyncio.to_thread(self._save, page, article, content.url, cap=False)
                except ReaderError as exc:
                    ok, message = False, str(exc)
                    report.not_stored.append((content.url, _reason(exc)))
                else:
                    ok, message = True, article.title
                    report.stored += 1
                done += 1
                if progress is not None:
                    progress(SaveProgress(done, len(todo), content.url, ok, message))

        await asyncio.gather(*(one(content) for content in todo))
        if cancel is not None and cancel.is_set():
            report.cancelled = True
        await self.enforce_cap()

    async def _fetch_pages(
        self,
        urls: Sequence[str],
        progress: Callable[[SaveProgress], None] | None,
        cancel: asyncio.Event | None,
    ) -> SaveSummary:
        """Fetch and store `urls` within the saving limits, always guarded
        (see the module's docstring); each failure's reason kept on its bookmark."""
        summary = await self.save_urls(urls, progress=progress, cancel=cancel, guard_all=True)
        await asyncio.to_thread(self._note_failures, summary)
        return summary


def content_page(content: Content) -> Page:
    """The page an article that came in an import file is stored as: UTF-8
    HTML with its title, as if fetched now from its address."""
    from reader.store.schema import now

    body = content.read().encode("utf-8", "replace").decode("utf-8")
    title = html.escape(content.title)
    text = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body><article><h1>{title}</h1>\n"
        f"{body}\n</article></body></html>\n"
    )
    return Page(
        url=content.url,
        requested_url=content.url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        body=text.encode("utf-8"),
        html=text,
        charset="utf-8",
        fetched_at=now(),
    )


def _reason(error: ReaderError) -> str:
    from reader.library.bulk import failure_reason

    return failure_reason(error)
