"""StoryList: a list of news stories, one per row (the news screen's river,
and the stories of an index page opened directly).

A row is the title, then its source, age, reading time and marks: a dot and
bold for unread, dim for read, "summary only" when the full story could not
be saved. On a wide list the details sit in a column at the right;
on a narrow one on a second line. (And the rows of the news screen's
sources column, `source_prompt`.) Every text is plain (page and feed text is
hostile): it goes into Content, never into markup."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets.option_list import Option

from reader.core.feeds.model import FeedItem
from reader.core.humanize import time_ago
from reader.core.models import WORDS_PER_MINUTE
from reader.core.records import NewsItem
from reader.core.sanitize import clean_line
from reader.core.urls import host_of
from reader.ui.formatting import DOT
from reader.ui.news_state import SourceRow, StoryRow
from reader.ui.widgets.result_list import ResultList

#: From this many columns a row is one line (title, then details at the right).
ONE_LINE_FROM = 90
#: The column of the details on a one-line row.
DETAILS_WIDTH = 44
UNREAD_MARK = "●"
SUMMARY_ONLY = "summary only"


def story_from_item(item: NewsItem) -> StoryRow:
    """A row for a story of a source."""
    minutes = None
    if item.word_count:
        minutes = max(1, -(-item.word_count // WORDS_PER_MINUTE))
    return StoryRow(
        url=item.url,
        title=clean_line(item.title) or clean_line(item.url),
        source=clean_line(item.source_title) or clean_line(item.site) or host_of(item.url),
        when=item.when,
        minutes=minutes,
        read=item.read,
        saved=item.saved,
    )


def stories_of_page(items: Iterable[FeedItem], states: Mapping[str, str]) -> list[StoryRow]:
    """Rows for the story links of an index page; `states` ("read"/"saved"
    by URL, from the library) marks those read or kept for offline."""
    rows: list[StoryRow] = []
    for item in items:
        state = states.get(item.url)
        rows.append(
            StoryRow(
                url=item.url,
                title=clean_line(item.title) or clean_line(item.url),
                source=host_of(item.url),
                when=item.published,
                read=state == "read",
                saved=state in ("read", "saved"),
                marks=False,
            )
        )
    return rows


def details_text(row: StoryRow, now: datetime | None, reserve: int = 0) -> str:
    """ "Source · 3 h ago · 4 min" with only the parts known; a long source
    name is cut so that the whole fits the details column with `reserve`
    cells to spare (the age, the reading time and the marks are what count)."""
    facts = []
    if row.when is not None:
        facts.append(time_ago(row.when, now))
    if row.minutes:
        facts.append(f"{row.minutes} min")
    source = row.source
    room = DETAILS_WIDTH - reserve - cell_len(DOT.join(["", *facts]))
    if cell_len(source) > room:
        source = set_cell_size(source, max(4, room) - 1).rstrip() + "…"
    return DOT.join(part for part in [source, *facts] if part)


class StoryPrompt(Visual):
    """A story: mark, title and details, on one line or two (see ONE_LINE_FROM)."""

    def __init__(self, row: StoryRow, now: datetime | None) -> None:
        self.row = row
        mark = UNREAD_MARK if row.marks and not row.read else ("✓" if row.read else " ")
        mark_style = "$text-accent" if mark == UNREAD_MARK else "$foreground-muted"
        self.mark = Content.assemble((mark, mark_style), " ")
        title_style = "$foreground-muted" if row.read else ("bold" if row.marks else "")
        self.title = Content.styled(row.title, title_style)
        summary_only = not row.saved and row.marks
        reserve = cell_len(DOT + SUMMARY_ONLY) if summary_only else 0
        details: list[str | tuple[str, str]] = [
            (details_text(row, now, reserve), "$foreground-muted")
        ]
        if summary_only:
            details += [(DOT if details[0][0] else "", "$foreground-muted")]
            details.append((SUMMARY_ONLY, "$text-warning"))
        self.details = Content.assemble(*details)

    def _layout(self, width: int) -> tuple[bool, int]:
        """(one line, width of the title) at `width`."""
        if width >= ONE_LINE_FROM:  # the details in a column of their own
            return True, max(10, width - 2 - 2 - DETAILS_WIDTH)
        return False, max(1, width - 2)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The row's lines."""
        rich_style = style.rich_style
        one_line, title_width = self._layout(width)
        mark = self.mark.render_strips(2, 1, style, options)[0].crop_extend(0, 2, rich_style)
        if one_line:
            title = self.title.truncate(title_width, ellipsis=True)
            title_strip = title.render_strips(title_width, 1, style, options)[0]
            rest = width - 2 - title_width
            details = self.details.truncate(max(1, rest - 2), ellipsis=True)
            details_strip = Strip.join(
                [
                    Strip.blank(2, rich_style),
                    details.render_strips(max(1, rest - 2), 1, style, options)[0],
                ]
            ).crop_extend(0, rest, rich_style)
            strips = [
                Strip.join(
                    [mark, title_strip.crop_extend(0, title_width, rich_style), details_strip]
                )
            ]
        else:
            lines = self.title.render_strips(title_width, None, style, options)[:2]
            lines = lines or [Strip.blank(0)]
            details = self.details.truncate(title_width, ellipsis=True)
            lines.append(details.render_strips(title_width, 1, style, options)[0])
            blank = Strip.blank(2, rich_style)
            strips = [
                Strip.join(
                    [mark if index == 0 else blank, line.crop_extend(0, title_width, rich_style)]
                )
                for index, line in enumerate(lines)
            ]
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """Mark, title and details on one line."""
        return 2 + cell_len(self.title.plain) + 2 + cell_len(self.details.plain)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """A few cells of title."""
        return 12

    def get_height(self, rules: RulesMap, width: int) -> int:
        """One line, or the title (at most two lines) and the details."""
        one_line, title_width = self._layout(width)
        if one_line:
            return 1
        return min(2, max(1, self.title.get_height(rules, title_width))) + 1


class SourcePrompt(Visual):
    """A row of the news screen's sources column on one line: the title
    (cut with an ellipsis when long) and its unread count at the right."""

    def __init__(self, row: SourceRow) -> None:
        self.row = row
        kind = row.selection.kind
        if kind == "heading":
            self.title = Content.styled(row.title, "italic $foreground-muted")
        elif kind == "tag":
            self.title = Content.styled(f"#{row.title}", "bold $text-accent")
        else:
            self.title = Content.styled(row.title, "bold" if kind in ("unread", "all") else "")
        self.indent = 2 if row.indent else 0
        marks: list[str | tuple[str, str]] = []
        if row.error:
            marks.append((" !", "bold $text-warning"))
        if row.count > 0:
            marks.append((f" {row.count}", "$text-accent"))
        self.marks = Content.assemble(*marks)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """Indent, title, marks."""
        rich_style = style.rich_style
        marks_width = min(cell_len(self.marks.plain), max(0, width - self.indent - 4))
        title_width = max(1, width - self.indent - marks_width)
        title = self.title.truncate(title_width, ellipsis=True)
        parts = [
            Strip.blank(self.indent, rich_style),
            title.render_strips(title_width, 1, style, options)[0].crop_extend(
                0, title_width, rich_style
            ),
        ]
        if marks_width:
            marks = self.marks.render_strips(marks_width, 1, style, options)[0]
            parts.append(marks.crop_extend(0, marks_width, rich_style))
        return [Strip.join(parts)]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """Everything on one line."""
        return self.indent + cell_len(self.title.plain) + cell_len(self.marks.plain)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """A few cells."""
        return 8

    def get_height(self, rules: RulesMap, width: int) -> int:
        """One line."""
        return 1


def source_prompt(row: SourceRow) -> SourcePrompt:
    """A row of the sources column (plain text: titles come from feeds)."""
    return SourcePrompt(row)


class StoryList(ResultList):
    """Stories, newest first; enter opens one (the screen decides how)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.rows: list[StoryRow] = []
        self.now: datetime | None = None
        """The time ages are counted from (None: now)."""

    def show_rows(self, rows: Sequence[StoryRow], keep: str | None = None) -> None:
        """Show `rows`; the cursor goes to the story at `keep` (else the first)."""
        self.rows = list(rows)
        self.set_options([Option(StoryPrompt(row, self.now)) for row in self.rows])
        urls = [row.url for row in self.rows]
        if keep is not None and keep in urls:
            self.highlighted = urls.index(keep)
        elif self.rows:
            self.highlighted = 0

    def add_rows(self, rows: Sequence[StoryRow]) -> None:
        """Add stories at the end (the next page of a long list)."""
        self.rows.extend(rows)
        self.add_options([Option(StoryPrompt(row, self.now)) for row in rows])

    @property
    def current(self) -> StoryRow | None:
        """The story under the cursor."""
        index = self.highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    def set_read(self, urls: Iterable[str], read: bool) -> None:
        """Mark the rows for `urls` read (or unread) in place."""
        wanted = set(urls)
        for index, row in enumerate(self.rows):
            if row.url in wanted and row.read != read:
                self.rows[index] = replace(row, read=read)
                self.replace_option_prompt_at_index(index, StoryPrompt(self.rows[index], self.now))
