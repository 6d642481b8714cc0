"""`reader fetch URL... [--depth 1] [--max N]`: save stories (and the stories
their link lists point to) for offline reading, with a progress bar."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import write_line
from reader.core.errors import ReaderError
from reader.core.sanitize import clean_line
from reader.core.urls import host_of, normalize_user_url, shorten

if TYPE_CHECKING:
    from reader.core.records import SaveProgress
    from reader.library import Library


def fetch(library: Library, ns: argparse.Namespace) -> int:
    """Save every URL of `ns.urls`; exit status 1 if any page failed."""
    return asyncio.run(_fetch_all(library, ns))


async def _fetch_all(library: Library, ns: argparse.Namespace) -> int:
    from reader.cli.progress import Progress

    progress = Progress(sys.stderr)
    total = len(ns.urls)
    done = saved = already = failed = 0

    def fail(what: str, reason: str) -> None:
        nonlocal failed
        failed += 1
        progress.message(f"reader: {clean_line(what)}: {clean_line(reason)}")

    def linked(base_done: int, base_total: int) -> Callable[[SaveProgress], None]:
        def report(step: SaveProgress) -> None:
            if not step.ok:
                fail(step.url, step.message)
            done, total = base_done + step.done, base_total + step.total
            progress.update(done, total, _short(step.url), ok=step.ok)

        return report

    try:
        for source in ns.urls:
            try:
                url = normalize_user_url(source)
                reading = await library.open(url, refresh=True, visit=False)
            except ReaderError as exc:
                done += 1
                fail(source, str(exc))
                progress.update(done, total, _short(source), ok=False)
                continue
            done += 1
            saved += 1
            progress.update(done, total, _short(reading.page.url))
            if ns.depth < 1:
                continue
            summary = await library.save_linked(
                reading.article, limit=ns.max, progress=linked(done, total)
            )
            count = len(summary.saved) + len(summary.failed)
            done += count
            total += count
            saved += len(summary.saved)
            already += summary.already
    finally:
        progress.finish()
        await library.close()  # the HTTP client belongs to this event loop
    parts = [f"{already} already saved"] if already else []
    if failed:
        parts.append(f"{failed} failed")
    noun = "page" if saved == 1 else "pages"
    extra = f" ({', '.join(parts)})" if parts else ""
    write_line(f"Saved {saved} {noun} for offline reading{extra}.")
    return EXIT_FAILED if failed else EXIT_OK


def _short(url: str) -> str:
    """host/path of an address, for progress lines."""
    host = host_of(url)
    if not host:
        return shorten(url, 60)
    path = url.split(host, 1)[-1] if host in url else ""
    return shorten(host + path, 60)
