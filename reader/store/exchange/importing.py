"""Importing a bookmarks file into the store: reading the file, detecting its
format, merging repeated addresses, and adding or merging into the bookmarks
already kept (never a second bookmark for an address, never overwriting)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Protocol

from reader.core.input_caps import InputTooLarge, read_capped, read_capped_path
from reader.core.models import Bookmark
from reader.core.urls import comparable
from reader.store.bookmarks import normalize_tags
from reader.store.exchange.json_format import read_json
from reader.store.exchange.netscape import looks_like_netscape, read_netscape
from reader.store.exchange.parsed import ExchangeError, ParsedBookmarks, reason_count
from reader.store.store import Store

#: Bookmarks written per transaction when importing.
_BATCH = 500
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

    def summary(self) -> str:
        """ "Imported 3 bookmarks (2 already there, 1 skipped)"."""
        noun = "bookmark" if self.added == 1 else "bookmarks"
        why = ", ".join(reason_count(reason, count) for reason, count in self.reasons)
        skipped = f"{self.skipped_invalid} skipped" + (f": {why}" if why else "")
        dates = ""
        if self.bad_dates:
            plural = "date" if self.bad_dates == 1 else "dates"
            dates = f"; {self.bad_dates} {plural} out of range left out"
        return f"Imported {self.added} {noun} ({self.already} already there, {skipped}{dates})"


def detect_format(text: str) -> str:
    """ "json" or "netscape"; ExchangeError when the text is neither."""
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in ("{", "["):
        return "json"
    if looks_like_netscape(text):
        return "netscape"
    raise ExchangeError(
        "not a bookmarks file (expected a Netscape bookmark HTML export or reader's JSON)"
    )


def parse_bookmarks(text: str) -> ParsedBookmarks:
    """Parse a bookmarks file of either format."""
    if detect_format(text) == "json":
        return read_json(text)
    return read_netscape(text)


def read_file(path: str | Path) -> str:
    """The text of a bookmarks file (UTF-8, or UTF-16 with a BOM as old Windows
    browsers wrote; bad bytes replaced). A device, a FIFO or anything else
    the path names is read in chunks up to the same cap as a file."""
    target = Path(path)
    try:
        if target.is_dir():
            raise ExchangeError("is a directory, not a bookmarks file")
        data = read_capped_path(target, MAX_FILE_BYTES)
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
    return decode(data)


def read_stream(stream: BinaryIO) -> str:
    """The text of a bookmarks file on a binary stream (standard input), with
    the same cap as a file."""
    try:
        return decode(read_capped(stream, MAX_FILE_BYTES))
    except InputTooLarge:
        raise ExchangeError(_too_large()) from None
    except OSError as exc:
        raise ExchangeError(f"could not be read ({exc.strerror or exc})") from None


def _too_large() -> str:
    return f"too large for a bookmarks file (over {MAX_FILE_BYTES // 2**20} MiB)"


def decode(data: bytes) -> str:
    """Bytes of a bookmarks file as text: UTF-16 with a BOM, else UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8-sig", "replace")


def merge_duplicates(bookmarks: Sequence[Bookmark]) -> tuple[list[Bookmark], int]:
    """One bookmark per comparable address (first title and note, all tags,
    earliest date), in first-seen order; also how many entries were merged away."""
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
        )
    return list(merged.values()), len(bookmarks) - len(merged)


def import_parsed(target: Store | HasStore, parsed: ParsedBookmarks) -> ImportResult:
    """Add parsed bookmarks to the store. Addresses already kept get the new
    tags, and a title or note only where they had none; nothing is duplicated
    and nothing already there is overwritten."""
    store = target if isinstance(target, Store) else target.store
    unique, duplicates = merge_duplicates(parsed.bookmarks)
    added = merged = unchanged = 0
    for start in range(0, len(unique), _BATCH):
        # One transaction per batch: fast, and other programs wait only briefly.
        with store.batch():
            for bookmark in unique[start : start + _BATCH]:
                existing = store.bookmark(bookmark.url)
                if existing is None:
                    store.add_bookmark(
                        bookmark.url, bookmark.title, bookmark.tags, bookmark.note, bookmark.created
                    )
                    added += 1
                    continue
                tags = normalize_tags((*existing.tags, *bookmark.tags))
                title = None if existing.title or not bookmark.title else bookmark.title
                note = None if existing.note or not bookmark.note else bookmark.note
                if tags == existing.tags and title is None and note is None:
                    unchanged += 1
                    continue
                store.update_bookmark(
                    existing.url,
                    title=title,
                    note=note,
                    tags=tags if tags != existing.tags else None,
                )
                merged += 1
    return ImportResult(
        added=added,
        merged=merged,
        unchanged=unchanged,
        duplicates=duplicates,
        skipped_invalid=parsed.skipped,
        format=parsed.format,
        reasons=tuple(parsed.reasons.most_common()),
        bad_dates=parsed.bad_dates,
    )


def import_bookmarks(target: Store | HasStore, path: str | Path) -> ImportResult:
    """Import a Netscape HTML or JSON bookmarks file (the format is detected).
    Raises ExchangeError with a short reason when the file cannot be used."""
    return import_parsed(target, parse_bookmarks(read_file(path)))
