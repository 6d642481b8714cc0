"""Saving bookmarked pages for offline reading: a bookmark made anywhere (the
app's `m`, `reader bookmarks add`, an import) is a page to keep, and the
pages not stored yet are fetched within the same limits as saving linked
stories (`Gate`: per host and overall). A page that could not be saved
keeps the reason on its bookmark, and is not asked again for a day unless
asked by name. `Library` inherits this."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from reader.core.errors import NotSaved
from reader.core.records import SaveProgress, SaveSummary

if TYPE_CHECKING:
    from reader.store import Store

#: A page whose saving failed is not tried again in the background before this.
RETRY_AFTER = timedelta(days=1)


class BookmarkSaving:
    """Saving the pages of bookmarks for offline (the `Library`'s part)."""

    offline: bool

    if TYPE_CHECKING:

        @property
        def store(self) -> Store: ...

        async def save_urls(
            self,
            urls: Sequence[str],
            *,
            progress: Callable[[SaveProgress], None] | None = None,
            cancel: asyncio.Event | None = None,
            summary: SaveSummary | None = None,
            guard_all: bool = False,
        ) -> SaveSummary: ...

    async def save_bookmarks(
        self,
        urls: Sequence[str] | None = None,
        *,
        limit: int | None = None,
        progress: Callable[[SaveProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> SaveSummary:
        """Fetch and store the pages of bookmarks not stored yet: of `urls`
        (those of them bookmarked and not stored; `already` counts the rest),
        else the newest `limit` waiting, leaving out those that failed within
        a day. Each failure's reason is kept on its bookmark. Raises NotSaved
        when offline.

        Only addresses asked for by name may be on this machine or its
        network: the bookmarks saved in the background may have come from an
        import file, so those never reach a private address."""
        if self.offline:
            raise NotSaved("reader is offline: nothing can be fetched.")
        from reader.store.schema import now

        tried_before = None if urls is not None else now() - RETRY_AFTER
        todo = await asyncio.to_thread(
            self.store.unsaved_bookmarks, limit, urls, tried_before=tried_before
        )
        summary = SaveSummary(already=len(urls) - len(todo) if urls is not None else 0)
        done = await self.save_urls(
            todo, progress=progress, cancel=cancel, summary=summary, guard_all=urls is None
        )
        await asyncio.to_thread(self._note_failures, done)
        return done

    def _note_failures(self, summary: SaveSummary) -> None:
        """Keep on each bookmark why its page could not be saved."""
        from reader.core.errors import ReaderError

        for index, (url, _message) in enumerate(summary.failed):
            try:
                self.store.note_bookmark_save(url, summary.reason(index))
            except ReaderError:  # a read-only or full library: the summary says it all
                return
