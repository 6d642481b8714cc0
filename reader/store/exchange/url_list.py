"""A plain list of addresses, one per line: blank lines and lines starting
with `#` are ignored, addresses of other schemes (mailto:, ftp:, file:) are
skipped with a reason, as is any other line of a list that is mostly
addresses. A text that is not mostly addresses is not such a list."""

from __future__ import annotations

import re

from reader.core.models import Bookmark
from reader.store.exchange.fields import entry_address
from reader.store.exchange.parsed import NOT_ENTRY, ParsedBookmarks, Tally

_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]{0,31}:\S+$")
_WEB = re.compile(r"^https?://", re.I)


def read_url_list(text: str) -> ParsedBookmarks | None:
    """The bookmarks of a list of addresses, or None when `text` is not one
    (no http(s) address, or fewer address lines than other lines)."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    addresses = sum(1 for line in lines if _ADDRESS.match(line))
    if not any(_WEB.match(line) for line in lines) or addresses * 2 < len(lines):
        return None
    tally = Tally()
    bookmarks = []
    for line in lines:
        if not _ADDRESS.match(line):
            tally.skip(NOT_ENTRY)
            continue
        url = entry_address(line, tally)
        if url is not None:
            bookmarks.append(Bookmark(url=url))
    return tally.result(bookmarks, "urls")
