"""What reading a bookmarks file gives, whatever its format: the bookmarks and
how many entries were left out, or an error saying why the file is unusable."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.errors import ReaderError
from reader.core.models import Bookmark


class ExchangeError(ReaderError):
    """A bookmarks file could not be read or is not a bookmarks file."""


@dataclass(frozen=True)
class ParsedBookmarks:
    """What a bookmarks file holds: the usable bookmarks (in file order, possibly
    with duplicates) and how many entries were left out."""

    bookmarks: list[Bookmark]
    skipped: int = 0
    """Entries without an http(s) address: bookmarklets, place:, file:, ..."""
    format: str = "netscape"
