"""`reader bookmarks list|add|rm|export|import`."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import day, error_line, iso_time, write_json_line, write_line, write_output
from reader.core.errors import BadURL, ReaderError
from reader.core.sanitize import clean_line, strip_controls
from reader.core.urls import normalize_user_url

if TYPE_CHECKING:
    from reader.core.models import Bookmark
    from reader.library import Library


def list_bookmarks(library: Library, ns: argparse.Namespace) -> int:
    """One line (or JSON object, with every field) per bookmark: date, title,
    address, tags, then the note after a dash."""
    bookmarks = library.bookmarks(tag=ns.tag.lower() if ns.tag else None)
    for bookmark in bookmarks:
        if ns.format == "json":
            write_json_line(_bookmark_json(bookmark))
            continue
        fields = [day(bookmark.created), clean_line(bookmark.title) or "(untitled)"]
        fields.append(clean_line(bookmark.url))
        if bookmark.tags:
            fields.append(" ".join(f"#{clean_line(tag)}" for tag in bookmark.tags))
        note = clean_line(bookmark.note)
        if note:
            fields.append(f"\u2014 {note}")
        write_line("  ".join(fields))
    return EXIT_OK


def _bookmark_json(bookmark: Bookmark) -> dict[str, object]:
    return {
        "url": strip_controls(bookmark.url),
        "title": clean_line(bookmark.title),
        "tags": [clean_line(tag) for tag in bookmark.tags],
        "note": strip_controls(bookmark.note),
        "created": iso_time(bookmark.created),
        "updated": iso_time(bookmark.updated),
    }


def add_bookmark(library: Library, ns: argparse.Namespace) -> int:
    """Bookmark an address (or update its tags, note and title)."""
    try:
        url = normalize_user_url(ns.url)
    except BadURL as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    before = library.bookmark(url)
    bookmark = library.add_bookmark(url, clean_line(ns.title), ns.tag, strip_controls(ns.note))
    verb = "Updated bookmark" if before is not None else "Bookmarked"
    title = clean_line(bookmark.title)
    write_line(f"{verb}: {clean_line(bookmark.url)}" + (f" ({title})" if title else ""))
    return EXIT_OK


def remove_bookmark(library: Library, ns: argparse.Namespace) -> int:
    """Remove a bookmark; exit status 1 if there was none."""
    try:
        url = normalize_user_url(ns.url)
    except BadURL:
        url = ns.url
    removed = library.remove_bookmark(url)
    if removed is None:
        error_line(ns.url, "not bookmarked")
        return EXIT_FAILED
    write_line(f"Removed bookmark: {clean_line(removed.url)}")
    return EXIT_OK


def export_bookmarks(library: Library, ns: argparse.Namespace) -> int:
    """All bookmarks as Netscape HTML or JSON, on stdout or into a file."""
    from reader.store.exchange import export_json, export_netscape

    bookmarks = library.bookmarks()
    text = export_json(bookmarks) + "\n" if ns.format == "json" else export_netscape(bookmarks)
    if not write_output(ns.output, text.encode("utf-8")):
        return EXIT_FAILED
    if ns.output and ns.output != "-":
        noun = "bookmark" if len(bookmarks) == 1 else "bookmarks"
        write_line(f"Exported {len(bookmarks)} {noun} to {clean_line(str(Path(ns.output)))}")
    return EXIT_OK


def import_bookmarks(library: Library, ns: argparse.Namespace) -> int:
    """Add the bookmarks of a browser's HTML export or a JSON export (or stdin)."""
    from reader.store.exchange import import_bookmarks as import_file
    from reader.store.exchange import import_parsed, parse_bookmarks
    from reader.store.exchange.importing import read_stream

    try:
        if ns.file == "-":
            result = import_parsed(library, parse_bookmarks(read_stream(_stdin())))
        else:
            result = import_file(library, ns.file)
    except ReaderError as exc:
        error_line(ns.file, str(exc))
        return EXIT_FAILED
    write_line(result.summary())
    return EXIT_OK


def _stdin() -> BinaryIO:
    """Standard input as bytes (a text stream put in its place, as tests do, is
    encoded back)."""
    from reader.store.exchange import ExchangeError
    from reader.store.exchange.importing import MAX_FILE_BYTES

    if sys.stdin is None:  # started with stdin closed (<&-)
        raise ExchangeError("standard input is closed")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return cast("BinaryIO", buffer)
    text = sys.stdin.read(MAX_FILE_BYTES + 1)  # at most the cap, in characters
    return io.BytesIO(text.encode("utf-8", "surrogateescape"))
