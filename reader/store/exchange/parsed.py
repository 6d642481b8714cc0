"""What reading a bookmarks file gives, whatever its format: the bookmarks and
how many entries were left out, or an error saying why the file is unusable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

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
    """Entries left out: without an http(s) address (bookmarklets, place:,
    file:, ...) or not a bookmark at all (a number where an entry should be)."""
    format: str = "netscape"
    reasons: Counter[str] = field(default_factory=Counter)
    """Why entries were skipped, and how many for each reason (adds up to `skipped`)."""
    bad_dates: int = 0
    """Bookmarks kept without a date they gave that could not be used (out of range)."""
    contents: tuple[Content, ...] = ()
    """Articles the file brings with its bookmarks (wallabag's `content`,
    Omnivore's `content/*.html`), to store so that nothing needs fetching."""

    @property
    def label(self) -> str:
        """The format's name for people ("Pocket CSV", "Omnivore")."""
        return FORMAT_NAMES.get(self.format, self.format)


@dataclass(frozen=True)
class Content:
    """An article that came inside an import file: the page it is kept as is
    made from its HTML (read when needed: an archive's members stay packed)."""

    url: str
    title: str
    read: Callable[[], str]
    """The article's HTML (may raise ExchangeError: a damaged archive member)."""


#: Format names as the import report words them.
FORMAT_NAMES = {
    "netscape": "browser bookmarks HTML",
    "json": "reader JSON",
    "pocket-csv": "Pocket CSV",
    "pocket-zip": "Pocket zip",
    "pocket-html": "Pocket HTML",
    "instapaper": "Instapaper CSV",
    "instapaper-html": "Instapaper HTML",
    "omnivore": "Omnivore",
    "wallabag": "wallabag JSON",
    "raindrop": "Raindrop CSV",
    "csv": "a CSV of links",
    "urls": "a list of addresses",
    "zip": "a zip archive",
}


#: Reasons an entry is skipped, as the import report words them.
NOT_WEB = "not a web address"
NOT_ENTRY = "not a bookmark entry"
TOO_LONG = "address too long"
DELETED = "deleted in the service"
_PLURAL = {
    NOT_WEB: "not web addresses",
    NOT_ENTRY: "not bookmark entries",
    TOO_LONG: "addresses too long",
}


def reason_count(reason: str, count: int) -> str:
    """ "1 not a web address", "2 not web addresses"."""
    return f"{count} {reason if count == 1 else _PLURAL.get(reason, reason)}"


class Tally:
    """Counts, while a file is read, the entries skipped (by reason) and the dates dropped."""

    def __init__(self) -> None:
        self.reasons: Counter[str] = Counter()
        self.bad_dates = 0

    def skip(self, reason: str) -> None:
        """One entry left out for `reason`."""
        self.reasons[reason] += 1

    @property
    def skipped(self) -> int:
        """Entries left out so far."""
        return sum(self.reasons.values())

    def result(
        self, bookmarks: list[Bookmark], format: str, contents: tuple[Content, ...] = ()
    ) -> ParsedBookmarks:
        """What was read, with the counts."""
        return ParsedBookmarks(
            bookmarks, self.skipped, format, Counter(self.reasons), self.bad_dates, contents
        )


def combine(parts: list[ParsedBookmarks], format: str) -> ParsedBookmarks:
    """Several files' bookmarks as one (the members of an archive), in order."""
    reasons: Counter[str] = Counter()
    for part in parts:
        reasons.update(part.reasons)
    return ParsedBookmarks(
        [bookmark for part in parts for bookmark in part.bookmarks],
        sum(part.skipped for part in parts),
        format,
        reasons,
        sum(part.bad_dates for part in parts),
        tuple(content for part in parts for content in part.contents),
    )
