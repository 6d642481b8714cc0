"""Saving many stories for offline: the story links of a page (never to this
machine or its network from a page on the internet), and fetching a list of
addresses concurrently within the limits (`Gate`: at most `per_host` requests
to one site and `overall` in flight, `[save]` or `[news]` in config.toml),
with progress and cancelling.

Everything fetched through a `Gate` is guarded (`guard`): it connects only to
public addresses, checked on the address each connection uses, redirects
included, unless its own address names this machine or a private network as
written. Only a page or source on such an address can hand the `Gate` one:
`story_links` drops local links of other pages, and the refresh drops those
of sources on the internet."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractContextManager, asynccontextmanager
from typing import Any, TypeVar

from reader.core.errors import (
    FetchError,
    NotHTML,
    Offline,
    ReaderError,
    Timeout,
    TooLarge,
    TooManyRedirects,
)
from reader.core.models import Article
from reader.core.records import UNREACHABLE, SaveProgress, SaveSummary
from reader.core.urls import comparable, host_of, is_followable, is_local_address

#: Why a page on this machine or a private network was not fetched.
PRIVATE_REFUSED = "refused: a link to a private address"

_Fetched = TypeVar("_Fetched")
_Done = TypeVar("_Done")


def failure_reason(error: ReaderError) -> str:
    """Why a page could not be saved, without its address, the same words for
    every page that failed alike ("could not connect", "timed out", "the
    server answered 404 Not Found"), so that failures can be counted by reason."""
    if isinstance(error, Offline):
        return UNREACHABLE
    if isinstance(error, Timeout):
        return "timed out"
    if isinstance(error, TooLarge):
        return "larger than the size limit"
    if isinstance(error, NotHTML):
        return "not a web page"
    if isinstance(error, TooManyRedirects):
        return "too many redirects"
    from reader.core.fetch.addresses import PrivateAddress  # light, but not at start-up

    if isinstance(error, PrivateAddress):
        return PRIVATE_REFUSED
    text = str(error).strip().rstrip(".")
    if text[:1].isupper() and text[1:2].islower():  # a sentence, now a clause
        text = text[:1].lower() + text[1:]
    return text


def story_links(article: Article, limit: int | None = None) -> list[str]:
    """The story addresses of an article's sections, in order, once each.

    A page on the internet cannot make the reader fetch addresses on the
    user's own machine or network: links to loopback and private addresses
    are kept only when the page itself is on such an address."""
    seen: set[str] = set()
    out: list[str] = []
    page_is_local = is_local_address(article.url or "")
    for section in article.sections:
        for link in section.links:
            key = comparable(link.url)
            if key in seen or not is_followable(link.url):
                continue
            if not page_is_local and is_local_address(link.url):
                continue
            seen.add(key)
            out.append(link.url)
    return out[:limit] if limit else out


def guard(url: str) -> AbstractContextManager[None]:
    """The address check for a bulk fetch of `url`: on, unless `url` itself
    is on this machine or a private network as written (a link of a page the
    user opened there, or a source the user added there)."""
    from reader.core.fetch.addresses import guarded  # not at start-up

    return guarded(not is_local_address(url))


class Gate:
    """The limits on requests in flight, shared by everything one run fetches
    (a refresh's feeds and stories alike): at most `per_host` to one host and
    `overall` in all. A request waits for its host's slot first, so waiting
    on a busy site never holds a slot another site could use.

    A page fetched is extracted and stored after its slots are given back
    (`fetch_then_process`), so slow extraction never idles the network; at
    most `backlog` pages are being fetched or processed at once, which bounds
    the memory fetched pages waiting for the extractor can take.

    Requests made in a slot or by `fetch_then_process` are guarded (`guard`)."""

    def __init__(self, per_host: int, overall: int, backlog: int | None = None) -> None:
        self.per_host = max(1, per_host)
        self._overall = asyncio.Semaphore(max(1, overall))
        self._backlog = asyncio.Semaphore(max(1, backlog or 2 * overall))
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def _host(self, url: str) -> asyncio.Semaphore:
        return self._hosts.setdefault(host_of(url), asyncio.Semaphore(self.per_host))

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold a slot for one request to `url` (guarded)."""
        async with self._host(url), self._overall:
            with guard(url):
                yield

    async def fetch_then_process(
        self,
        url: str,
        fetch: Callable[[], Awaitable[_Fetched]],
        process: Callable[[_Fetched], Awaitable[_Done]],
    ) -> _Done:
        """`process(await fetch())`, the fetch within the request limits and
        the whole within the backlog."""
        async with self._host(url):
            await self._backlog.acquire()
            try:
                async with self._overall:
                    with guard(url):
                        fetched = await fetch()
            except BaseException:
                self._backlog.release()
                raise
        try:
            return await process(fetched)
        finally:
            self._backlog.release()


async def save_all(
    urls: Sequence[str],
    save_one: Callable[[str], Awaitable[str]],
    *,
    progress: Callable[[SaveProgress], None] | None = None,
    cancel: asyncio.Event | None = None,
    summary: SaveSummary | None = None,
) -> SaveSummary:
    """Run `save_one(url)` (which returns the story's title, or raises a
    `ReaderError` saying why not) for every address, all at once: `save_one`
    keeps within the limits (a `Gate`). `progress` hears of each one
    finished, and setting `cancel` stops it (as does cancelling this
    coroutine)."""
    summary = summary or SaveSummary()
    total = len(urls)
    done = 0

    async def one(url: str) -> None:
        nonlocal done
        if cancel is not None and cancel.is_set():
            return
        try:
            title = await save_one(url)
        except (FetchError, ReaderError) as exc:
            ok, message = False, str(exc)
            summary.fail(url, message, failure_reason(exc))
        else:
            ok, message = True, title
            summary.saved.append((url, title))
        done += 1
        if progress is not None:
            progress(SaveProgress(done, total, url, ok, message))

    tasks = [asyncio.create_task(one(url)) for url in urls]
    if await until_done_or_cancelled(tasks, cancel):
        summary.cancelled = True
    return summary


async def until_done_or_cancelled(
    tasks: Sequence[asyncio.Task[Any]], cancel: asyncio.Event | None
) -> bool:
    """Wait for every task; when `cancel` is set first (or this coroutine is
    cancelled), cancel those still running and wait for them to end. True
    when `cancel` stopped them. A task's unexpected exception (a bug) is
    raised once all have ended."""
    waiter = asyncio.create_task(cancel.wait()) if cancel is not None else None
    pending: set[asyncio.Task[Any]] = set(tasks)
    cancelled = False
    try:
        while pending:
            waits = pending | ({waiter} if waiter is not None else set())
            finished, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            if waiter is not None and waiter in finished:
                cancelled = True
                break
            pending -= finished
    finally:
        if waiter is not None:
            waiter.cancel()
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
    return cancelled
