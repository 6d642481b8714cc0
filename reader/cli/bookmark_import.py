"""`reader bookmarks import FILE [--fetch]`: add the bookmarks of an export
(Pocket, Instapaper, Omnivore, wallabag, Raindrop, a list of addresses, a
browser's bookmarks HTML, reader's JSON; a .zip as the services ship it;
`-` reads standard input), store the articles the file brings, and with
`--fetch` save every imported page for offline reading, with a progress
bar on stderr. The report goes to stdout.

Exit status: 0 the file was imported (pages that could not be fetched are
in the report, and kept on their bookmarks); 1 the file could not be used,
with one line `reader: FILE: reason` on stderr; 130 interrupted (Ctrl-C),
after saying what was done and that running the same command again resumes
(a first Ctrl-C ends after the pages under way, a second at once: cli/interrupts.py).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
from typing import TYPE_CHECKING, BinaryIO, cast

from reader.cli.exit_status import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK
from reader.cli.interrupts import cancel_on_interrupt, forget_interrupt
from reader.cli.output import error_line, failure_lines, write_line
from reader.core.errors import ReaderError

if TYPE_CHECKING:
    from reader.core.records import SaveProgress
    from reader.library import Library


def import_bookmarks(library: Library, ns: argparse.Namespace) -> int:
    """Import `ns.file` (`-`: standard input); with `ns.fetch`, save the pages."""
    return asyncio.run(_import(library, ns.file, bool(getattr(ns, "fetch", False))))


async def _import(library: Library, name: str, fetch: bool) -> int:
    from reader.cli.progress import Progress, short_address

    progress = Progress(sys.stderr)
    cancel = asyncio.Event()

    def on_progress(step: SaveProgress) -> None:
        progress.update(step.done, step.total, short_address(step.url), ok=step.ok)

    # The first Ctrl-C ends after the pages under way, a second at once: the
    # import is resumable either way.
    stop_now = cancel_on_interrupt(cancel)
    try:
        source = _stdin() if name == "-" else name
        report = await library.import_bookmarks(
            source, fetch=fetch, progress=on_progress, cancel=cancel
        )
    except ReaderError as exc:
        progress.finish()
        error_line(name, str(exc))
        return EXIT_INTERRUPTED if cancel.is_set() else EXIT_FAILED
    except asyncio.CancelledError:
        if not stop_now():
            raise
        progress.finish()
        write_line(_INTERRUPTED)
        return EXIT_INTERRUPTED
    finally:
        progress.finish()
        forget_interrupt()
        await library.close()  # the HTTP client belongs to this event loop
    if report.fetched is not None and report.fetched.failed:
        failure_lines(report.fetched.by_reason(), "pages")
    for line in report.lines():
        write_line(line)
    if report.cancelled or cancel.is_set():
        write_line(_INTERRUPTED)
        return EXIT_INTERRUPTED
    return EXIT_OK


_INTERRUPTED = "Interrupted: run the same command again to resume (nothing is imported twice)."


def _stdin() -> BinaryIO:
    """Standard input as bytes (a text stream put in its place, as tests do,
    is encoded back)."""
    from reader.store.exchange import ExchangeError
    from reader.store.exchange.importing import MAX_FILE_BYTES

    if sys.stdin is None:  # started with stdin closed (<&-)
        raise ExchangeError("standard input is closed")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return cast("BinaryIO", buffer)
    text = sys.stdin.read(MAX_FILE_BYTES + 1)  # at most the cap, in characters
    return io.BytesIO(text.encode("utf-8", "surrogateescape"))
