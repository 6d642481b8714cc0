"""The read-later queue as the bookmarks screen shows it, without Textual's
widgets: the views (to read, all, read, archive, favourites), the filter
sent to the library (the view's `is:` and the order joined to what is
typed, unless the box names a state itself), each bookmark's lines, the
heading with the counts, the status line, and the one-line summary the
start and news screens show. Every text from a page or an import file is
plain text here (`Content`, never markup)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Final

from textual.content import Content
from textual.widgets.option_list import Option

from reader.core.bookmark_query import parse_query
from reader.core.models import Bookmark
from reader.core.records import BookmarkCounts
from reader.core.sanitize import clean_line
from reader.core.urls import host_of, shorten
from reader.ui.formatting import DOT, format_date, tags_text

EMPTY_TEXT = "No bookmarks yet. Press m while reading to keep a page here."
#: How much of a failed save's reason a row shows.
REASON_LENGTH = 30


@dataclass(frozen=True)
class View:
    """Which bookmarks the list shows."""

    name: str
    label: str
    """In the heading ("To read")."""
    terms: str
    """What it adds to the filter ("is:unread")."""
    state: str | None = None
    """The state every bookmark of this view has (None: any)."""


VIEWS: Final = (
    View("unread", "To read", "is:unread", "unread"),
    View("all", "All", ""),
    View("read", "Read", "is:read", "read"),
    View("archived", "Archive", "is:archived", "archived"),
    View("favourite", "★", "is:fav"),
)
VIEW_NAMES: Final = {view.name: view for view in VIEWS}
#: What a view is called in sentences ("Nothing in To read").
VIEW_WORDS: Final = {
    "unread": "to read",
    "all": "your bookmarks",
    "read": "read",
    "archived": "the archive",
    "favourite": "the favourites",
}
_SORT = re.compile(r"(?:^|\s)sort:(?:oldest|newest)(?:\s|$)", re.IGNORECASE)


def next_view(view: View) -> View:
    """The view ctrl+o goes to after `view`."""
    return VIEWS[(VIEWS.index(view) + 1) % len(VIEWS)]


def overrides_view(text: str) -> bool:
    """Whether the filter typed names states or favourites (`is:read`,
    `is:fav`): then it chooses, not the view."""
    query = parse_query(text)
    return bool(query.states) or query.favourite is not None


def query_text(text: str, view: View, oldest_first: bool) -> str:
    """The filter the library is asked for: the view's terms (unless the
    text names states itself), the text, and `sort:oldest` (unless the text
    says `sort:`)."""
    parts = [] if overrides_view(text) else [view.terms]
    parts.append(text.strip())
    if oldest_first and not _SORT.search(text):
        parts.append("sort:oldest")
    return " ".join(part for part in parts if part)


def count_of(counts: BookmarkCounts, view: View) -> int:
    """How many bookmarks `view` holds."""
    if view.name == "all":
        return counts.total
    if view.name == "favourite":
        return counts.favourite
    return int(getattr(counts, view.name))


def heading(title: str, counts: BookmarkCounts | None, view: View | None) -> Content:
    """ "Bookmarks  To read 12 · All 247 · Read 30 · Archive 200 · ★ 5", the
    view shown picked out (None: the box chose)."""
    parts: list[str | tuple[str, str]] = [(title, "bold $text-accent"), "  "]
    for index, each in enumerate(VIEWS):
        if index:
            parts.append((DOT, "$foreground-muted"))
        text = each.label if counts is None else f"{each.label} {count_of(counts, each):,}"
        style = "bold underline $text-accent" if each is view else "$foreground-muted"
        parts.append((text, style))
    return Content.assemble(*parts)


def offline_mark(bookmark: Bookmark) -> tuple[str, str]:
    """ "● saved" (stored for offline), "✗ not saved: why" (the last
    background save failed), else "○ not saved", with its style."""
    if bookmark.saved:
        return "● saved", "$text-success"
    if bookmark.save_error:
        reason = shorten(clean_line(bookmark.save_error), REASON_LENGTH)
        return f"✗ not saved: {reason}", "$text-warning"
    return "○ not saved", "$foreground-muted"


def bookmark_prompt(
    bookmark: Bookmark, tz: tzinfo | None = None, *, state: bool = False
) -> Content:
    """Its title (★ for a favourite); site · date added · reading time ·
    offline mark (· its state, with `state`) and #tags; then the note."""
    title = clean_line(bookmark.title) or clean_line(bookmark.url)
    created = bookmark.created.astimezone(tz) if bookmark.created else None
    site = clean_line(bookmark.site) or host_of(bookmark.url)
    minutes = f"{bookmark.minutes} min" if bookmark.minutes else ""
    details = DOT.join(part for part in (site, format_date(created), minutes) if part)
    lines: list[str | tuple[str, str]] = []
    if bookmark.favourite:
        lines.append(("★ ", "$text-warning"))
    lines += [(title, "bold"), "\n", (details, "$foreground-muted")]
    if details:
        lines.append((DOT, "$foreground-muted"))
    lines.append(offline_mark(bookmark))
    if state and bookmark.state != "unread":
        lines.append((DOT + ("✓ read" if bookmark.state == "read" else "archived"), "$text-accent"))
    tags = tags_text(bookmark.tags)
    if tags:
        lines += [("  ", ""), (tags, "$text-accent")]
    note = clean_line(bookmark.note)
    if note:
        lines += ["\n", (shorten(note, 200), "italic $foreground-muted")]
    return Content.assemble(*lines)


def options_for(
    bookmarks: Sequence[Bookmark], tz: tzinfo | None, *, state: bool
) -> list[tuple[Option, str | None]]:
    """The list's options for `bookmarks` (built off the UI thread)."""
    return [(Option(bookmark_prompt(b, tz, state=state)), b.url) for b in bookmarks]


@dataclass(frozen=True)
class Listing:
    """What one filter found, ready to show."""

    text: str
    """What was typed in the box."""
    shown: list[Bookmark]
    options: Sequence[tuple[Option, str | None]]
    total: int
    capped: bool = False
    """More than `total` match (the count stopped there)."""
    error: str = ""
    view: View = VIEWS[0]
    oldest_first: bool = False

    @property
    def total_text(self) -> str:
        """ "5,000+" or "12"."""
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"

    def status(self, counts: BookmarkCounts | None = None) -> str:
        """The line above the list: an error, an empty state, or how many
        are shown when not all of them are ("" otherwise)."""
        if self.error:
            return f"Could not read the bookmarks: {self.error}"
        typed = clean_line(self.text).strip()
        if not self.total:
            if counts is not None and not counts.total and not typed:
                return EMPTY_TEXT
            where = "" if overrides_view(self.text) else f" in {VIEW_WORDS[self.view.name]}"
            if typed:
                return f"No bookmark matches “{typed}”{where}. ctrl+o changes the view."
            if self.view.name == "unread":
                return "Nothing left to read. ctrl+o shows the others."
            return f"Nothing{where}. ctrl+o changes the view."
        if self.total > len(self.shown) or self.capped:
            which = "oldest" if self.oldest_first else "newest"
            return f"The {which} {len(self.shown):,} of {self.total_text} · type to narrow"
        return ""


def queue_summary(counts: BookmarkCounts, *, key: bool = True, short: bool = False) -> str:
    """ "12 to read · 3 favourites · B opens them" ("" with no bookmarks);
    without the key where B would type; `short`: "12 to read · ★ 3"."""
    if not counts.total:
        return ""
    parts = [f"{counts.unread:,} to read"]
    if counts.favourite and short:
        parts.append(f"★ {counts.favourite:,}")
    elif counts.favourite:
        noun = "favourite" if counts.favourite == 1 else "favourites"
        parts.append(f"{counts.favourite:,} {noun}")
    if key:
        parts.append("B opens them")
    return DOT.join(parts)


def change_text(change: str, title: str) -> str:
    """What a key did to a bookmark, and that ctrl+z undoes it: "Archived
    “…” · ctrl+z undoes"."""
    return f"{change} “{shorten(clean_line(title), 40)}” · ctrl+z undoes"
