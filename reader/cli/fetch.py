"""`reader fetch URL... [--depth 1] [--max N]`: save stories (and the stories
their link lists point to) for offline reading, with a progress bar; the
failures at the end, counted by reason (with no network, one line saying so).
A page counts as saved only once it is in the library: one the store could
not keep (read-only, disk full, locked) is a failure with that reason, and
the exit status is 1. Pages fetched are saved, not visits: nothing is added
to the history."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import error_line, failure_lines, write_line
from reader.core.errors import ReaderError
from reader.core.urls import normalize_user_url

if TYPE_CHECKING:
    from reader.core.records import SaveProgress, SaveSummary
    from reader.library import Library


def fetch(library: Library, ns: argparse.Namespace) -> int:
    """Save every URL of `ns.urls`; exit status 1 if any page failed."""
    return asyncio.run(_fetch_all(library, ns))


async def _fetch_all(library: Library, ns: argparse.Namespace) -> int:
    from reader.cli.progress import Progress, short_address
    from reader.core.records import SaveSummary
    from reader.library.bulk import failure_reason

    progress = Progress(sys.stderr)
    total = len(ns.urls)
    done = saved = already = 0
    failures = SaveSummary()
    unlisted: list[tuple[str, str]] = []
    """Pages saved whose linked stories could not even be listed, and why."""

    def linked(base_done: int, base_total: int) -> Callable[[SaveProgress], None]:
        def report(step: SaveProgress) -> None:
            done, total = base_done + step.done, base_total + step.total
            progress.update(done, total, short_address(step.url), ok=step.ok)

        return report

    try:
        for source in ns.urls:
            try:
                url = normalize_user_url(source)
                reading = await library.save_page(url)
            except ReaderError as exc:
                done += 1
                failures.fail(source, str(exc), failure_reason(exc))
                progress.update(done, total, short_address(source), ok=False)
                continue
            done += 1
            saved += 1
            progress.update(done, total, short_address(reading.page.url))
            if ns.depth < 1:
                continue
            try:
                summary = await library.save_linked(
                    reading.article, limit=ns.max, progress=linked(done, total)
                )
            except ReaderError as exc:  # the store could not even be read
                unlisted.append((reading.page.url, f"Its linked stories were not saved: {exc}"))
                continue
            count = len(summary.saved) + len(summary.failed)
            done += count
            total += count
            saved += len(summary.saved)
            already += summary.already
            for index, (where, message) in enumerate(summary.failed):
                failures.fail(where, message, summary.reason(index))
        await library.enforce_cap()
    finally:
        progress.finish()
        await library.close()  # the HTTP client belongs to this event loop
    report_failures(failures, saved)
    for where, why in unlisted:
        error_line(where, why)
    failed = len(failures.failed)
    parts = [f"{already} already saved"] if already else []
    if failed:
        parts.append(f"{failed} failed")
    extra = f" ({', '.join(parts)})" if parts else ""
    write_line(f"Saved {saved} {_pages(saved)} for offline reading{extra}.")
    return EXIT_FAILED if failed or unlisted else EXIT_OK


def report_failures(failures: SaveSummary, saved: int) -> None:
    """The failures on stderr: with nothing saved and every one a failure to
    connect, one line for the network; else one line per reason with its
    count (a reason alone keeps its address and whole message)."""
    count = len(failures.failed)
    if failures.no_network and not saved:
        error_line("no network", f"could not reach any site ({count} {_pages(count)} not saved)")
        return
    failure_lines(failures.by_reason(), "pages")


def _pages(count: int) -> str:
    return "page" if count == 1 else "pages"
