"""`reader bookmarks list|add|mark|rm|export` (import: bookmark_import.py)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import day, error_line, iso_time, write_json_line, write_line, write_output
from reader.core.errors import BadURL
from reader.core.sanitize import clean_line, strip_controls
from reader.core.urls import normalize_user_url

if TYPE_CHECKING:
    from reader.core.models import Bookmark
    from reader.core.records import SaveSummary
    from reader.library import Library


def list_bookmarks(library: Library, ns: argparse.Namespace) -> int:
    """One line (or JSON object, with every field) per bookmark: date, state,
    title (a star before a favourite's), address, tags, then the note after a
    dash."""
    text = " ".join(part for part in (ns.query, f"is:{ns.state}" if ns.state else "") if part)
    tag = ns.tag.lower().lstrip("#") if ns.tag else None
    for bookmark in library.bookmarks(text, tag=tag):
        if ns.format == "json":
            write_json_line(_bookmark_json(bookmark))
            continue
        title = clean_line(bookmark.title) or "(untitled)"
        fields = [day(bookmark.created), f"{bookmark.state:<8}"]
        fields.append(f"★ {title}" if bookmark.favourite else title)
        fields.append(clean_line(bookmark.url))
        if bookmark.tags:
            fields.append(" ".join(f"#{clean_line(tag)}" for tag in bookmark.tags))
        note = clean_line(bookmark.note)
        if note:
            fields.append(f"— {note}")
        write_line("  ".join(fields))
    return EXIT_OK


def _bookmark_json(bookmark: Bookmark) -> dict[str, object]:
    return {
        "url": strip_controls(bookmark.url),
        "title": clean_line(bookmark.title),
        "tags": [clean_line(tag) for tag in bookmark.tags],
        "note": strip_controls(bookmark.note),
        "state": bookmark.state,
        "favourite": bookmark.favourite,
        "added": iso_time(bookmark.created),
        "saved": bookmark.saved,
        "site": clean_line(bookmark.site) or None,
        "words": bookmark.words or None,
        "save_error": clean_line(bookmark.save_error) or None,
        "state_changed": iso_time(bookmark.state_changed),
        "created": iso_time(bookmark.created),
        "updated": iso_time(bookmark.updated),
    }


def add_bookmark(library: Library, ns: argparse.Namespace) -> int:
    """Bookmark an address (or update its tags, note and title), then save its
    page for offline reading unless `--no-fetch` (or it is saved already). A
    page that cannot be fetched leaves the bookmark made, says why on one
    line, and exits 1."""
    try:
        url = normalize_user_url(ns.url)
    except BadURL as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    before = library.bookmark(url)
    bookmark = library.add_bookmark(url, clean_line(ns.title), ns.tag, strip_controls(ns.note))
    if ns.fetch and not bookmark.saved:
        summary = asyncio.run(_save(library, url))
        if summary.failed:
            error_line(ns.url, f"bookmarked, but not saved for offline: {summary.reason(0)}")
            return EXIT_FAILED
        bookmark = library.bookmark(url) or bookmark
    verb = "Updated bookmark" if before is not None else "Bookmarked"
    title = clean_line(bookmark.title)
    saved = " · saved for offline" if bookmark.saved else ""
    write_line(f"{verb}: {clean_line(bookmark.url)}" + (f" ({title})" if title else "") + saved)
    return EXIT_OK


async def _save(library: Library, url: str) -> SaveSummary:
    try:
        return await library.save_bookmarks([url])
    finally:
        await library.close()


def mark_bookmarks(library: Library, ns: argparse.Namespace) -> int:
    """`reader bookmarks mark STATE|fav|unfav URL...`: one line saying how
    many changed; exit 1 (one line each) for addresses not bookmarked."""
    urls, missing = [], 0
    for given in ns.urls:
        try:
            url = normalize_user_url(given)
        except BadURL:
            url = given
        if library.bookmark(url) is None:
            error_line(given, "not bookmarked")
            missing += 1
            continue
        urls.append(url)
    if ns.mark in ("fav", "unfav"):
        changed = library.set_favourite(urls, ns.mark == "fav") if urls else 0
        what = "favourites" if ns.mark == "fav" else "no longer favourites"
    else:
        changed = library.set_bookmark_state(urls, ns.mark) if urls else 0
        what = ns.mark
    noun = "bookmark" if changed == 1 else "bookmarks"
    write_line(f"Marked {changed} {noun} {what}" + _unchanged(len(urls) - changed))
    return EXIT_FAILED if missing else EXIT_OK


def _unchanged(count: int) -> str:
    return f" ({count} already were)" if count else ""


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
