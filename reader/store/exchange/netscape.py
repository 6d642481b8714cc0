"""Netscape bookmark HTML, both ways: what browsers, buku and shiori export.

Browser exports nest folders; each folder name becomes a tag (lower-cased,
spaces turned into dashes), except the browsers' own roots ("Bookmarks bar",
"Bookmarks Toolbar", "Other bookmarks", ...), which would tag everything.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser

from reader.core.models import Bookmark
from reader.core.sanitize import clean_line, strip_controls
from reader.store.exchange.fields import BadDate, address, clean_note, tag_names, unix_time
from reader.store.exchange.parsed import NOT_WEB, ParsedBookmarks, Tally

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
#: Folder names (from the outermost) that become a bookmark's tags; folders
#: nested deeper add none, so a file of 20,000 nested folders costs no more
#: per bookmark than one of 16.
MAX_FOLDER_TAGS = 16
_DOCTYPE = re.compile(r"<!doctype\s+netscape-bookmark-file", re.I)
_LIST_START = re.compile(r"<dl[\s>]", re.I)
_ENTRY = re.compile(r"<dt[^<>]*>\s*<a\s", re.I)


def looks_like_netscape(text: str) -> bool:
    """Whether `text` reads as a Netscape bookmark file (its doctype, or a list
    with at least one <DT><A> entry)."""
    head = text.lstrip("\ufeff \t\r\n")
    return bool(_DOCTYPE.search(head[:4096]) or (_LIST_START.search(text) and _ENTRY.search(text)))


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
        # An untitled bookmark shows its address (an empty link cannot be clicked).
        title = _attr(clean_line(bookmark.title) or bookmark.url)
        lines.append(f"    <DT><A {' '.join(attrs)}>{title}</A>")
        note = clean_note(bookmark.note)
        if note:
            lines.append(f"    <DD>{html.escape(note, quote=True)}")
    lines.append("</DL><p>")
    return "\n".join(lines) + "\n"


# -- import -------------------------------------------------------------------------


class _NetscapeReader(HTMLParser):
    """Reads a Netscape bookmark file as a stream of tags, the way browsers do:
    <DL> opens a level, the <H3> before it names the folder, <DT><A> is a
    bookmark, <DD> the note of the item before it. Unclosed tags are fine."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bookmarks: list[Bookmark] = []
        self.tally = Tally()
        self._folders: list[str | None] = []
        #: The folder tags in force at each open level (at most MAX_FOLDER_TAGS).
        self._folder_tags: list[tuple[str, ...]] = []
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
            outer = self._folder_tags[-1] if self._folder_tags else ()
            if self._pending_folder and len(outer) < MAX_FOLDER_TAGS:
                outer = (*outer, self._pending_folder)
            self._folder_tags.append(outer)
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
                self._folder_tags.pop()
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
        url = address(attrs.get("href"))
        if url is None:
            self.tally.skip(NOT_WEB)
            self._last_was_bookmark = False
            return
        folders = self._folder_tags[-1] if self._folder_tags else ()
        tags = tag_names([*attrs.get("tags", "").split(","), *folders])
        title = clean_line(text)
        if title in (url, clean_line(attrs.get("href") or "")):
            title = ""  # untitled: exported with its address as the text
        self.bookmarks.append(
            Bookmark(
                url=url,
                title=title,
                tags=tags,
                created=self._date(attrs.get("add_date")),
                updated=self._date(attrs.get("last_modified")),
            )
        )
        self._last_was_bookmark = True

    def _date(self, value: str | None) -> datetime | None:
        """ADD_DATE or LAST_MODIFIED; a bad one is dropped and counted."""
        try:
            return unix_time(value)
        except BadDate:
            self.tally.bad_dates += 1
            return None


def read_netscape(text: str) -> ParsedBookmarks:
    """The bookmarks of a Netscape bookmark file and how many were skipped.
    Never raises: junk gives what could be read, often nothing."""
    reader = _NetscapeReader()
    with suppress(Exception):  # junk markup: keep what was read so far
        reader.feed(text)
        reader.close()
    reader.finish()
    return reader.tally.result(reader.bookmarks, "netscape")


def parse_netscape(text: str) -> list[Bookmark]:
    """The http(s) bookmarks of a Netscape bookmark file, in file order.
    Never raises: junk gives what could be read, often nothing."""
    return read_netscape(text).bookmarks
