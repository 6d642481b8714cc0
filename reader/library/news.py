"""The news desk (`Library.news`): the sources a user follows and the stories
they bring, for the news screen and the CLI.

Following finds out what an address is (`follow`): a feed is followed as a
feed; an HTML page that advertises feeds gets its main feed followed (unless
`as_page`); any other page is followed as a page, or one list of it
(`list_heading`). Refreshing is refresh.py's. The synchronous methods are
store calls (the UI runs them in thread workers); the asynchronous ones use
the library's HTTP client.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.core.errors import BadURL, NotSaved, ReaderError
from reader.core.feeds.model import OutlineEntry
from reader.core.locate import web_address
from reader.core.records import (
    SOURCE_FEED,
    SOURCE_LIST,
    SOURCE_PAGE,
    NewsItem,
    RefreshProgress,
    RefreshSummary,
    Source,
)
from reader.core.sanitize import clean_line
from reader.core.urls import comparable, host_of, shorten
from reader.library import flow
from reader.library.refresh import SourceNotFollowed, refresh_sources

if TYPE_CHECKING:
    from reader.core.models import Article, Page
    from reader.library.flow import Library
    from reader.store import Store

__all__ = ["NewsDesk", "SourceNotFollowed"]

#: Feeds a page advertises that are tried, in the page's order, before the
#: page itself is followed.
_FEEDS_TRIED = 3


class NewsDesk:
    """The sources followed and their stories (satisfies `reader.ui.contract.NewsLike`)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._refreshing: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        """One refresh at a time (per event loop): a second waits for the first."""

    @property
    def _store(self) -> Store:
        return self.library.store

    # -- what the news screen and `reader items` read ------------------------------

    def any_followed(self) -> bool:
        """Whether any source is followed (quick: asked on the UI thread at start)."""
        return self._store.any_followed()

    def sources(self, tag: str | None = None) -> list[Source]:
        """Every source (with `tag`: those tagged so), by title, with unread counts."""
        return self._store.sources(tag)

    def source(self, url: str, list_heading: str | None = None) -> Source | None:
        """The source following `url` (its list `list_heading`), or None. A
        number ("12") names a source by its id."""
        if url.strip().isdigit():
            return self._store.source_by_id(int(url))
        return self._store.source(url, list_heading)

    def items(
        self,
        *,
        source_id: int | None = None,
        tag: str | None = None,
        unread_only: bool = False,
        limit: int = 500,
        offset: int = 0,
    ) -> list[NewsItem]:
        """Stories, newest first (published, else first seen), of one source,
        of the sources tagged `tag`, or of all."""
        return self._store.items(
            source_id=source_id, tag=tag, unread_only=unread_only, limit=limit, offset=offset
        )

    def unread_count(self) -> int:
        """Unread stories over all sources."""
        return self._store.unread_count()

    def mark_read(self, urls: Sequence[str], read: bool = True) -> int:
        """Mark the stories at `urls` read (or unread); how many changed."""
        return self._store.mark_read(urls, read)

    def mark_all_read(self, *, source_id: int | None = None, tag: str | None = None) -> list[str]:
        """Mark every unread story of a source, a tag or all read; the
        addresses changed (`mark_read(urls, False)` undoes it)."""
        return self._store.mark_all_read(source_id, tag)

    # -- managing sources (the CLI's `reader sources ...`) -------------------------

    def remove(self, url: str) -> Source | None:
        """Stop following the source at `url` (or with that id); its stories no
        other source holds go, bookmarks and stored pages stay. The source
        removed, or None when it was not followed."""
        found = self._find(url, required=False)
        return None if found is None else self._store.remove_source(found.id)

    def rename(self, url: str, title: str) -> Source:
        """Give the source at `url` a new title."""
        found = self._find(url)
        name = clean_line(title)
        if not name:
            raise ReaderError("A source's title cannot be empty.")
        return self._changed(found, self._store.rename_source(found.id, name))

    def retag(self, url: str, add: Sequence[str] = (), remove: Sequence[str] = ()) -> Source:
        """Add and remove tags of the source at `url`."""
        found = self._find(url)
        dropped = {t.strip().lower() for t in remove}
        tags = [t for t in found.tags if t.lower() not in dropped]
        tags += [t for t in add if t.strip().lower() not in dropped]
        return self._changed(found, self._store.set_source_tags(found.id, tags))

    def import_entries(
        self, entries: Sequence[OutlineEntry]
    ) -> tuple[int, int, list[tuple[str, str]]]:
        """Follow what an OPML or newsboat file lists, without asking the
        network (the next refresh does). Returns (added, already followed,
        skipped as (address, reason))."""
        with self._store.batch():  # one transaction for the whole file
            return self._import(entries)

    def _import(self, entries: Sequence[OutlineEntry]) -> tuple[int, int, list[tuple[str, str]]]:
        added = already = 0
        skipped: list[tuple[str, str]] = []
        seen: set[str] = set()
        for entry in entries:
            where = web_address(entry.url) if entry.url.strip() else None
            if where is None:
                reason = "not a web address (only http and https are followed)"
                skipped.append((clean_line(entry.url)[:200], reason))
                continue
            heading = clean_line(entry.list_heading) or None if entry.kind == "page" else None
            key = f"{where.key} {heading.casefold() if heading else ''}"
            if key in seen or self._store.source(where.url, heading) is not None:
                already += 1
                continue
            seen.add(key)
            kind = SOURCE_FEED
            if entry.kind == "page":
                kind = SOURCE_LIST if heading else SOURCE_PAGE
            title = clean_line(entry.title) or host_of(where.url)
            self._store.add_source(where.url, kind, title, entry.tags, heading)
            added += 1
        return added, already, skipped

    def export_opml(self) -> bytes:
        """Every source as an OPML 2.0 document (tags as categories)."""
        from reader.core.feeds.opml import write_opml

        data: bytes = write_opml(self.sources())
        return data

    def purge_old(self) -> int:
        """Drop read stories older than `keep_days` ([news] in config.toml),
        never bookmarked ones; how many went."""
        return self._store.purge_items(self.library.settings.news.keep_days)

    def _find(self, url: str, *, required: bool = True) -> Source:
        """The source named by `url` (its address, or its id as a number). An
        address followed only as lists of one page names that list when there
        is one. Raises `SourceNotFollowed` (unless not `required`: None)."""
        found = self.source(url)
        if found is None and not url.strip().isdigit():
            key = comparable(url)
            matches = [s for s in self._store.sources() if comparable(s.url) == key]
            if len(matches) == 1:
                found = matches[0]
            elif len(matches) > 1:
                ids = ", ".join(f"{s.id} ({s.list_heading or 'the page'})" for s in matches)
                raise ReaderError(
                    f"{shorten(url)} is followed {len(matches)} times: name one by its number "
                    f"({ids})."
                )
        if found is None and required:
            raise SourceNotFollowed(f"{shorten(url)} is not a source followed.")
        return found  # type: ignore[return-value]

    @staticmethod
    def _changed(before: Source, after: Source | None) -> Source:
        if after is None:
            raise SourceNotFollowed(f"{shorten(before.url)} is not followed any more.")
        return after

    # -- following and refreshing ------------------------------------------------

    async def follow(
        self,
        url: str,
        *,
        tags: Sequence[str] = (),
        as_page: bool = False,
        list_heading: str | None = None,
        title: str | None = None,
    ) -> Source:
        """Subscribe to `url`: a feed; the main feed an HTML page advertises
        (unless `as_page`); else the page itself, or its list headed
        `list_heading` (refused when the page has no such list, or no story
        links at all). Following a source already followed returns it (with
        `tags` added). Its first refresh is the caller's."""
        where = web_address(url)
        if where is None:
            raise BadURL(f"Not a web address: {shorten(url)}")
        heading = clean_line(list_heading) or None
        known = await self._known(where.url, heading, tags)
        if known is not None:
            return known
        if self.library.offline:
            raise NotSaved("reader is offline: a source cannot be followed without the network.")
        page = await self._fetch(where.url)
        address = page.url if getattr(page, "moved", False) else where.url
        if _is_feed(page):
            if heading is not None:
                raise ReaderError("This address is a feed: it has no lists to follow.")
            return await self._add_feed(address, page, tags, title)
        if heading is None and not as_page:
            feed = await self._advertised_feed(page, tags, title)
            if feed is not None:
                return feed
        known = await self._known(address, heading, tags)
        if known is not None:
            return known
        return await self._add_page(address, page, tags, heading, title)

    async def refresh(
        self,
        *,
        urls: Sequence[str] | None = None,
        tag: str | None = None,
        force: bool = False,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> RefreshSummary:
        """Ask the due sources (those at `urls` and/or tagged `tag`, or all;
        named ones and `force`: due or not) for new stories and save them in
        full for offline (see refresh.py). Progress is reported on the event
        loop; setting `cancel` stops it early. A refresh asked for while
        another runs waits for it (then finds most sources not due)."""
        async with self._refresh_lock():
            return await refresh_sources(
                self.library, urls=urls, tag=tag, force=force, progress=progress, cancel=cancel
            )

    def _refresh_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._refreshing is None or self._refreshing[0] is not loop:
            self._refreshing = (loop, asyncio.Lock())
        return self._refreshing[1]

    async def _known(self, url: str, heading: str | None, tags: Sequence[str]) -> Source | None:
        """The source at `url` if followed already (with `tags` added)."""
        found = await asyncio.to_thread(self._store.source, url, heading)
        if found is not None and any(t.strip().lower() not in found.tags for t in tags):
            changed = await asyncio.to_thread(
                self._store.set_source_tags, found.id, [*found.tags, *tags]
            )
            found = changed or found
        return found

    async def _fetch(self, url: str) -> Page:
        library = self.library
        return await flow.fetch(
            url, library.fetch_options, client=await library._client_for_loop(), feeds=True
        )

    async def _add_feed(
        self, url: str, page: Page, tags: Sequence[str], title: str | None
    ) -> Source:
        """Follow the feed fetched in `page` (refused when it does not parse)."""
        from reader.core.feeds.parse import parse_feed

        parsed = await asyncio.to_thread(
            parse_feed, page.body, page.url, page.headers.get("content-type")
        )
        name = clean_line(title) or parsed.title or host_of(url)
        return await asyncio.to_thread(
            lambda: self._store.add_source(
                url, SOURCE_FEED, name, tags, site_url=parsed.site_url or None
            )
        )

    async def _advertised_feed(
        self, page: Page, tags: Sequence[str], title: str | None
    ) -> Source | None:
        """Follow the first feed the page advertises that answers and parses;
        None when there is none (the page is then followed itself)."""
        from reader.core.feeds.discover import feed_links

        links = feed_links(page.html, page.url)
        for link in links[:_FEEDS_TRIED]:
            known = await self._known(link.url, None, tags)
            if known is not None:
                return known
            try:
                feed = await self._fetch(link.url)
                if not _is_feed(feed):
                    continue
                address = feed.url if getattr(feed, "moved", False) else link.url
                return await self._add_feed(address, feed, tags, title)
            except ReaderError:
                continue
        return None

    async def _add_page(
        self,
        url: str,
        page: Page,
        tags: Sequence[str],
        heading: str | None,
        title: str | None,
    ) -> Source:
        """Follow the page in `page` (or its list `heading`)."""
        from reader.core.feeds.page_items import list_stories, page_stories

        article = await self.library.extract(page)
        if heading is not None:
            stories = await asyncio.to_thread(list_stories, article, heading)
            if stories is None:
                raise ReaderError(_no_such_list(heading, article))
            heading = _heading_as_shown(article, heading)
            kind = SOURCE_LIST
        else:
            stories = await asyncio.to_thread(page_stories, article, page.url, html=page.html)
            if not stories:
                raise ReaderError("The page shows no story links to follow.")
            kind = SOURCE_PAGE
        site = clean_line(article.site_name or "") or host_of(url)
        name = clean_line(title) or (
            f"{site} · {heading}" if heading else clean_line(article.title) or site
        )
        return await asyncio.to_thread(
            lambda: self._store.add_source(url, kind, name, tags, heading, site_url=None)
        )


def _is_feed(page: Page) -> bool:
    from reader.core.feeds.sniff import content_kind

    return content_kind(page.body, page.headers.get("content-type")) == "feed"


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _heading_as_shown(article: Article, heading: str) -> str:
    """The page's own spelling of the list heading the user named."""
    wanted = _squash(heading)
    for section in article.sections:
        if section.heading and _squash(section.heading) == wanted:
            return clean_line(section.heading)
    return heading


def _no_such_list(heading: str, article: Article) -> str:
    names = [clean_line(s.heading) for s in article.sections if s.heading]
    shown = ", ".join(dict.fromkeys(names))
    lists = f" Its lists: {shorten(shown, 200)}." if shown else " It has no headed lists."
    return f"The page has no list headed {clean_line(heading)!r}.{lists}"
