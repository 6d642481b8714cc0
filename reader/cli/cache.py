"""`reader cache stats|purge`: what the library holds; deleting old pages."""

from __future__ import annotations

import argparse
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from reader.cli.exit_status import EXIT_OK
from reader.cli.output import iso_time, write_json_line, write_line
from reader.core.humanize import byte_size, time_ago
from reader.core.sanitize import clean_line

if TYPE_CHECKING:
    from reader.library import Library


def cache_stats(library: Library, ns: argparse.Namespace) -> int:
    """Counts, sizes, the oldest page, and the sources followed with their
    stories (unread among them), as aligned rows or one JSON object."""
    stats = library.cache_stats()
    if ns.format == "json":
        write_json_line(
            {
                "pages": stats.pages,
                "articles": stats.articles,
                "bookmarks": stats.bookmarks,
                "visits": stats.visits,
                "sources": stats.sources,
                "items": stats.items,
                "unread": stats.unread,
                "body_bytes": stats.body_bytes,
                "file_bytes": stats.file_bytes,
                "oldest": iso_time(stats.oldest),
                "path": str(library.paths.database),
            }
        )
        return EXIT_OK
    oldest = "-"
    if stats.oldest is not None:
        when = stats.oldest.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        oldest = f"{when} ({time_ago(stats.oldest)})"
    rows = (
        ("pages", str(stats.pages)),
        ("articles", str(stats.articles)),
        ("bookmarks", str(stats.bookmarks)),
        ("visits", str(stats.visits)),
        ("body size", byte_size(stats.body_bytes)),
        ("file size", byte_size(stats.file_bytes)),
        ("oldest", oldest),
        ("sources", str(stats.sources)),
        ("stories", f"{stats.items} ({stats.unread} unread)"),
        ("file", clean_line(str(library.paths.database))),
    )
    for name, value in rows:
        write_line(f"{name:<10} {value}")
    return EXIT_OK


def cache_purge(library: Library, ns: argparse.Namespace) -> int:
    """Delete the pages not read within `--older-than` (bookmarked ones stay)."""
    deleted = library.purge(ns.older_than)
    noun = "page" if deleted == 1 else "pages"
    write_line(
        f"Deleted {deleted} saved {noun} not read for {_age_words(ns.older_than)} "
        "(bookmarked pages are kept)."
    )
    return EXIT_OK


def _age_words(age: timedelta) -> str:
    hours = int(age.total_seconds() // 3600)
    if hours % (24 * 7) == 0 and hours:
        count, unit = hours // (24 * 7), "week"
    elif hours % 24 == 0 and hours:
        count, unit = hours // 24, "day"
    else:
        count, unit = hours, "hour"
    return f"{count} {unit}{'s' if count != 1 else ''}"
