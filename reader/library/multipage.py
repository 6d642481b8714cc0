"""Reading a story split over several pages whole, wherever a story is read
(opening it, `reader extract`, `reader fetch`, saving linked stories, source
refreshes, revalidation), and joining it again from the stored pages when
the extractor changed.

The first page's extraction says where the rest is (`Article.page_links`,
found by reader/core/extract/pagination.py). The whole-story view is
preferred: fetched and used when it reads as the same, longer story
(`pages` = its address). Otherwise the next pages are followed: same site,
same story, at most `MAX_PAGES` in all, each extracted the same way, a cycle
stopped; then joined (reader/core/multipage.py). A page that cannot be read
keeps what was read before it and adds one plain warning. The caller
fetches (within its own limits: a `Gate` when saving in bulk) and extracts
(in a thread or the worker processes); nothing is followed offline or from
files.

The pages read after the first are stored as page rows of their own (their
HTML, no article), so that after an extractor change the story is joined
again from them, offline (`rejoin`); when one was evicted since, the stored
joined article is kept rather than shrunk to its first page.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from reader.core.errors import ReaderError
from reader.core.extract.pagination import same_story
from reader.core.models import Article, Page
from reader.core.multipage import (
    MAX_PAGES,
    block_keys,
    follow_note,
    join_pages,
    page_empty,
    page_failed,
    page_too_slow,
    too_many_pages,
    whole_story,
    whole_view_failed,
)
from reader.core.urls import comparable

if TYPE_CHECKING:
    import httpx

    from reader.store import Store

__all__ = ["Whole", "WholeStories", "read_whole", "rejoin"]

Fetch = Callable[[str], Awaitable[Page]]
Extract = Callable[[Page], Awaitable[Article]]


@dataclass(frozen=True)
class Whole:
    """A story read whole: its article, and the pages read after the first
    (to be stored beside it)."""

    article: Article
    pages: Sequence[Page] = field(default=())


def _raise_cancelled(exc: ReaderError) -> None:
    """Raise `exc` again when it is an extraction cancelled (not a page's failure)."""
    from reader.core.extract.limits import ExtractionCancelled  # lxml: not at start-up

    if isinstance(exc, ExtractionCancelled):
        raise exc


def _reason(exc: ReaderError) -> str:
    from reader.library.bulk import failure_reason

    return failure_reason(exc)


#: Seconds spent reading a story's later pages after which no more are asked
#: for (each request has its own timeouts; ten slow pages would keep the
#: reader waiting minutes for an article it could show).
READ_SECONDS = 30.0


async def read_whole(
    page: Page,
    article: Article,
    fetch: Fetch,
    extract: Extract,
    *,
    limit: int = MAX_PAGES,
    seconds: float | None = None,
) -> Whole:
    """The story whose first page is `page` (extracted as `article`), whole:
    at most `limit` pages, none asked for after `seconds` (`READ_SECONDS`)."""
    links = article.page_links
    if links is None:
        return Whole(article)
    notes: list[str] = []
    deadline = time.monotonic() + (READ_SECONDS if seconds is None else seconds)
    if links.whole:
        try:
            found = await _whole_view(page, article, links.whole, fetch, extract)
        except ReaderError as exc:
            _raise_cancelled(exc)
            if not links.next:
                notes.append(whole_view_failed(_reason(exc)))
        else:
            if found is not None:
                return found
    articles = [article]
    pages: list[Page] = []
    seen = {comparable(u) for u in (page.url, page.requested_url, article.url or "") if u}
    read = block_keys(article)
    url = links.next
    while url:
        number = len(articles) + 1
        if comparable(url) in seen or not same_story(page.url, url):
            break  # a cycle, or not this story
        if number > limit:
            notes.append(too_many_pages(limit))
            break
        if time.monotonic() > deadline:
            notes.append(page_too_slow(number))
            break
        seen.add(comparable(url))
        try:
            later_page = await fetch(url)
            if comparable(later_page.url) in seen - {comparable(url)}:
                break  # redirected back to a page read
            if not same_story(page.url, later_page.url):
                break
            later = await extract(later_page)
        except ReaderError as exc:
            _raise_cancelled(exc)  # the library is closing: nobody waits for this story
            notes.append(page_failed(number, _reason(exc)))
            break
        if not later.blocks:
            notes.append(page_empty(number))
            break
        keys = block_keys(later)
        if keys <= read:
            break  # nothing new: the pages go round
        read |= keys
        seen.add(comparable(later_page.url))
        articles.append(later)
        pages.append(later_page)
        url = later.page_links.next if later.page_links else None
    if len(articles) == 1:
        if not notes:
            return Whole(article)
        return Whole(_noted(article, notes))
    addresses = [page.url, *(p.url for p in pages)]
    return Whole(join_pages(articles, addresses, notes), pages)


async def _whole_view(
    page: Page, article: Article, url: str, fetch: Fetch, extract: Extract
) -> Whole | None:
    view = await fetch(url)
    if not same_story(page.url, view.url) or comparable(view.url) == comparable(page.url):
        return None
    joined = whole_story(article, await extract(view), view.url)
    return Whole(joined, [view]) if joined is not None else None


def _noted(article: Article, notes: list[str]) -> Article:
    return replace(article, warnings=(*article.warnings, *notes), _cache={})


def rejoin(
    first: Article,
    stored: Article,
    load: Callable[[str], Page | None],
    extract: Callable[[Page], Article],
) -> Article | None:
    """The stored story `stored`, joined again from its stored pages, `first`
    being its first page extracted anew; None when one of them is no longer
    stored or no longer reads as the story (the caller keeps `stored`)."""
    own = comparable(first.url or "")
    rest = [u for u in stored.pages if comparable(u) != own]
    pages = [load(u) for u in rest]
    if not rest or any(p is None for p in pages):
        return None
    later = [extract(p) for p in pages if p is not None]
    if len(stored.pages) == 1:  # the whole-story view
        return whole_story(first, later[0], stored.pages[0])
    notes = [w for w in stored.warnings if follow_note(w)]
    return join_pages([first, *later], stored.pages, notes)


class WholeStories:
    """The `Library`'s part that reads stories split over several pages whole."""

    offline: bool
    follow_pages: bool
    fetch_options: Any

    if TYPE_CHECKING:

        @property
        def store(self) -> Store: ...

        async def _client_for_loop(self) -> httpx.AsyncClient: ...

        async def extract(self, page: Page) -> Article: ...

    async def _read_rest(
        self,
        page: Page,
        article: Article,
        bulk: bool = False,
        fetch_more: Fetch | None = None,
        *,
        index: bool = False,
    ) -> Whole:
        """The story `page` begins, whole: its next pages fetched with
        `fetch_more` (by default at once) and extracted in the worker
        processes when `bulk` (else in a thread). As it is when it has no
        other page, is an `index` page, offline, or `follow_pages` is off."""
        if article.page_links is None or index or self.offline or not self.follow_pages:
            return Whole(article)
        from reader.library import flow

        async def get(url: str) -> Page:
            client = await self._client_for_loop()
            return await flow.fetch(url, self.fetch_options, client=client)

        async def extract(more: Page) -> Article:
            if bulk:
                return await self.extract(more)
            return await asyncio.to_thread(flow.extract_article, more.html, more.url)

        return await read_whole(page, article, fetch_more or get, extract)

    def _extract_stored(self, page: Page, stored: Article) -> Article:
        """The stored story `stored` (read from `page` first) extracted again
        from the stored HTML: a story of several pages joined again from their
        stored copies, or `stored` itself when one is gone (kept whole rather
        than shrunk to its first page)."""
        from reader.library import flow

        article = flow.extract_article(page.html, page.url)
        if not stored.pages:
            return article

        def load(url: str) -> Page | None:
            more = self.store.load_page(url)
            return more.page if more is not None else None

        def extract(more: Page) -> Article:
            return flow.extract_article(more.html, more.url)

        return rejoin(article, stored, load, extract) or stored
