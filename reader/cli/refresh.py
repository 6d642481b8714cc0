"""`reader refresh [--source URL]... [--tag T] [--force]`: ask the sources
that are due for new stories and save those in full, with a bar on a
terminal and one summary line on stdout; each failed source is one line on
stderr, and so is each reason the library could not store stories (exit
status 1: a story counts as saved in full only once it is stored). Ctrl+C
stops at once and cleanly (exit 130); the stories saved so far stay."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli.exit_status import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK
from reader.cli.interrupts import cancel_on_interrupt, forget_interrupt
from reader.cli.output import error_line, failure_lines, write_line
from reader.cli.sources import NotFollowed, find_source
from reader.core.records import group_by_reason

if TYPE_CHECKING:
    from reader.cli.progress import Progress
    from reader.core.records import RefreshProgress, RefreshSummary
    from reader.library import Library


def refresh(library: Library, ns: argparse.Namespace) -> int:
    """Refresh the sources named (or those tagged, or all); 1 if any failed."""
    news = library.news
    if not news.sources():
        write_line("No sources followed yet: `reader sources add URL` follows one.")
        return EXIT_OK
    status = EXIT_OK
    urls: list[str] | None = None
    if ns.sources:
        urls = []
        for named in ns.sources:
            try:
                urls.append(find_source(news, named).url)
            except NotFollowed as exc:
                error_line(named, str(exc))
                status = EXIT_FAILED
        if not urls:
            return status
    tag = ns.tag.lower() if ns.tag else None
    done = asyncio.run(_refresh(library, urls, tag, ns.force))
    if done is None:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if done.failed or done.not_stored else status


async def _refresh(
    library: Library, urls: list[str] | None, tag: str | None, force: bool
) -> RefreshSummary | None:
    """Run the refresh; None when a second Ctrl+C cut it short."""
    from reader.cli.progress import Progress

    progress = Progress(sys.stderr)
    cancel = asyncio.Event()
    stop_now = cancel_on_interrupt(cancel)
    summary: RefreshSummary | None = None
    try:
        summary = await library.news.refresh(
            urls=urls,
            tag=tag,
            force=force,
            progress=_reporter(progress) if progress.tty else None,
            cancel=cancel,
        )
    except asyncio.CancelledError:
        if not stop_now():
            raise
    finally:
        forget_interrupt()
        progress.finish()
        await library.close()  # the HTTP client belongs to this event loop
    if summary is None or summary.cancelled or cancel.is_set():
        error_line("refresh", _interrupted(summary))
        return None
    for source, reason in summary.failed:
        error_line(source, reason)
    report_not_stored(summary.not_stored)
    write_line(summary_line(summary))
    return summary


def report_not_stored(not_stored: list[tuple[str, str]]) -> None:
    """The stories fetched that the library could not store, one line per
    reason ("reader: 4 stories: the disk is full; ..."; a story alone keeps
    its address)."""
    failure_lines(group_by_reason(not_stored, [reason for _, reason in not_stored]), "stories")


def _reporter(progress: Progress) -> Callable[[RefreshProgress], None]:
    """The bar on a terminal: sources checked, then stories saved."""
    from reader.cli.progress import short_address

    def report(step: RefreshProgress) -> None:
        done = step.sources_done + step.stories_saved
        total = step.sources_total + step.stories_total
        saving = step.stories_total and step.sources_done == step.sources_total
        verb = "saving" if saving else "checking"
        progress.update(done, total, short_address(step.current), verb=verb)

    return report


def summary_line(summary: RefreshSummary) -> str:
    """ "Checked 12 sources: 34 new stories, 30 saved in full; 4 only as
    summaries; 2 failed; 3 not due yet."."""
    sources = "source" if summary.checked == 1 else "sources"
    stories = "story" if summary.new_items == 1 else "stories"
    line = f"Checked {summary.checked} {sources}: {summary.new_items} new {stories}"
    if summary.new_items or summary.saved:
        line += f", {summary.saved} saved in full"
    notes = []
    if summary.unsaved:
        notes.append(f"{len(summary.unsaved)} only as feed summaries")
    if summary.capped:
        notes.append("some held back by a cap (items_per_source, max_refresh_mb)")
    if summary.failed:
        notes.append(f"{len(summary.failed)} failed")
    if summary.skipped:
        hint = " (--force asks them)" if not summary.checked else ""
        notes.append(f"{summary.skipped} not due yet{hint}")
    return line + "".join(f"; {note}" for note in notes) + "."


def _interrupted(summary: RefreshSummary | None) -> str:
    if summary is None:
        return "interrupted; the stories saved so far are kept."
    stories = "story" if summary.new_items == 1 else "stories"
    return (
        f"interrupted after {summary.checked} sources; {summary.new_items} new {stories} "
        f"({summary.saved} saved in full) are kept."
    )
