"""What the news screen shows, kept by the app between two visits (so S
returns to the same list, the cursor on the story read); the sources
column's rows ("All unread", "All stories", then the sources by tag,
untagged last), a story as the lists show it, and what one load found.
No Textual here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from reader.core.records import NewsItem, Source
from reader.core.sanitize import clean_line

Kind = Literal["unread", "all", "tag", "source", "heading"]


@dataclass(frozen=True)
class Selection:
    """A list of stories: all unread ones, all, a tag's or a source's."""

    kind: Kind = "unread"
    tag: str = ""
    source_id: int | None = None


UNREAD = Selection("unread")
EVERYTHING = Selection("all")


@dataclass
class NewsState:
    """The news screen's state, shared by every news screen the app opens."""

    selection: Selection = UNREAD
    hide_read: bool = False
    """Hide the stories read (tags and sources; "All unread" always does)."""
    filter: str = ""
    cursor: str | None = None
    """The address of the story under the cursor."""
    in_sources: bool = False
    """Whether the sources column had the keyboard."""
    undo: list[list[str]] = field(default_factory=list)
    """Addresses marked read by A, the last first to undo."""


@dataclass(frozen=True)
class SourceRow:
    """One row of the sources column."""

    selection: Selection
    title: str
    count: int
    """Unread stories."""
    indent: bool = False
    error: str = ""
    """The source's last refresh failure (or "gone")."""


def source_tags(sources: Sequence[Source]) -> list[str]:
    """Every tag of `sources`, sorted."""
    return sorted({tag for source in sources for tag in source.tags}, key=str.casefold)


def source_rows(
    sources: Sequence[Source], unread: int, tag_counts: Mapping[str, int] | None = None
) -> list[SourceRow]:
    """The sources column: the two "All" rows, then each tag with its
    sources under it (a source with two tags is under both), untagged last.
    `tag_counts`: the unread stories of each tag (a story that came through
    two of its sources counts once); else the sum of its sources'."""
    rows = [SourceRow(UNREAD, "All unread", unread), SourceRow(EVERYTHING, "All stories", -1)]
    tags = source_tags(sources)
    untagged = [source for source in sources if not source.tags]
    for tag in tags:
        members = [source for source in sources if tag in source.tags]
        count = (tag_counts or {}).get(tag, sum(s.unread for s in members))
        rows.append(SourceRow(Selection("tag", tag), clean_line(tag), count))
        rows += [_source_row(source) for source in members]
    if untagged:
        if tags:
            rows.append(SourceRow(Selection("heading"), "Untagged", -1))
        rows += [_source_row(source, indent=bool(tags)) for source in untagged]
    return rows


def _source_row(source: Source, *, indent: bool = True) -> SourceRow:
    error = "gone (410)" if source.gone else clean_line(source.error or "")
    title = clean_line(source.title) or clean_line(source.url)
    return SourceRow(Selection("source", source_id=source.id), title, source.unread, indent, error)


def selection_title(selection: Selection, rows: Sequence[SourceRow]) -> str:
    """What the list of stories is called ("All unread", "#local", a source)."""
    for row in rows:
        if row.selection == selection:
            return f"#{row.title}" if selection.kind == "tag" else row.title
    return "All unread"


@dataclass(frozen=True)
class StoryRow:
    """One story as the list shows it."""

    url: str
    title: str
    source: str = ""
    when: datetime | None = None
    minutes: int | None = None
    read: bool = False
    saved: bool = True
    """False: only the feed's summary could be kept (marked "summary only")."""
    marks: bool = True
    """Whether the read/unread mark applies (not for an index page's links)."""


@dataclass(frozen=True)
class Listing:
    """What one load found."""

    sources: list[SourceRow]
    stories: list[StoryRow]
    unread: int
    followed: int
    error: str = ""


NO_SOURCES = (
    "You follow no sources yet. From a shell: reader sources add URL (a feed or a "
    "site's front page), then R here refreshes. While reading, a on a list's heading "
    "in the sidebar follows that list."
)


def newest(item: NewsItem) -> float:
    """The order of a list of stories: the time shown (published, else first seen)."""
    return item.when.timestamp() if item.when is not None else float("-inf")


def empty_text(listing: Listing, shown: bool, selection: Selection) -> str:
    """What the list of stories says when it shows none ("" when it shows some)."""
    if shown:
        return ""
    if listing.error:
        return f"Could not read the news: {listing.error}"
    if not listing.followed:
        return NO_SOURCES
    if listing.stories:
        return "No story matches the filter."
    if selection.kind == "unread":
        return "Nothing unread. ctrl+r refreshes the sources; the left column lists them all."
    return "No stories here yet. ctrl+r refreshes the sources."
