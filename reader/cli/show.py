"""`reader show URL [--format text|markdown|json]`: a story saved in the
library, printed like `reader extract` prints a page, without the network."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import error_line
from reader.core.errors import BadURL, ReaderError
from reader.core.urls import normalize_user_url

if TYPE_CHECKING:
    from reader.core.records import Reading
    from reader.library import Library


def show(library: Library, ns: argparse.Namespace) -> int:
    """Print the stored article at `ns.url`; 1 with one line when it is not stored."""
    try:
        url = normalize_user_url(ns.url)
    except BadURL as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    # The quick read leaves the history alone; a copy made by an older
    # extractor is extracted again from the stored page by `open`, offline.
    reading = library.open_stored(url) or _open_offline(library, url)
    if reading is None:
        error_line(ns.url, "not saved in the library (`reader fetch URL` saves it)")
        return EXIT_FAILED
    from reader.cli.extract import write_article

    write_article(ns.url, reading.article, ns.format)
    return EXIT_OK


def _open_offline(library: Library, url: str) -> Reading | None:
    library.offline = True  # never the network, whatever happens below

    async def stored() -> Reading | None:
        try:
            return await library.open(url)
        except ReaderError:
            return None
        finally:
            await library.close()

    return asyncio.run(stored())
