"""`reader items [--unread] [--source URL] [--tag T] [--limit N] [--format
text|json]`: the stories the sources brought, newest first."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import error_line, iso_time, write_json_line, write_line
from reader.cli.sources import NotFollowed, find_source
from reader.core.sanitize import clean_line, clean_text, strip_controls

if TYPE_CHECKING:
    from reader.core.records import NewsItem
    from reader.library import Library
    from reader.library.news import NewsDesk

_PAGE = 500
"""Stories asked of the library at a time."""


def list_items(library: Library, ns: argparse.Namespace) -> int:
    """One line (or JSON object) per story: time, source, title, address, marks."""
    news = library.news
    source_id = None
    if ns.source:
        try:
            source_id = find_source(news, ns.source).id
        except NotFollowed as exc:
            error_line(ns.source, str(exc))
            return EXIT_FAILED
    stories = _stories(
        news,
        source_id=source_id,
        tag=ns.tag.lower() if ns.tag else None,
        unread_only=ns.unread,
        limit=ns.limit,
    )
    for item in stories:
        if ns.format == "json":
            write_json_line(item_json(item))
        else:
            write_line(item_line(item))
    return EXIT_OK


def _stories(
    news: NewsDesk, *, source_id: int | None, tag: str | None, unread_only: bool, limit: int | None
) -> Iterator[NewsItem]:
    """The stories, a page of them at a time, at most `limit` (None: all)."""
    offset = 0
    while limit is None or offset < limit:
        size = _PAGE if limit is None else min(_PAGE, limit - offset)
        batch = news.items(
            source_id=source_id, tag=tag, unread_only=unread_only, limit=size, offset=offset
        )
        yield from batch
        if len(batch) < size:
            return
        offset += len(batch)


def item_line(item: NewsItem) -> str:
    """ "2025-03-14 09:30  Kabar Lamat  A title  https://...  unread · summary only"."""
    fields = [
        _when(item.when),
        clean_line(item.source_title) or "-",
        clean_line(item.title) or "(untitled)",
        clean_line(item.url),
    ]
    marks = (("unread", not item.read), ("summary only", not item.saved))
    if not (item.read and item.saved):
        fields.append(" · ".join(word for word, on in marks if on))
    return "  ".join(fields)


def _when(moment: datetime | None) -> str:
    """The local time of `moment`, to the minute (dashes when there is none)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "----------------"


def item_json(item: NewsItem) -> dict[str, object]:
    """A story as a JSON object: `published` with the publisher's offset (or
    null), `first_seen` in UTC."""
    return {
        "url": strip_controls(item.url),
        "title": clean_line(item.title),
        "source": clean_line(item.source_title),
        "published": item.published.isoformat(timespec="seconds") if item.published else None,
        "read": item.read,
        "saved": item.saved,
        "word_count": item.word_count,
        "first_seen": iso_time(item.first_seen),
        "author": clean_line(item.author),
        "summary": clean_text(item.summary),
    }
