"""The refresh engine: ask the due sources for new stories and save those in
full for offline.

Every source is asked with a conditional request (its ETag / Last-Modified),
at most `per_host` requests to one site and `overall` in flight, feeds and
stories sharing the same limits (`bulk.Gate`), so the pipe stays full: a
source's stories start saving as soon as that source is read. A feed is
parsed (`parse_feed`); a page or one list of a page is extracted in a worker
process and its story links taken (`page_stories` / `list_stories`). New
items go to the store (`add_items`: the same story through two sources is
one item), then their pages are fetched, extracted and stored like any page
read (`Library.save_story`), newest first, at most `items_per_source` a
source and `max_refresh_mb` for the whole refresh; a story counts as saved
in full only once it is stored (one the library could not store is in
`not_stored` too, with the store's reason). A story that cannot be
saved keeps its feed summary, and is tried again by the refreshes of the
next `RETRY_DAYS` days (the network was down, a cap was reached).

Answers: 304 changes nothing but the schedule; a move for good (301/308 on
every hop) updates the source's address; 410 marks it gone (asked again
only when a refresh names it); any other failure is kept on the source, one
sentence, and counted. A page source whose page turns into a login wall or
an article, or a list source whose list is gone, is such a failure: its
stories are kept. When a source is asked next (`next_due`) follows the
answer: see schedule.py. Two refreshes at once (the app and a cron job) are
safe: the store makes one item of a story inserted twice.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from reader.core.errors import FeedError, HTTPStatusError, NotSaved, ReaderError
from reader.core.feeds.model import FeedItem
from reader.core.records import (
    SOURCE_FEED,
    SOURCE_LIST,
    NewsItem,
    RefreshProgress,
    RefreshSummary,
    SaveProgress,
    Source,
)
from reader.core.sanitize import clean_line
from reader.core.settings import NewsSettings
from reader.core.urls import comparable, is_local_address, shorten
from reader.library import flow
from reader.library.bulk import Gate, save_all, until_done_or_cancelled
from reader.library.schedule import after_failure, after_success
from reader.store.db import StoreError

if TYPE_CHECKING:
    from reader.core.models import Page
    from reader.library.flow import Library

__all__ = ["SourceNotFollowed", "refresh_sources"]

#: A page source that extracts to this many words, with no warning, has turned
#: into an article.
_ARTICLE_WORDS = 300
_PASSWORD_FIELD = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password", re.IGNORECASE)


class SourceNotFollowed(ReaderError):
    """A refresh or a command named an address that is not followed."""


class _Capped(ReaderError):
    """The refresh's byte cap was reached before this story."""


@dataclass
class _Run:
    """One refresh in progress: its limits, counters and summary."""

    library: Library
    settings: NewsSettings
    now: datetime
    gate: Gate
    progress: Callable[[RefreshProgress], None] | None
    summary: RefreshSummary = field(default_factory=RefreshSummary)
    rng: random.Random = field(default_factory=random.Random)
    used: int = 0
    """Bytes fetched so far (feeds and stories)."""
    sources_total: int = 0
    sources_done: int = 0
    stories_total: int = 0
    stories_done: int = 0

    @property
    def budget(self) -> int:
        return self.settings.max_refresh_mb * 2**20

    def tell(self, current: str) -> None:
        if self.progress is not None:
            self.progress(
                RefreshProgress(
                    sources_done=self.sources_done,
                    sources_total=self.sources_total,
                    new_items=self.summary.new_items,
                    stories_saved=self.summary.saved,
                    stories_total=self.stories_total,
                    current=current,
                )
            )


async def refresh_sources(
    library: Library,
    *,
    urls: Sequence[str] | None = None,
    tag: str | None = None,
    force: bool = False,
    progress: Callable[[RefreshProgress], None] | None = None,
    cancel: asyncio.Event | None = None,
) -> RefreshSummary:
    """Ask the due sources (those at `urls` and/or tagged `tag`, or all; named
    ones and `force`: due or not; gone ones only when named) for new
    stories, save them in full, then
    drop old read stories (`keep_days`). Raises `SourceNotFollowed` when a
    named address is not followed; each source's own failure is kept on it
    and listed in the summary."""
    if library.offline:
        raise NotSaved("reader is offline: sources cannot be refreshed.")
    store = library.store
    now = datetime.now(UTC)
    settings = library.settings.news
    chosen = await asyncio.to_thread(_chosen, library, urls, tag)
    live = [s for s in chosen if urls or not s.gone]  # a gone source is asked when named
    due = [s for s in live if force or urls or s.next_due is None or s.next_due <= now]
    run = _Run(library, settings, now, Gate(settings.per_host, settings.overall), progress)
    run.summary.skipped = len(live) - len(due)
    run.sources_total = len(due)
    if due:
        run.tell("")
        tasks = [asyncio.create_task(_refresh_one(run, source)) for source in due]
        if await until_done_or_cancelled(tasks, cancel):
            run.summary.cancelled = True
    if run.summary.saved:
        await library.enforce_cap()
    if not run.summary.cancelled:
        with suppress(ReaderError):
            await asyncio.to_thread(store.purge_items, settings.keep_days)
    return run.summary


def _chosen(library: Library, urls: Sequence[str] | None, tag: str | None) -> list[Source]:
    """The sources a refresh is about (gone ones included)."""
    sources = list(library.store.sources(tag))
    if urls is None:
        return sources
    keys = {comparable(u): u for u in urls}
    chosen = [s for s in sources if comparable(s.url) in keys]
    found = {comparable(s.url) for s in chosen}
    missing = [u for key, u in keys.items() if key not in found]
    if missing:
        extra = f" with the tag {tag!r}" if tag else ""
        raise SourceNotFollowed(f"{shorten(missing[0])} is not a source followed{extra}.")
    return chosen


#: A story whose page could not be saved is tried again by later refreshes
#: for this long after it arrived.
RETRY_DAYS = 2


async def _refresh_one(run: _Run, source: Source) -> None:
    """Ask one source and record the answer on it, then save its new stories
    (and the recent ones that could not be saved before)."""
    try:
        new = await _ask(run, source)
    except ReaderError as exc:
        new = []
        run.summary.failed.append((source.url, _sentence(exc)))
        with suppress(ReaderError):
            await _failed(run, source, exc)
        run.sources_done += 1
        run.tell(source.title or source.url)
        return
    run.sources_done += 1
    run.tell(source.title or source.url)
    with suppress(ReaderError):
        new += await asyncio.to_thread(_unsaved_before, run, source, new)
    if new:
        await _save_stories(run, source, new)


def _unsaved_before(run: _Run, source: Source, new: list[NewsItem]) -> list[NewsItem]:
    """The source's stories of the last RETRY_DAYS, from refreshes before this
    one (this one's are saved by the source that brought them), not saved yet."""
    now = run.now.replace(microsecond=0)  # the store keeps times to the second
    since = now - timedelta(days=RETRY_DAYS)
    fresh = {item.url for item in new}
    recent = run.library.store.items(source_id=source.id, limit=run.settings.items_per_source * 3)
    return [
        item
        for item in recent
        if not item.saved
        and item.url not in fresh
        and item.first_seen is not None
        and since < item.first_seen < now
    ]


async def _ask(run: _Run, source: Source) -> list[NewsItem]:
    """Fetch the source (conditionally), read its items and store the new ones."""
    library = run.library
    async with run.gate.slot(source.url):
        if run.used >= run.budget:
            run.summary.capped = True
            run.summary.skipped += 1
            return []
        run.summary.checked += 1
        page = await flow.fetch(
            source.url,
            library.fetch_options,
            client=await library._client_for_loop(),
            etag=source.etag,
            last_modified=source.last_modified,
            feeds=source.kind == SOURCE_FEED,
        )
    run.used += len(page.body)
    if page.status == 304:
        run.summary.not_modified += 1
        await _succeeded(run, source, page, None)
        return []
    items, site_url = await _read_items(run, source, page)
    new = await asyncio.to_thread(library.store.add_items, source.id, items, run.now)
    await _succeeded(run, source, page, site_url)
    run.summary.new_items += len(new)
    if not new:
        run.summary.not_modified += 1
    return list(new)


async def _read_items(run: _Run, source: Source, page: Page) -> tuple[list[FeedItem], str | None]:
    """The items of a fetched source (and the site's address, for a feed).
    Raises a `ReaderError` when the answer is not what the source is."""
    content_type = page.headers.get("content-type")
    if source.kind == SOURCE_FEED:
        from reader.core.feeds.parse import parse_feed

        parsed = await asyncio.to_thread(parse_feed, page.body, page.url, content_type)
        if not parsed.items and parsed.problems:
            # Nothing usable came of it: say why, on the source.
            raise FeedError(f"No stories could be read: {parsed.problems[0]}")
        return list(parsed.items), parsed.site_url
    from reader.core.feeds.page_items import list_stories, looks_like_index, page_stories

    article = await run.library.extract(page)
    if source.kind == SOURCE_LIST:
        heading = source.list_heading or ""
        found = await asyncio.to_thread(list_stories, article, heading)
        if found is None:
            raise ReaderError(
                f"The page has no list headed {clean_line(heading)!r} any more; "
                "its stories are kept."
            )
        return list(found), None
    stories = await asyncio.to_thread(page_stories, article, page.url, html=page.html)
    index = looks_like_index(article, page.html)
    if _PASSWORD_FIELD.search(page.html) and not index:
        raise ReaderError("The page now asks to sign in; its stories are kept.")
    if not index and not article.warnings and article.word_count >= _ARTICLE_WORDS:
        # Front pages extract as little text with a warning (every HTML front
        # page of the corpus does); a whole article without one is not a list.
        raise ReaderError(
            "The page now reads as an article, not a list of stories; its stories are kept."
        )
    if not stories:
        raise ReaderError(
            "No story links were found on the page (a login wall, or the page "
            "changed?); its stories are kept."
        )
    return list(stories), None


async def _succeeded(run: _Run, source: Source, page: Page, site_url: str | None) -> None:
    """Record a good answer (200 or 304): validators, next due time, moves."""
    headers = page.headers
    state: dict[str, object] = {
        "checked_at": run.now,
        "error": None,
        "failures": 0,
        "next_due": after_success(run.now, headers, run.settings, run.rng),
    }
    if page.status != 304:
        state["etag"] = headers.get("etag") or None
        state["last_modified"] = headers.get("last-modified") or None
    elif headers.get("etag"):
        state["etag"] = headers["etag"]
    if getattr(page, "moved", False) and comparable(page.url) != comparable(source.url):
        state["url"] = page.url
    if site_url and not source.site_url:
        state["site_url"] = site_url
    if source.gone:
        state["gone"] = False  # named, asked, and back
    await _update(run, source, state)


async def _failed(run: _Run, source: Source, exc: ReaderError) -> None:
    """Record a failure: 410 marks the source gone; 429/503 with Retry-After
    waits that long; others back off (see `schedule.after_failure`)."""
    failures = source.failures + 1
    status = exc.status if isinstance(exc, HTTPStatusError) else None
    retry_after = getattr(exc, "retry_after", None)
    message = _sentence(exc)
    state: dict[str, object] = {"checked_at": run.now, "failures": failures}
    if status == 410:
        state["gone"] = True
        state["next_due"] = None
        message = "The server says this source is gone for good (410); it is no longer asked."
    else:
        state["next_due"] = after_failure(
            run.now, failures, run.settings, run.rng, retry_after if status else None
        )
    state["error"] = message
    await _update(run, source, state)


async def _update(run: _Run, source: Source, state: dict[str, object]) -> None:
    try:
        await asyncio.to_thread(lambda: run.library.store.update_source(source.id, **state))
    except ReaderError as exc:
        if "url" not in state:
            raise
        # The new address is followed already (another source): keep the old one.
        del state["url"]
        del exc
        await asyncio.to_thread(lambda: run.library.store.update_source(source.id, **state))


def _sentence(exc: ReaderError) -> str:
    return clean_line(str(exc)) or type(exc).__name__


async def _save_stories(run: _Run, source: Source, new: list[NewsItem]) -> None:
    """Save the new stories of `source` in full: newest first, within the caps."""
    todo = [item for item in _newest_first(new) if not item.saved]
    cap = run.settings.items_per_source
    if len(todo) > cap:
        run.summary.capped = True
        todo = todo[:cap]
    source_is_local = is_local_address(source.url)
    urls: list[str] = []
    for item in todo:
        if not source_is_local and is_local_address(item.url):
            run.summary.unsaved.append(
                (item.url, "Not fetched: a source on the internet cannot point at this network.")
            )
            continue
        urls.append(item.url)
    if not urls:
        return
    run.stories_total += len(urls)
    capped: set[str] = set()
    not_stored: dict[str, str] = {}

    async def save_one(url: str) -> str:
        def within_budget(page: Page | None) -> None:
            if page is not None:
                run.used += len(page.body)
            elif run.used >= run.budget:
                capped.add(url)
                raise _Capped("The refresh reached its size cap.")

        try:
            reading = await run.library.save_story(url, run.gate, check=within_budget)
        except StoreError as exc:  # fetched, not stored: not saved in full
            not_stored[url] = str(exc)
            raise
        return reading.article.title

    def on_story(report: SaveProgress) -> None:
        run.stories_done += 1
        if report.ok:
            run.summary.saved += 1
        run.tell(report.message if report.ok else report.url)

    result = await save_all(urls, save_one, progress=on_story)
    if capped:
        run.summary.capped = True
    run.summary.unsaved.extend((url, why) for url, why in result.failed if url not in capped)
    run.summary.not_stored.extend(not_stored.items())


def _newest_first(items: list[NewsItem]) -> list[NewsItem]:
    """Newest first by published time; items without one keep their order
    (a page's stories are in the page's order, the top story first)."""
    epoch = datetime.min.replace(tzinfo=UTC)
    dated = any(item.published is not None for item in items)
    if not dated:
        return items
    return sorted(items, key=lambda i: i.published or i.first_seen or epoch, reverse=True)
