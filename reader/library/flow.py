"""Library: opens sources into Readings and keeps the local library (see the
package's docstring for the flow)."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reader.core.errors import NotSaved, Offline, ReaderError, Timeout
from reader.core.extract.version import EXTRACTOR_VERSION
from reader.core.feeds.model import FeedItem
from reader.core.humanize import time_ago
from reader.core.locate import Source, WebAddress, parse_source, web_address
from reader.core.models import Article, Page
from reader.core.paths import Paths, resolve_paths
from reader.core.records import Reading
from reader.core.settings import Settings
from reader.core.urls import comparable, host_of, is_followable, shorten
from reader.library.background import BackgroundStores
from reader.library.bookmark_saving import BookmarkSaving
from reader.library.exporting import Exports
from reader.library.importing import BookmarkImports
from reader.library.linked import LinkedStories
from reader.library.multipage import Fetch, WholeStories
from reader.library.shelf import Shelf
from reader.store import Store, StoredArticle

if TYPE_CHECKING:
    import httpx

    from reader.core.extract.workers import ExtractionPool
    from reader.library.news import NewsDesk

# The network stack (httpx) and the extractor (lxml, readability) are imported
# on first use: opening a saved page at start-up needs neither.


def extract_article(html: str, url: str | None) -> Article:
    """The extractor, loaded on first use."""
    from reader.core.extract.pipeline import extract_article as extract

    return extract(html, url)


async def fetch(url: str | WebAddress, options: Any, **kwargs: Any) -> Page:
    """The fetcher, loaded on first use."""
    from reader.core.fetch import fetch as fetch_page

    return await fetch_page(url, options, **kwargs)


def index_stories(article: Article, page: Page) -> tuple[FeedItem, ...]:
    """The story links of an index page (a front or section page rather than an
    article), shown as a list of stories; () for an article."""
    from reader.core.feeds.page_items import looks_like_index, page_stories

    if not looks_like_index(article, page.html):
        return ()
    return tuple(page_stories(article, page.url, html=page.html))


def read_page(page: Page) -> tuple[Article, tuple[FeedItem, ...]]:
    """Extract a page for reading: its article, and its stories when it is an index."""
    article = extract_article(page.html, page.url)
    return article, index_stories(article, page)


def _maybe_index(article: Article) -> bool:
    """Cheap: whether a stored article could be an index page (warned, or
    many links for its words), so that the full check runs off the UI thread."""
    links = sum(len(section.links) for section in article.sections)
    return bool(article.warnings) or (links >= 10 and article.word_count < 20 * links)


class Library(Shelf, LinkedStories, WholeStories, BookmarkSaving, BookmarkImports, Exports):
    """Opens sources into Readings and keeps the local library. One per app or
    CLI run."""

    def __init__(
        self,
        settings: Settings | None = None,
        paths: Paths | None = None,
        *,
        offline: bool = False,
        use_store: bool = True,
        store: Store | None = None,
        store_delay: float = 0.0,
        workers: int | None = None,
        follow_pages: bool = True,
    ) -> None:
        self.settings = settings or Settings()
        self.fetch_options = self.settings.fetch
        self.paths = paths or resolve_paths()
        self.offline = offline
        self.use_store = use_store
        self.store_delay = store_delay
        """Seconds a page opened for reading waits before it is stored, so that
        showing it comes first (the app: compressing and indexing a long page
        on the other core slowed its first paint). Look-ups of the page wait
        for it; closing the library stores it."""
        self._store = store
        self._make_lock = threading.Lock()
        """Held while the store or the HTTP client is made (once, by whichever
        thread asks first)."""
        self._client: httpx.AsyncClient | None = None
        self._workers: ExtractionPool | None = None
        """Worker processes extracting the pages saved for offline (made on first use)."""
        self.workers = workers
        """How many: None is one per core the UI does not need (`default_workers`);
        a command with no screen to keep responsive (`reader refresh`) may use
        every core."""
        self.follow_pages = follow_pages
        """Read a story split over several pages whole (False: its first page)."""
        self._storing = BackgroundStores()
        """Pages being stored in the background."""
        self._news: NewsDesk | None = None
        self.unsaved: dict[str, str] = {}
        """Pages read (by `comparable` address) that the store could not keep,
        and why: read, shown, and not saved for offline."""
        self.on_unsaved: Callable[[str, str], None] | None = None
        """Told (address, why) when a page read could not be kept; it runs on
        the storing thread (the app hands it to its own)."""

    # -- plumbing ----------------------------------------------------------------

    @property
    def client(self) -> httpx.AsyncClient:
        """The shared HTTP client, made on first use (or by `warm_up`)."""
        client = self._client
        if client is None:
            from reader.core.fetch import make_client

            with self._make_lock:
                if self._client is None:
                    self._client = make_client(self.fetch_options)
                client = self._client
        return client

    async def _client_for_loop(self) -> httpx.AsyncClient:
        """`client`, for code on the event loop: made on a worker thread the
        first time (importing httpx and making the client, 230-270 ms on the
        loop, held up the app's first paint: `make bench`'s start-up rows)."""
        client = self._client
        if client is None:
            client = await asyncio.to_thread(lambda: self.client)
        return client

    def warm_up(self) -> None:
        """Open the store, import the extractor and, unless offline, make the
        HTTP client (the network stack and its TLS context): on a worker thread
        while the reader looks at the screen, so that the first page opened
        does not wait a third of a second for them."""
        if self.use_store:
            with suppress(ReaderError):
                _ = self.store
        import reader.core.extract.pipeline  # noqa: F401

        if not self.offline:
            _ = self.client

    def _extraction_pool(self) -> ExtractionPool:
        if self._workers is None:
            from reader.core.extract.workers import ExtractionPool

            self._workers = ExtractionPool(self.workers)
        return self._workers

    @property
    def store(self) -> Store:
        """The library database, opened on first use (once, whichever worker
        thread asks first: two connections racing to create the file could
        each find it locked)."""
        store = self._store
        if store is None:
            with self._make_lock:
                if self._store is None:
                    self._store = Store(self.paths.ensure().database)
                store = self._store
        return store

    @property
    def news(self) -> NewsDesk:
        """The sources followed and their stories (made on first use)."""
        desk = self._news
        if desk is None:
            from reader.library.news import NewsDesk

            desk = self._news = NewsDesk(self)
        return desk

    @property
    def notices(self) -> list[str]:
        """Messages about the library for the user (a damaged file replaced, ...)."""
        return list(self._store.notices) if self._store is not None else []

    async def close(self) -> None:
        """Stop extractions still running (quitting never waits for a costly
        page), finish storing pages, then release network and database resources."""
        limits = sys.modules.get("reader.core.extract.limits")
        if limits is not None:  # not imported: no extraction ever ran here
            limits.cancel_running()
        await self._storing.finish()
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- reading -------------------------------------------------------------------

    async def open(
        self,
        source: str | Source,
        *,
        base_url: str | None = None,
        refresh: bool = False,
        visit: bool = True,
    ) -> Reading:
        """Open SOURCE (an address, a file or "-", as text or already read by
        `parse_source`): from the store when it was read before (unless
        `refresh`), else from the network, saving it; added to the history
        unless `visit` is False (`reader fetch`; back, forward and reloads).

        Raises a `ReaderError` subclass with a user-facing message on failure.
        """
        asked = source if isinstance(source, str) else str(source)
        where = parse_source(source) if isinstance(source, str) else source
        if not isinstance(where, WebAddress) or not self.use_store:
            from reader.core.sources import load_source

            page = await load_source(
                where, self.fetch_options, base_url=base_url, client=await self._client_for_loop()
            )
            article, stories = await asyncio.to_thread(read_page, page)
            if isinstance(where, WebAddress):
                article = (await self._read_rest(page, article, index=bool(stories))).article
            return Reading(source=asked, page=page, article=article, stories=stories)

        url = where.url
        reading = None if refresh and not self.offline else await self._stored(where)
        if reading is None and self.offline:
            missing = NotSaved(f"{shorten(url)} was never saved, and reader is offline.")
            return await self._summary(asked, url, missing, offline=True)
        if reading is None:
            try:
                page = await fetch(where, self.fetch_options, client=await self._client_for_loop())
            except (Offline, Timeout) as exc:
                reading = await self._stored(where, offline=True)
                if reading is None:
                    return await self._summary(asked, url, exc, offline=True)
            except ReaderError as exc:
                return await self._summary(asked, url, exc, offline=False)
            else:
                reading = await self._from_page(asked, page, requested=url)
        if visit:
            await asyncio.to_thread(self._visit, reading.article, url)
        return reading

    async def save_page(self, source: str) -> Reading:
        """Fetch the web page at SOURCE now and store it (`reader fetch`): its
        Reading once it is in the library, or raise why not (the fetch's
        error, `NotSaved`, the store's `StoreError`); never a saved copy or a
        feed's summary in its place. No visit; the size cap is the caller's."""
        where = parse_source(source)
        if not isinstance(where, WebAddress) or not self.use_store or self.offline:
            why = "reader is offline" if self.offline else f"{shorten(source)} is not kept"
            raise NotSaved(f"{why}: only web pages fetched now are saved.")
        page = await fetch(where, self.fetch_options, client=await self._client_for_loop())
        return await self._from_page(source, page, requested=where.url, wait=True)

    async def _summary(self, asked: str, url: str, error: ReaderError, *, offline: bool) -> Reading:
        """The feed's summary of the story at `url` when a source brought it
        with one (clearly marked as such); else `error` is raised."""
        item = None
        if self.use_store:
            with suppress(ReaderError):  # the store's trouble is not this page's
                item = await asyncio.to_thread(self.store.item, url)
        if item is None or not item.summary:
            raise error
        from reader.library.summaries import summary_reading

        return summary_reading(asked, item, str(error), offline=offline)

    def open_stored(self, source: str) -> Reading | None:
        """SOURCE's stored copy, read at once on the calling thread (one indexed
        read, about a millisecond), so that a page read before can be on the
        first screen the app paints. None when it is not stored, the store
        cannot be read, or the copy needs extracting again (a newer
        extractor): `open` handles those. The visit is not recorded; see
        `record_visit`."""
        where = web_address(source)
        if where is None or not self.use_store or self._storing.busy(where.key):
            return None
        reading = self._stored_sync(where.url, self.offline, reextract=False)
        if reading is not None and _maybe_index(reading.article):
            return None  # `open` checks for an index page, in a thread
        return reading

    def record_visit(self, reading: Reading) -> None:
        """Add a reading opened with `open_stored` to the history."""
        self._visit(reading.article, reading.source)

    async def revalidate(self, reading: Reading) -> Reading | None:
        """Ask the server whether a stored page changed. A new Reading when it did;
        the same article with an offline badge (`offline=True`, same `article`
        object) when the network is unreachable; None when it did not change,
        in --offline mode, or when the check failed otherwise."""
        if self.offline or not reading.from_store or not is_followable(reading.page.url):
            return None
        try:
            page = await fetch(
                reading.page.url,
                self.fetch_options,
                client=await self._client_for_loop(),
                etag=reading.page.etag,
                last_modified=reading.page.last_modified,
            )
        except (Offline, Timeout):
            # No network: the same article, now badged as the offline copy.
            saved = reading.saved_at or reading.page.fetched_at
            return replace(reading, notice=f"offline · saved {time_ago(saved)}", offline=True)
        except ReaderError:
            return None
        if page.status == 304:
            with suppress(ReaderError):  # the copy is current, whether or not that is noted
                await asyncio.to_thread(
                    self.store.mark_checked, reading.page.url, headers=page.headers
                )
            return None
        article, stories = await asyncio.to_thread(read_page, page)
        if article.warnings and not reading.article.warnings and not stories:
            # The page no longer reads as an article (a login wall, an error
            # page dressed as 200): keep the good saved copy.
            return None
        whole = await self._read_rest(page, article, index=bool(stories))
        fresh = await self._store_article(
            reading.source, page, whole.article, requested=reading.page.url, more=whole.pages
        )
        if _same_story(fresh.article, reading.article):
            return None
        return Reading(
            source=fresh.source,
            page=fresh.page,
            article=fresh.article,
            notice="Updated: the page changed since it was saved.",
            stories=stories,
        )

    async def _from_page(
        self,
        source: str,
        page: Page,
        *,
        requested: str,
        bulk: bool = False,
        wait: bool = False,
        fetch_more: Fetch | None = None,
    ) -> Reading:
        """Extract a fetched page (the story whole: `_read_rest`) and store it.
        The article is returned at once; storing (compressing, indexing a long
        text) goes on in the background, and any later look-up of the page
        waits for it. Pages saved in `bulk` are extracted in worker processes
        (the UI keeps the interpreter to itself); those and `wait` are stored
        before this returns (or raise)."""
        stories: tuple[FeedItem, ...] = ()
        if bulk:
            article = await self.extract(page)
        else:
            article, stories = await asyncio.to_thread(read_page, page)
        whole = await self._read_rest(page, article, bulk, fetch_more, index=bool(stories))
        reading = await self._store_article(
            source, page, whole.article, requested=requested, wait=bulk or wait, more=whole.pages
        )
        return replace(reading, stories=stories) if stories else reading

    async def extract(self, page: Page) -> Article:
        """Extract `page` in a worker process (many pages at once keep the UI
        responsive: see reader/core/extract/workers.py)."""
        return await self._extraction_pool().extract(page.html, page.url)

    async def _store_article(
        self,
        source: str,
        page: Page,
        article: Article,
        *,
        requested: str,
        wait: bool = False,
        more: Sequence[Page] = (),
    ) -> Reading:
        """Store the page and its article in the background; `wait`: now, and
        a store that cannot write raises its `StoreError` (a save is counted
        only when it happened). In the background a page read is shown
        whether or not it could be stored: the store's trouble is not the
        page's, and nothing claims it was saved (`unsaved` keeps why not)."""

        def save() -> None:
            try:
                self._save(page, article, requested, cap=not wait, more=more)
            except ReaderError as exc:
                if wait:
                    raise
                self.unsaved[comparable(page.url)] = str(exc)
                if self.on_unsaved is not None:
                    self.on_unsaved(page.url, str(exc))

        task = self._storing.start(
            {comparable(page.url), comparable(requested)},
            save,
            0.0 if wait else self.store_delay,
        )
        if wait:
            await task
        return Reading(source=source, page=page, article=article)

    def _save(
        self,
        page: Page,
        article: Article,
        requested: str,
        *,
        cap: bool = True,
        more: Sequence[Page] = (),
    ) -> None:
        """Store the page, the story's `more` pages and its article in one
        transaction, or raise why not."""
        with self.store.batch():
            self.store.save_page(page, requested_url=requested)
            for other in more:
                self.store.save_page(other, requested_url=other.requested_url)
            self.store.save_article(page.url, article)
        self.unsaved.pop(comparable(page.url), None)
        if cap:
            with suppress(ReaderError):  # the page is stored: evicting others is not its save
                self.store.enforce_size_cap(self.settings.store_max_bytes)

    async def _stored(self, address: WebAddress, *, offline: bool = False) -> Reading | None:
        await self._storing.settled(address.key)
        url = address.url
        return await asyncio.to_thread(self._stored_sync, url, offline or self.offline)

    def _stored_sync(self, url: str, offline: bool, *, reextract: bool = True) -> Reading | None:
        """The stored copy of `url`; extracted again when the extractor
        changed since (or None, unless `reextract`)."""
        try:
            stored = self.store.load_article(url)
            if stored is None:
                return None
            outdated = stored.extractor_version != EXTRACTOR_VERSION
            if outdated and not reextract:
                return None
            page = self.store.load_page(url)
        except ReaderError:
            return None
        if page is None:
            return None
        article = stored.article
        if outdated:
            article = self._reextract(page.page, stored)
        badge = f"saved {time_ago(stored.fetched_at)}"
        stories = index_stories(article, page.page) if reextract else ()
        return Reading(
            source=url,
            page=page.page,
            article=article,
            notice=f"offline · {badge}" if offline else badge,
            from_store=True,
            saved_at=stored.fetched_at,
            offline=offline,
            stories=stories,
        )

    def _reextract(self, page: Page, stored: StoredArticle) -> Article:
        """The extractor changed since this was saved: extract again from the
        stored HTML, no refetch (a story of several pages: see `_extract_stored`)."""
        article = self._extract_stored(page, stored.article)
        if article is stored.article:
            return article
        with suppress(ReaderError):
            self.store.save_article(page.url, article)
        return article

    def _visit(self, article: Article, url: str) -> None:
        with suppress(ReaderError):
            self.store.add_visit(url, article.title, article.site_name or host_of(url))


def _same_story(a: Article, b: Article) -> bool:
    return a.title == b.title and a.text == b.text and a.sections == b.sections
