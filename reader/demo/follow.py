"""`reader --demo`: the demo's sources followed and refreshed before the app shows.

Three sources, one of each kind: Kabar Nusa's RSS feed, The Northbridge
Ledger's Atom feed, and the "Terkini" list of Kabar Nusa's front page (a
list followed as a source: its stories are the feed's too, and arrive as
one item each). Following is idempotent and the refresh is forced (the demo
server is on this machine: a second run asks it again and gets 304s), so
every run opens on the news screen with the stories saved for offline.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.records import RefreshSummary
from reader.demo.server import DEMO_PORT, DemoServer

if TYPE_CHECKING:
    from reader.library import Library

__all__ = ["DEMO_SOURCES", "DemoSource", "demo_session", "follow_demo", "prepare_demo"]


@dataclass(frozen=True, slots=True)
class DemoSource:
    """A source `reader --demo` follows: a site path, tags, and for a list its heading."""

    path: str
    tags: tuple[str, ...]
    list_heading: str | None = None
    title: str | None = None


DEMO_SOURCES: tuple[DemoSource, ...] = (
    DemoSource("/id/rss.xml", ("indonesia",)),
    DemoSource("/id/", ("indonesia",), list_heading="Terkini", title="Kabar Nusa: Terkini"),
    DemoSource("/en/atom.xml", ("english",)),
)


async def follow_demo(
    library: Library, server: DemoServer, sources: Sequence[DemoSource] = DEMO_SOURCES
) -> tuple[RefreshSummary | None, list[str]]:
    """Follow the demo's `sources` (those followed already are kept as they
    are) and refresh them; returns the refresh's summary (None when nothing
    could be followed) and one sentence per thing that went wrong."""
    news = library.news
    problems: list[str] = []
    feeds: list[str] = []
    lists: list[str] = []
    for source in sources:
        url = server.url(source.path)
        try:
            followed = await news.follow(
                url, tags=source.tags, list_heading=source.list_heading, title=source.title
            )
        except ReaderError as exc:
            problems.append(f"The demo could not follow {url}: {exc}")
            continue
        (lists if source.list_heading else feeds).append(followed.url)
    if not feeds and not lists:
        return None, problems
    # The feeds first: a story a feed and the list both name arrives through
    # the feed (its source title, summary and time), the same on every run.
    summary = RefreshSummary()
    for urls in (feeds, lists):
        if not urls:
            continue
        try:
            done = await news.refresh(urls=urls, force=True)
        except ReaderError as exc:
            problems.append(f"The demo's sources could not be refreshed: {exc}")
            continue
        summary.checked += done.checked
        summary.not_modified += done.not_modified
        summary.new_items += done.new_items
        summary.saved += done.saved
        summary.failed += done.failed
        summary.unsaved += done.unsaved
    problems += [f"The demo source {where} failed: {why}" for where, why in summary.failed]
    return summary, problems


def prepare_demo(library: Library, server: DemoServer) -> list[str]:
    """`follow_demo` run to the end before the app starts (its own event loop;
    the library's network client is closed after, the store reopens on use);
    returns the problems to show in the app."""

    async def run() -> list[str]:
        try:
            _, problems = await follow_demo(library, server)
        finally:
            await library.close()
        return problems

    return asyncio.run(run())


@contextmanager
def demo_session(library: Library, *, offline: bool = False) -> Iterator[list[str]]:
    """The demo server on its own port for the block, its sources followed and
    refreshed first (not with `offline`: the stories saved before are read);
    yields the problems to show in the app."""
    notes: list[str] = []
    try:
        server = DemoServer.stable().start()
    except OSError:
        server = DemoServer().start()
        notes.append(
            f"The demo's own port ({DEMO_PORT} and the next few) is taken, so its stories "
            "have other addresses this time: pages saved in other demo sessions look new."
        )
    try:
        if not offline:
            if sys.stderr.isatty():
                print(f"reader: getting the demo's news ready ({server.url()})", file=sys.stderr)
            notes += prepare_demo(library, server)
        yield notes
    finally:
        server.stop()
