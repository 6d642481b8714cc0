"""Pocket's exports: the CSV of 2025 (`title,url,time_added,tags,status`,
one or several `part_000000.csv` files in a zip) and the older HTML export
(an "Unread" and a "Read Archive" list of links). Instapaper's HTML export
has the same shape (an <h1> per folder: Unread, Archive, Starred, or the
user's own, kept as a tag) and is read here too.

The CSV: `time_added` is unix seconds, `tags` are separated by `|`,
`status` is `unread` or `archive`. The HTML: each link carries `time_added`
and `tags` (comma-separated) attributes; the list it is in gives its state.
Pocket exported no favourite mark in either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import suppress
from html.parser import HTMLParser

from reader.core.models import Bookmark
from reader.core.sanitize import clean_line
from reader.core.urls import comparable
from reader.store.exchange.fields import (
    clean_title,
    dated,
    entry_address,
    split_tags,
    tag_names,
)
from reader.store.exchange.parsed import ParsedBookmarks, Tally

#: The columns of Pocket's CSV export.
POCKET_COLUMNS = ("title", "url", "time_added", "tags", "status")
#: Statuses that mean the story was archived (Pocket wrote "archive").
_ARCHIVED = frozenset({"archive", "archived", "read"})

_POCKET_TITLE = re.compile(r"<title>\s*pocket export\s*</title>", re.I)
_POCKET_LIST = re.compile(r"<h1>\s*(unread|read archive)\s*</h1>", re.I)
#: Bounded, and stopping at the next "<": "<a <a <a ..." costs linear time.
_TIME_ADDED = re.compile(r"<a\s[^<>]{0,4000}?time_added\s*=", re.I)
_INSTAPAPER_TITLE = re.compile(r"<title>\s*instapaper:\s*export\s*</title>", re.I)


def pocket_row(row: Mapping[str, str], tally: Tally) -> Bookmark | None:
    """One bookmark of Pocket's CSV, or None (counted in `tally`)."""
    url = entry_address(row.get("url"), tally)
    if url is None:
        return None
    status = (row.get("status") or "").strip().lower()
    return Bookmark(
        url=url,
        title=_title(row.get("title"), url),
        tags=tag_names(split_tags(row.get("tags"), "|")),
        created=dated(tally, row.get("time_added"), unix=True),
        state="archived" if status in _ARCHIVED else "unread",
    )


def _title(value: str | None, url: str) -> str:
    """The title, '' when Pocket wrote the address in its place."""
    title = clean_title(value)
    return "" if "://" in title and comparable(title) == comparable(url) else title


def looks_like_pocket_html(text: str) -> bool:
    """Whether `text` is Pocket's HTML export: its title or its Unread / Read
    Archive headings, and links carrying `time_added`."""
    head = text[:1_000_000]
    marked = _POCKET_TITLE.search(head[:4096]) or _POCKET_LIST.search(head)
    return bool(marked and _TIME_ADDED.search(head)) or looks_like_instapaper_html(text)


def looks_like_instapaper_html(text: str) -> bool:
    """Whether `text` is Instapaper's HTML export (its title says so)."""
    return bool(_INSTAPAPER_TITLE.search(text[:4096]))


class _PocketHtml(HTMLParser):
    """Reads the lists of Pocket's HTML export: an <h1> names the list
    ("Unread", "Read Archive"), each <a> in it is a bookmark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bookmarks: list[Bookmark] = []
        self.tally = Tally()
        self._state = "unread"
        self._favourite = False
        self._folder = ""
        self._heading: list[str] | None = None
        self._anchor: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self._heading = []
        elif tag == "a":
            self._finish_anchor()
            self._anchor = {name.lower(): value or "" for name, value in attrs}
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._heading is not None:
            heading = clean_line("".join(self._heading))
            name = heading.lower()
            self._state = "archived" if "archive" in name or name == "read" else "unread"
            self._favourite = name == "starred"
            known = name in ("unread", "starred", "read") or "archive" in name
            self._folder = "" if known else heading  # an Instapaper folder of the user's
            self._heading = None
        elif tag in ("a", "li", "ul"):
            self._finish_anchor()

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        elif self._anchor is not None:
            self._text.append(data)

    def _finish_anchor(self) -> None:
        attrs = self._anchor
        if attrs is None:
            return
        self._anchor = None
        url = entry_address(attrs.get("href"), self.tally)
        if url is None:
            return
        self.bookmarks.append(
            Bookmark(
                url=url,
                title=_title("".join(self._text), url),
                tags=tag_names([*split_tags(attrs.get("tags"), ","), self._folder]),
                created=dated(self.tally, attrs.get("time_added"), unix=True),
                state=self._state,
                favourite=self._favourite,
            )
        )


def read_pocket_html(text: str) -> ParsedBookmarks:
    """The bookmarks of Pocket's (or Instapaper's) HTML export. Never raises
    on junk markup."""
    reader = _PocketHtml()
    with suppress(Exception):  # junk markup: keep what was read so far
        reader.feed(text)
        reader.close()
    reader._finish_anchor()
    name = "instapaper-html" if looks_like_instapaper_html(text) else "pocket-html"
    return reader.tally.result(reader.bookmarks, name)
