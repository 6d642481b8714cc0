"""Bookmark exchange: Netscape bookmark HTML (what browsers, buku and shiori
read and write) and a small JSON format, both ways.

    export_netscape(bookmarks) / export_json(bookmarks)  -> str
    parse_netscape(text) / parse_json(text)              -> list[Bookmark]
    import_bookmarks(store_or_library, path)             -> ImportResult

Everything in a bookmarks file is hostile: exports HTML-escape every title,
note, tag and address and strip terminal control characters; imports never
raise on junk markup, keep http(s) addresses only (bookmarklets, `place:`,
`file:`, `chrome://` entries are counted as skipped), and never make a second
bookmark for an address already kept (the store merges by comparable URL).

Browser exports nest folders; each folder name becomes a tag (lower-cased,
spaces turned into dashes), except the browsers' own roots ("Bookmarks bar",
"Bookmarks Toolbar", "Other bookmarks", ...), which would tag everything.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

from reader.core.errors import ReaderError
from reader.core.models import Bookmark
from reader.core.sanitize import clean_line, strip_controls
from reader.core.urls import comparable, is_followable, resolve
from reader.store.bookmarks import normalize_tags
from reader.store.store import Store
from reader.store.timestamps import to_text

#: Bookmarks written per transaction when importing.
_BATCH = 500

__all__ = [
    "ExchangeError",
    "ImportResult",
    "ParsedBookmarks",
    "detect_format",
    "export_json",
    "export_netscape",
    "import_bookmarks",
    "parse_bookmarks",
    "parse_json",
    "parse_netscape",
]

JSON_VERSION = 1

#: Folders browsers put everything in; their names are not useful as tags.
ROOT_FOLDERS = frozenset(
    {
        "bookmarks", "bookmarks bar", "bookmarks toolbar", "bookmarks menu", "other bookmarks",
        "mobile bookmarks", "unsorted bookmarks", "favorites bar", "favourites bar",
        "favorites", "favourites", "speed dial", "menu", "toolbar", "unfiled",
    }
)  # fmt: skip
#: H3 attributes that mark a browser's root folder.
_ROOT_ATTRIBUTES = frozenset({"personal_toolbar_folder", "unfiled_bookmarks_folder"})
#: Tags that end the text of a link or of a <DD> note.
_STRUCTURE = frozenset({"a", "dt", "dd", "dl", "h1", "h3", "hr", "title"})
_NETSCAPE_DOCTYPE = re.compile(r"<!doctype\s+netscape-bookmark-file", re.I)
_LIST_START = re.compile(r"<dl[\s>]", re.I)
_ENTRY = re.compile(r"<dt[^<>]*>\s*<a\s", re.I)
_SPACE_OR_COMMA = re.compile(r"[\s,]+")
_MAX_FILE_BYTES = 64 * 1024 * 1024


class ExchangeError(ReaderError):
    """A bookmarks file could not be read or is not a bookmarks file."""


class HasStore(Protocol):
    """Anything that holds a Store (the Library does)."""

    @property
    def store(self) -> Store:
        """The library database."""
        ...


@dataclass(frozen=True)
class ParsedBookmarks:
    """What a bookmarks file holds: the usable bookmarks (in file order, possibly
    with duplicates) and how many entries were left out."""

    bookmarks: list[Bookmark]
    skipped: int = 0
    """Entries without an http(s) address: bookmarklets, place:, file:, ..."""
    format: str = "netscape"


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
    """Entries left out: not an http(s) address."""
    format: str = "netscape"

    @property
    def already(self) -> int:
        """Entries whose address was already kept (in the store or the file)."""
        return self.merged + self.unchanged + self.duplicates

    def summary(self) -> str:
        """ "Imported 3 bookmarks (2 already there, 1 skipped)"."""
        noun = "bookmark" if self.added == 1 else "bookmarks"
        return (
            f"Imported {self.added} {noun} ({self.already} already there, "
            f"{self.skipped_invalid} skipped)"
        )


# -- canonical values ---------------------------------------------------------------


def clean_note(text: str | None) -> str:
    """A note as kept: controls removed, newlines kept, outer whitespace stripped."""
    return strip_controls(text or "").strip()


def tag_names(values: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored (see `normalize_tags`), where a multi-word tag ("Machine
    Learning") stays one ("machine-learning"). Applying it twice changes nothing."""
    pieces = []
    for value in values:
        piece = "-".join(_SPACE_OR_COMMA.split(clean_line(value).lower()))
        piece = piece.strip("-#")[:64].strip("-#")
        if piece:
            pieces.append(piece)
    return normalize_tags(pieces)


def _timestamp(value: str | None) -> datetime | None:
    """A Netscape ADD_DATE (seconds since 1970; milli- and microseconds tolerated)."""
    if not value:
        return None
    try:
        number = int(float(value.strip()))
    except (ValueError, OverflowError):
        return None
    for _ in range(3):  # seconds, milliseconds, microseconds
        if number < 100_000_000_000:
            break
        number //= 1000
    if number <= 0:
        return None
    try:
        return datetime.fromtimestamp(number, UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _iso(value: Any) -> datetime | None:
    """An ISO 8601 text (or a unix time) as an aware UTC datetime, to the second."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _timestamp(str(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return _timestamp(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def _address(value: Any) -> str | None:
    """The bookmark's address if it is one we keep (absolute http or https)."""
    if not isinstance(value, str):
        return None
    url = resolve(None, value)
    return url if url and is_followable(url) else None


# -- export -------------------------------------------------------------------------


def _attr(text: str) -> str:
    return html.escape(strip_controls(text).replace("\n", " "), quote=True)


def export_netscape(bookmarks: Iterable[Bookmark]) -> str:
    """Bookmarks as a Netscape bookmark file, every value escaped."""
    lines = [
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>",
        "<!-- This is an automatically generated file.",
        "     It will be read and overwritten.",
        "     DO NOT EDIT! -->",
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
        "<TITLE>Bookmarks</TITLE>",
        "<H1>Bookmarks</H1>",
        "<DL><p>",
    ]
    for bookmark in bookmarks:
        attrs = [f'HREF="{_attr(bookmark.url)}"']
        if bookmark.created is not None:
            attrs.append(f'ADD_DATE="{int(bookmark.created.timestamp())}"')
        if bookmark.updated is not None:
            attrs.append(f'LAST_MODIFIED="{int(bookmark.updated.timestamp())}"')
        if bookmark.tags:
            attrs.append(f'TAGS="{_attr(",".join(bookmark.tags))}"')
        title = html.escape(clean_line(bookmark.title), quote=True)
        lines.append(f"    <DT><A {' '.join(attrs)}>{title}</A>")
        note = clean_note(bookmark.note)
        if note:
            lines.append(f"    <DD>{html.escape(note, quote=True)}")
    lines.append("</DL><p>")
    return "\n".join(lines) + "\n"


def export_json(bookmarks: Iterable[Bookmark]) -> str:
    """Bookmarks as `{"version": 1, "bookmarks": [{url, title, tags, note, created}]}`."""
    items = [
        {
            "url": strip_controls(b.url),
            "title": clean_line(b.title),
            "tags": list(b.tags),
            "note": clean_note(b.note),
            "created": to_text(b.created) if b.created else None,
        }
        for b in bookmarks
    ]
    return json.dumps({"version": JSON_VERSION, "bookmarks": items}, ensure_ascii=False, indent=2)


# -- Netscape import ------------------------------------------------------------------


class _NetscapeReader(HTMLParser):
    """Reads a Netscape bookmark file as a stream of tags, the way browsers do:
    <DL> opens a level, the <H3> before it names the folder, <DT><A> is a
    bookmark, <DD> the note of the item before it. Unclosed tags are fine."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bookmarks: list[Bookmark] = []
        self.skipped = 0
        self._folders: list[str | None] = []
        self._pending_folder: str | None = None
        self._heading: list[str] | None = None
        self._heading_is_root = False
        self._anchor: dict[str, str] | None = None
        self._anchor_text: list[str] = []
        self._note: list[str] | None = None
        self._last_was_bookmark = False

    # The standard parser asserts on `<![junk`; treat it as text instead.
    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _STRUCTURE:
            if tag == "br" and self._note is not None:
                self._note.append("\n")
            return
        self._end_text()
        if tag == "a":
            self._anchor = {name.lower(): value or "" for name, value in attrs}
            self._anchor_text = []
        elif tag == "dd":
            self._note = [] if self._last_was_bookmark else None
        elif tag == "h3":
            self._heading = []
            names = {name.lower() for name, _ in attrs}
            self._heading_is_root = bool(names & _ROOT_ATTRIBUTES)
            self._last_was_bookmark = False
        elif tag == "dl":
            self._folders.append(self._pending_folder)
            self._pending_folder = None
        elif tag == "hr":
            self._last_was_bookmark = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("a", "h3"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            self._finish_anchor()
        elif tag == "h3" and self._heading is not None:
            self._finish_heading()
        elif tag == "dl":
            self._end_text()
            if self._folders:
                self._folders.pop()
            self._pending_folder = None
        elif tag in _STRUCTURE:
            self._end_text()

    def handle_data(self, data: str) -> None:
        if self._anchor is not None:
            self._anchor_text.append(data)
        elif self._heading is not None:
            self._heading.append(data)
        elif self._note is not None:
            self._note.append(data)

    def finish(self) -> None:
        """End the last open item (files often stop without closing tags)."""
        self._end_text()

    def _end_text(self) -> None:
        """Whatever text was open ends here (browsers rarely close <DT> or <DD>)."""
        if self._anchor is not None:
            self._finish_anchor()
        if self._heading is not None:
            self._finish_heading()
        if self._note is not None:
            note = clean_note("".join(self._note))
            self._note = None
            if note and self.bookmarks and self._last_was_bookmark:
                last = self.bookmarks[-1]
                self.bookmarks[-1] = replace(last, note=note)
            self._last_was_bookmark = False

    def _finish_heading(self) -> None:
        name = clean_line("".join(self._heading or ()))
        self._heading = None
        top_level = len(self._folders) <= 1
        is_root = self._heading_is_root or (top_level and name.lower() in ROOT_FOLDERS)
        self._pending_folder = None if is_root else (tag_names([name]) or (None,))[0]

    def _finish_anchor(self) -> None:
        attrs = self._anchor or {}
        text = "".join(self._anchor_text)
        self._anchor = None
        self._anchor_text = []
        url = _address(attrs.get("href"))
        if url is None:
            self.skipped += 1
            self._last_was_bookmark = False
            return
        folders = [f for f in self._folders if f]
        tags = tag_names([*attrs.get("tags", "").split(","), *folders])
        self.bookmarks.append(
            Bookmark(
                url=url,
                title=clean_line(text),
                tags=tags,
                created=_timestamp(attrs.get("add_date")),
                updated=_timestamp(attrs.get("last_modified")),
            )
        )
        self._last_was_bookmark = True


def _read_netscape(text: str) -> ParsedBookmarks:
    reader = _NetscapeReader()
    with suppress(Exception):  # junk markup: keep what was read so far
        reader.feed(text)
        reader.close()
    reader.finish()
    return ParsedBookmarks(reader.bookmarks, reader.skipped, "netscape")


def parse_netscape(text: str) -> list[Bookmark]:
    """The http(s) bookmarks of a Netscape bookmark file, in file order.
    Never raises: junk gives what could be read, often nothing."""
    return _read_netscape(text).bookmarks


# -- JSON import ------------------------------------------------------------------------


def _json_item(item: Any) -> Bookmark | None:
    """One bookmark from our format, buku's (`uri`, `description`, comma tags) or
    Pinboard's (`href`, `description` as title, `extended`, space-separated tags)."""
    if not isinstance(item, dict):
        return None
    if "uri" in item:  # buku
        url, title, note = item.get("uri"), item.get("title"), item.get("description")
        tags: Any = item.get("tags")
        tags = tags.split(",") if isinstance(tags, str) else tags
        created = None
    elif "href" in item and "url" not in item:  # Pinboard
        url, title, note = item.get("href"), item.get("description"), item.get("extended")
        tags = item.get("tags")
        tags = tags.split() if isinstance(tags, str) else tags
        created = _iso(item.get("time"))
    else:
        url, title, note = item.get("url"), item.get("title"), item.get("note")
        tags = item.get("tags")
        tags = tags.split(",") if isinstance(tags, str) else tags
        created = _iso(item.get("created"))
    address = _address(url)
    if address is None:
        return None
    tag_list = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    return Bookmark(
        url=address,
        title=clean_line(title if isinstance(title, str) else ""),
        tags=tag_names(tag_list),
        note=clean_note(note if isinstance(note, str) else ""),
        created=created,
    )


def _read_json(text: str) -> ParsedBookmarks:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ExchangeError(f"not valid JSON ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("bookmarks"), list):
        items: list[Any] = data["bookmarks"]
    elif isinstance(data, list):
        items = data
    else:
        raise ExchangeError('not a bookmarks file (expected {"bookmarks": [...]} or a list)')
    bookmarks: list[Bookmark] = []
    skipped = 0
    for item in items:
        bookmark = _json_item(item)
        if bookmark is None:
            skipped += 1
        else:
            bookmarks.append(bookmark)
    return ParsedBookmarks(bookmarks, skipped, "json")


def parse_json(text: str) -> list[Bookmark]:
    """The http(s) bookmarks of a JSON export (ours, buku's or Pinboard's).
    Raises ExchangeError when the text is not JSON or holds no bookmark list."""
    return _read_json(text).bookmarks


# -- detection and import ------------------------------------------------------------


def detect_format(text: str) -> str:
    """ "json" or "netscape"; ExchangeError when the text is neither."""
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in ("{", "["):
        return "json"
    if _NETSCAPE_DOCTYPE.search(head[:4096]) or (_LIST_START.search(text) and _ENTRY.search(text)):
        return "netscape"
    raise ExchangeError(
        "not a bookmarks file (expected a Netscape bookmark HTML export or reader's JSON)"
    )


def parse_bookmarks(text: str) -> ParsedBookmarks:
    """Parse a bookmarks file of either format."""
    if detect_format(text) == "json":
        return _read_json(text)
    return _read_netscape(text)


def read_file(path: str | Path) -> str:
    """The text of a bookmarks file (UTF-8, or UTF-16 with a BOM as old Windows
    browsers wrote; bad bytes replaced)."""
    target = Path(path)
    try:
        if target.is_dir():
            raise ExchangeError("is a directory, not a bookmarks file")
        if target.stat().st_size > _MAX_FILE_BYTES:
            raise ExchangeError("too large for a bookmarks file (over 64 MiB)")
        data = target.read_bytes()
    except FileNotFoundError:
        raise ExchangeError("no such file") from None
    except PermissionError:
        raise ExchangeError("permission denied") from None
    except OSError as exc:
        raise ExchangeError(f"could not be read ({exc.strerror or exc})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8-sig", "replace")


def _store_of(target: Store | HasStore) -> Store:
    return target if isinstance(target, Store) else target.store


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
    store = _store_of(target)
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
    )


def import_bookmarks(target: Store | HasStore, path: str | Path) -> ImportResult:
    """Import a Netscape HTML or JSON bookmarks file (the format is detected).
    Raises ExchangeError with a short reason when the file cannot be used."""
    return import_parsed(target, parse_bookmarks(read_file(path)))
