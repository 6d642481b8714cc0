"""Saving the stories linked from a page for offline (`p`, `reader fetch
--depth 1`) and one story of a source: fetched within the limits (`Gate`),
extracted in worker processes and stored before they are counted; a page
the store could not keep is a failure with the store's reason, never a page
saved. `Library` inherits these."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from contextlib import nullcontext, suppress
from typing import TYPE_CHECKING, Any

from reader.core.errors import NotSaved, ReaderError
from reader.core.models import Article, Page
from reader.core.records import Reading, SaveProgress, SaveSummary
from reader.library.bulk import Gate, save_all, story_links

if TYPE_CHECKING:
    import httpx

    from reader.core.settings import Settings
    from reader.store import Store


class LinkedStories:
    """Saving many stories for offline (the `Library`'s part that does it)."""

    offline: bool
    settings: Settings
    fetch_options: Any

    if TYPE_CHECKING:

        @property
        def store(self) -> Store: ...

        async def _client_for_loop(self) -> httpx.AsyncClient: ...

        async def _from_page(
            self,
            source: str,
            page: Page,
            *,
            requested: str,
            bulk: bool = False,
            wait: bool = False,
            fetch_more: Callable[[str], Awaitable[Page]] | None = None,
        ) -> Reading: ...

    async def enforce_cap(self) -> None:
        """Evict stored pages beyond `[store] max_mb`: once after stories saved
        in bulk (summing the stored sizes per story cost a scan of every page)."""
        with suppress(ReaderError):
            await asyncio.to_thread(self.store.enforce_size_cap, self.settings.store_max_bytes)

    def linked_urls(self, article: Article, limit: int | None = None) -> list[str]:
        """The story addresses of an article's sections, once each (see `story_links`)."""
        return story_links(article, limit)

    async def save_linked(
        self,
        article: Article,
        *,
        limit: int | None = None,
        progress: Callable[[SaveProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
        queue: bool = False,
    ) -> SaveSummary:
        """Fetch, extract and store the stories linked from `article`'s sections
        (at most `limit`, default from settings), with at most `per_host` requests
        to one host and `overall` in flight. Pages saved before are skipped.
        `queue`: the stories saved join the read-later queue (bookmarks,
        unread; one already bookmarked keeps its state)."""
        if self.offline:
            raise NotSaved("reader is offline: nothing can be fetched.")
        urls = story_links(article)
        states = await asyncio.to_thread(self.store.link_states, urls)
        # "read" pages were stored when opened ("read" now wins over "saved").
        todo = [u for u in urls if states.get(u) not in ("saved", "read")]
        summary = SaveSummary(already=len(urls) - len(todo))
        todo = todo[: limit or self.settings.save.max_pages]
        done = await self.save_urls(todo, progress=progress, cancel=cancel, summary=summary)
        if queue and done.saved:
            await asyncio.to_thread(self._queue, done.saved)
        return done

    def _queue(self, saved: Sequence[tuple[str, str]]) -> None:
        """Add the stories saved (address, title) to the read-later queue; a
        library that cannot be written leaves them saved, unqueued."""
        with suppress(ReaderError), self.store.batch():
            for url, title in saved:
                self.store.add_bookmark(url, title)

    async def save_urls(
        self,
        urls: Sequence[str],
        *,
        progress: Callable[[SaveProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
        summary: SaveSummary | None = None,
        guard_all: bool = False,
    ) -> SaveSummary:
        """Fetch and store `urls` for offline reading, concurrently within the
        limits. `guard_all`: addresses that came from a file or were not asked
        for by name (an import, the background saving of bookmarks) never
        reach this machine or its network, even when they name it."""

        gate = Gate(self.settings.save.per_host, self.settings.save.overall)

        async def save_one(url: str) -> str:
            return (await self.save_story(url, gate, guard_all=guard_all)).article.title

        done = await save_all(urls, save_one, progress=progress, cancel=cancel, summary=summary)
        await self.enforce_cap()
        return done

    async def save_story(
        self,
        url: str,
        gate: Gate | None = None,
        *,
        check: Callable[[Page | None], None] | None = None,
        guard_all: bool = False,
    ) -> Reading:
        """Fetch `url` (within `gate`'s limits), extract it in a worker process
        and store it, now: the one step of saving stories for offline.
        `check` hears of the request just before it is sent (None: it may
        raise to call it off) and of the page fetched. `guard_all`: connect
        only to public addresses even when `url` names a private one. The
        store's size cap is the caller's to enforce when done (`enforce_cap`).
        A page the store cannot keep raises the store's error: it is not saved.
        The other pages of a story split over several are fetched alike (each
        within `gate`'s limits and heard of by `check`)."""
        from reader.core.fetch.addresses import guarded
        from reader.library import flow

        client = await self._client_for_loop()

        async def get(address: str = url) -> Page:
            if check is not None:
                check(None)
            with guarded(True) if guard_all else nullcontext():
                page = await flow.fetch(address, self.fetch_options, client=client)
            if check is not None:
                check(page)
            return page

        async def more(address: str) -> Page:
            if gate is None:
                return await get(address)
            async with gate.slot(address):
                return await get(address)

        async def keep(page: Page) -> Reading:
            return await self._from_page(url, page, requested=url, bulk=True, fetch_more=more)

        if gate is None:
            return await keep(await get())
        return await gate.fetch_then_process(url, get, keep)
