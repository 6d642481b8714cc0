"""An article as the view reads it, without Textual: its text units, their
layout at the current text width, reading positions (a place that survives
re-wrapping) mapped to lines and back, and find in page.
"""

from __future__ import annotations

from typing import NamedTuple

from reader.core.models import Article
from reader.ui.find import FindIndex, FindResults, Match
from reader.ui.widgets.article_layout import (
    ArticleUnits,
    DocumentLayout,
    article_units,
    layout_units,
)


class ReadingPosition(NamedTuple):
    """A place in an article that survives re-wrapping: a block index (-1 for
    the header) and a character offset in that block's text; `gap` counts the
    blank lines above that block shown at the top (the view was scrolled to
    the space between two blocks)."""

    block: int
    offset: int = 0
    gap: int = 0


#: The top of an article.
TOP = ReadingPosition(-1, 0)


class ArticleDocument:
    """The units of one article (none without one), laid out by `lay_out`,
    and the matches of the last find."""

    def __init__(self, article: Article | None = None) -> None:
        self.article = article
        self.units = article_units(article) if article is not None else ArticleUnits([], [])
        self.layout: DocumentLayout | None = None
        """The rows at the current width; None until laid out."""
        self.found: FindResults | None = None
        """The matches of the last find, if any are shown."""
        self._find_index: FindIndex | None = None

    @property
    def text_width(self) -> int:
        """Width the text is wrapped to, in cells (0 before the first layout)."""
        return self.layout.width if self.layout else 0

    @property
    def line_count(self) -> int:
        """Lines in the laid-out document (0 before the first layout)."""
        return len(self.layout.rows) if self.layout else 0

    def lay_out(self, width: int) -> DocumentLayout:
        """The layout for a text column `width` cells wide (wrapped anew only
        when the width changed)."""
        if self.layout is None or self.layout.width != width:
            self.layout = layout_units(self.units.units, width)
        return self.layout

    # Positions

    def position_at(self, y: int) -> ReadingPosition | None:
        """The position shown on line `y`; None before the layout."""
        layout = self.layout
        if layout is None or not layout.rows:
            return None
        units = self.units
        y = min(y, len(layout.rows) - 1)
        unit_index = layout.unit_at(y)
        unit = units.units[unit_index]
        if unit.block < 0:
            if y <= 0 or not units.block_units:
                return TOP
            # in the header: so many lines above the first block
            unit_index = units.block_units[0]
            unit = units.units[unit_index]
        row = layout.rows[y]
        if row.unit == unit_index:
            return ReadingPosition(unit.block, row.start)
        gap = max(0, layout.row_for_offset(unit_index, 0) - y)
        return ReadingPosition(unit.block, 0, gap)

    def line_for_offset(self, block: int, offset: int = 0) -> int:
        """The line showing character `offset` of block `block` (of
        Article.blocks); a block that shows nothing gives the next one's line."""
        layout, units = self.layout, self.units
        if layout is None or not units.block_units:
            return 0
        block = min(max(0, block), len(units.block_units) - 1)
        unit_index = units.block_units[block]
        if units.units[unit_index].block != block:
            offset = 0
        return layout.row_for_offset(unit_index, offset)

    def line_for_position(self, position: ReadingPosition) -> int:
        """The line to put at the top to show `position`."""
        if position.block < 0:
            return 0
        return max(0, self.line_for_offset(position.block, position.offset) - position.gap)

    # Find in page

    def find(self, query: str, top: int) -> FindResults:
        """Every case-insensitive occurrence of `query` (kept in `found`
        unless the query is empty); the first at or after line `top` is current."""
        if self._find_index is None:
            self._find_index = FindIndex([unit.text for unit in self.units.units])
        results = FindResults(query, self._find_index.find(query))
        self.found = results if query else None
        if results.matches:
            results.first_from(*self._unit_offset_at(top))
        return results

    def line_of_match(self, match: Match) -> int:
        """The line showing the start of `match`."""
        if self.layout is None:
            return 0
        return self.layout.row_for_offset(match.unit, match.start)

    def _unit_offset_at(self, y: int) -> tuple[int, int]:
        """The unit and character offset on line `y` (the next unit's start
        on a blank line)."""
        layout = self.layout
        if layout is None or not layout.rows:
            return 0, 0
        y = min(y, len(layout.rows) - 1)
        row = layout.rows[y]
        if row.unit >= 0:
            return row.unit, row.start
        return max(0, layout.unit_at(y)), 0
