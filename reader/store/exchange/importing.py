"""Importing a bookmarks file into the store: reading the file, detecting its
format, merging repeated addresses, and adding or merging into the bookmarks
already kept (never a second bookmark for an address, never overwriting)."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Protocol

from reader.core.input_caps import InputTooLarge, read_capped
from reader.core.models import Bookmark
from reader.core.urls import comparable
from reader.store.bookmarks import normalize_tags
from reader.store.exchange.detect import (
    detect_format,
    is_zip,
    parse_data,
    parse_text,
    parse_zip_path,
)
from reader.store.exchange.parsed import FORMAT_NAMES, ExchangeError, ParsedBookmarks, reason_count
from reader.store.store import Store

__all__ = ["detect_format"]
#: The largest bookmarks file read, from a file, a device, a pipe or stdin
#: alike (a browser export of 100,000 bookmarks is about 30 MiB).
MAX_FILE_BYTES = 64 * 1024 * 1024


class HasStore(Protocol):
    """Anything that holds a Store (the Library does)."""

    @property
    def store(self) -> Store:
        """The library database."""
        ...


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: int = 0
    """New bookmarks."""
    merged: int = 0
    """Bookmarks already kept that got new tags, or a title or note they lacked."""
    unchanged: int = 0
    """Bookmarks already kept, with nothing new in the file."""
    duplicates: int = 0
    """Entries repeating an address found earlier in the same file."""
    skipped_invalid: int = 0
    """Entries left out: not an http(s) address, or not a bookmark entry."""
    format: str = "netscape"
    reasons: tuple[tuple[str, int], ...] = ()
    """(reason, count) for the entries left out, most frequent first."""
    bad_dates: int = 0
    """Dates in the file that could not be used (out of range): the bookmarks
    were kept without them."""

    @property
    def already(self) -> int:
        """Entries whose address was already kept (in the store or the file)."""
        return self.merged + self.unchanged + self.duplicates

    @property
    def label(self) -> str:
        """The format's name for people ("Pocket CSV", "Omnivore")."""
        return FORMAT_NAMES.get(self.format, self.format)

    def summary(self) -> str:
        """ "Imported 3 bookmarks from Pocket CSV (2 already there, 1 of them
        updated, 1 skipped: 1 not a web address)"; browser and reader files
        are not named."""
        noun = "bookmark" if self.added == 1 else "bookmarks"
        source = "" if self.format in ("netscape", "json") else f" from {self.label}"
        updated = f", {self.merged} of them updated" if self.merged else ""
        why = ", ".join(reason_count(reason, count) for reason, count in self.reasons)
        skipped = f"{self.skipped_invalid} skipped" + (f": {why}" if why else "")
        dates = ""
        if self.bad_dates:
            plural = "date" if self.bad_dates == 1 else "dates"
            dates = f"; {self.bad_dates} {plural} out of range left out"
        return (
            f"Imported {self.added} {noun}{source} "
            f"({self.already} already there{updated}, {skipped}{dates})"
        )


def parse_bookmarks(text: str) -> ParsedBookmarks:
    """Parse a bookmarks file's text, whatever its format (see `detect`)."""
    return parse_text(text)


def read_source(source: str | Path | BinaryIO) -> ParsedBookmarks:
    """The bookmarks of an import file: a path (a zip archive on disk is read
    member by member) or a binary stream (standard input), read with a cap.
    Raises ExchangeError with a short reason when it cannot be used."""
    if not isinstance(source, str | Path):
        return parse_data(read_stream_bytes(source))
    target = Path(source)
    try:
        if target.is_dir():
            raise ExchangeError("is a directory, not a bookmarks file")
        with target.open("rb") as stream:  # opened once: a FIFO gives its bytes once
            info = os.fstat(stream.fileno())
            regular = stat.S_ISREG(info.st_mode)
            zipped = regular and is_zip(stream.read(4))
            data = b""
            if not zipped:
                if regular:
                    if info.st_size > MAX_FILE_BYTES:
                        raise InputTooLarge(MAX_FILE_BYTES)
                    stream.seek(0)
                data = read_capped(stream, MAX_FILE_BYTES)
        if zipped:  # read member by member, never whole
            return parse_zip_path(target)
    except InputTooLarge:
        raise ExchangeError(_too_large()) from None
    except FileNotFoundError:
        raise ExchangeError("no such file") from None
    except PermissionError:
        raise ExchangeError("permission denied") from None
    except IsADirectoryError:
        raise ExchangeError("is a directory, not a bookmarks file") from None
    except OSError as exc:
        raise ExchangeError(f"could not be read ({exc.strerror or exc})") from None
    return parse_data(data)


def read_stream_bytes(stream: BinaryIO) -> bytes:
    """The bytes of an import file on a binary stream (standard input), with
    the same cap as a file."""
    try:
        return read_capped(stream, MAX_FILE_BYTES)
    except InputTooLarge:
        raise ExchangeError(_too_large()) from None
    except OSError as exc:
        raise ExchangeError(f"could not be read ({exc.strerror or exc})") from None


def _too_large() -> str:
    return f"too large for a bookmarks file (over {MAX_FILE_BYTES // 2**20} MiB)"


def merge_duplicates(bookmarks: Sequence[Bookmark]) -> tuple[list[Bookmark], int]:
    """One bookmark per comparable address (first title, note and state, all
    tags, earliest date, a favourite if any was), in first-seen order; also
    how many entries were merged away."""
    merged, duplicates = by_address(bookmarks)
    return list(merged.values()), duplicates


def by_address(bookmarks: Sequence[Bookmark]) -> tuple[dict[str, Bookmark], int]:
    """`merge_duplicates`, keyed by comparable address (in first-seen order)."""
    merged: dict[str, Bookmark] = {}
    for bookmark in bookmarks:
        key = comparable(bookmark.url)
        seen = merged.get(key)
        if seen is None:
            merged[key] = bookmark
            continue
        dates = [d for d in (seen.created, bookmark.created) if d is not None]
        merged[key] = replace(
            seen,
            title=seen.title or bookmark.title,
            note=seen.note or bookmark.note,
            tags=normalize_tags((*seen.tags, *bookmark.tags)),
            created=min(dates) if dates else None,
            favourite=seen.favourite or bookmark.favourite,
        )
    return merged, len(bookmarks) - len(merged)


def import_parsed(target: Store | HasStore, parsed: ParsedBookmarks) -> ImportResult:
    """Add parsed bookmarks to the store (see `reader.store.bookmark_import`).
    Addresses already kept get the new tags, and a title or note only where
    they had none; nothing is duplicated and nothing already there is
    overwritten (their state and favourite mark included)."""
    from reader.store.bookmark_import import add_parsed

    return add_parsed(target if isinstance(target, Store) else target.store, parsed)


def import_bookmarks(target: Store | HasStore, path: str | Path | BinaryIO) -> ImportResult:
    """Import a bookmarks file of any format read (the format is told from
    the file). Raises ExchangeError with a short reason when it cannot be used."""
    return import_parsed(target, read_source(path))
