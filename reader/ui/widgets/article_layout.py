"""Turn an Article into styled text units, and lay the units out for a width.

No Textual here: a `Unit` is a block of plain text with style runs and
decoration (indent, list marker, quote bar); `layout_units` wraps every unit
to a text width and returns the rows of the document. Strips are built from
rows by `LinePainter` (article_lines.py), only for the rows on screen.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rich.cells import cell_len

from reader.core.models import Article, Block, BlockKind
from reader.core.sanitize import clean_line, strip_controls
from reader.ui.formatting import article_meta_line
from reader.ui.widgets.wrap import Line, wrap_preformatted, wrap_text

# Style flags of a run.
BOLD = 1
ITALIC = 2
CODE = 4
LINK = 8

#: Decoration of quotes, one per nesting level.
QUOTE_BAR = "▎ "
#: Shown for a RULE block, centred.
RULE_TEXT = "·   ·   ·"
#: Before the extractor's warnings, in the header of an article that may be
#: incomplete.
NOTE_PREFIX = "This may not be the whole article: "
#: Width of the padding inside code blocks, each side.
CODE_PAD = 1

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(slots=True)
class Run:
    """A styled stretch `[start, end)` of a unit's text."""

    start: int
    end: int
    flags: int = 0
    href: str | None = None


@dataclass(slots=True)
class Unit:
    """One laid-out block: the header's title or metadata line, or a body block."""

    style: str
    """Component style name: title, meta, note, paragraph, heading-1, heading-2,
    heading, quote, list, code, table, image, caption, rule, empty."""
    text: str
    runs: list[Run]
    block: int = -1
    """Index in `Article.blocks`, or -1 for the header."""
    gap: int = 1
    """Blank lines before the unit."""
    indent: int = 0
    """Cells of indent on every line."""
    prefix: str = ""
    """Drawn before the first line (a list marker); later lines get spaces."""
    bar: str = ""
    """Drawn before every line (quote bars)."""
    pre: bool = False
    """Preformatted: no reflow, long lines are cut."""
    center: bool = False
    target: str | None = None
    """The address of an image (image units only; None when it has none)."""
    run_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.run_starts = [run.start for run in self.runs]

    @property
    def prefix_cells(self) -> int:
        """Width of the first-line prefix, also the hanging indent of later lines."""
        return cell_len(self.prefix)

    @property
    def bar_cells(self) -> int:
        """Width of the quote bars."""
        return cell_len(self.bar)

    def runs_between(self, start: int, end: int) -> list[Run]:
        """The runs overlapping `[start, end)`, clipped to it."""
        if not self.runs:
            return []
        index = max(0, bisect.bisect_right(self.run_starts, start) - 1)
        out: list[Run] = []
        for run in self.runs[index:]:
            if run.start >= end:
                break
            if run.end <= start:
                continue
            out.append(Run(max(run.start, start), min(run.end, end), run.flags, run.href))
        return out


class Row(NamedTuple):
    """One line of the laid-out document; `unit` is -1 for a blank line."""

    unit: int
    start: int = 0
    end: int = 0
    cells: int = 0
    first: bool = False
    """The first line of its unit (gets the prefix)."""
    continued: bool = False


BLANK = Row(-1)


def _row_start(row: Row) -> int:
    return row.start


@dataclass(slots=True)
class DocumentLayout:
    """The rows of an article at one text width."""

    width: int
    rows: list[Row]
    unit_rows: list[int]
    """Index of the first row of each unit."""

    def unit_at(self, y: int) -> int:
        """The unit shown at row `y` (the following unit for a blank row)."""
        if not self.unit_rows:
            return -1
        index = bisect.bisect_right(self.unit_rows, y) - 1
        if index < 0:
            return 0
        row = self.rows[y] if 0 <= y < len(self.rows) else BLANK
        if row.unit < 0 and index + 1 < len(self.unit_rows):
            return index + 1
        return index

    def row_for_offset(self, unit: int, offset: int) -> int:
        """The row showing character `offset` of `unit`."""
        first = self.unit_rows[unit]
        last = self.unit_rows[unit + 1] if unit + 1 < len(self.unit_rows) else len(self.rows)
        while last > first + 1 and self.rows[last - 1].unit != unit:
            last -= 1
        index = bisect.bisect_right(self.rows, offset, first, last, key=_row_start) - 1
        return max(first, index)


def text_width_for(unit: Unit, width: int) -> int:
    """Cells available for the text of `unit` in a column `width` wide."""
    available = width - unit.indent - unit.bar_cells - unit.prefix_cells
    if unit.pre and unit.style == "code":
        available -= 2 * CODE_PAD
    return max(1, available)


def layout_unit(unit: Unit, width: int) -> list[Line]:
    """Wrap one unit for a column `width` cells wide."""
    text_width = text_width_for(unit, width)
    if unit.pre:
        return wrap_preformatted(unit.text, text_width)
    lines = wrap_text(unit.text, text_width)
    return lines or [Line(0, 0, 0)]


def layout_units(units: Sequence[Unit], width: int, top: int = 1) -> DocumentLayout:
    """Lay out all units for a text column `width` cells wide, after `top` blank lines."""
    rows: list[Row] = [BLANK] * top
    unit_rows: list[int] = []
    append = rows.append
    for index, unit in enumerate(units):
        if index:
            rows.extend([BLANK] * unit.gap)
        unit_rows.append(len(rows))
        first = True
        for line in layout_unit(unit, width):
            append(Row(index, line.start, line.end, line.cells, first, line.continued))
            first = False
    return DocumentLayout(width, rows, unit_rows)


def terminal_safe(text: str) -> str:
    """`text` without control characters or escape sequences. The core has
    cleaned page text already; this guards the terminal against any that
    slipped through (a fast scan, so the common case costs little)."""
    return strip_controls(text) if _CONTROL.search(text) else text


def _block_runs(block: Block, *, pre: bool = False) -> tuple[str, list[Run]]:
    """The text of a block and its style runs. Preformatted text has its tabs
    expanded and its leading and trailing blank lines removed; other text
    has tabs turned into spaces."""
    parts: list[str] = []
    runs: list[Run] = []
    pos = 0
    for span in block.spans:
        text = terminal_safe(span.text)
        text = text.expandtabs(4) if pre else text.replace("\t", " ")
        if not text:
            continue
        flags = (
            (BOLD if span.bold else 0)
            | (ITALIC if span.italic else 0)
            | (CODE if span.code else 0)
            | (LINK if span.href else 0)
        )
        parts.append(text)
        runs.append(Run(pos, pos + len(text), flags, span.href))
        pos += len(text)
    joined = "".join(parts)
    if pre:
        lead = len(joined) - len(joined.lstrip("\n"))
        joined = joined.strip("\n")
        if lead or len(joined) != pos:
            runs = [
                Run(max(0, run.start - lead), min(len(joined), run.end - lead), run.flags, run.href)
                for run in runs
                if run.end - lead > 0 and run.start - lead < len(joined)
            ]
    return joined, runs


def _plain(style: str, text: str, *, block: int = -1, gap: int = 1, center: bool = False) -> Unit:
    """A unit of one unstyled run."""
    text = terminal_safe(text)
    return Unit(style, text, [Run(0, len(text))] if text else [], block, gap, center=center)


def block_unit(block: Block, index: int, previous: Unit | None) -> Unit | None:
    """The unit for one body block, or None for an empty one."""
    kind = block.kind
    if kind is BlockKind.RULE:
        return _plain("rule", RULE_TEXT, block=index, center=True)
    if kind is BlockKind.IMAGE:
        alt = " ".join(block.text.split())
        unit = _plain("image", f"[image: {alt}]" if alt else "[image]", block=index)
        unit.target = next((span.href for span in block.spans if span.href), None)
        return unit
    pre = kind in (BlockKind.CODE, BlockKind.TABLE)
    text, runs = _block_runs(block, pre=pre)
    if not text.strip():
        return None
    if pre:
        style = "code" if kind is BlockKind.CODE else "table"
        return Unit(style, text, runs, block=index, pre=True)
    if kind.value == "caption":
        in_figure = previous is not None and previous.style == "image"
        return Unit("caption", text, runs, block=index, gap=0 if in_figure else 1)
    if kind is BlockKind.HEADING:
        level = block.level or 2
        style = "heading-1" if level <= 1 else "heading-2" if level == 2 else "heading"
        return Unit(style, text, runs, block=index)
    if kind is BlockKind.QUOTE:
        return Unit("quote", text, runs, block=index, bar=QUOTE_BAR * max(1, block.level))
    if kind is BlockKind.LIST_ITEM:
        in_list = previous is not None and previous.style == "list"
        marker = terminal_safe(block.marker).strip() or "•"
        return Unit(
            "list",
            text,
            runs,
            block=index,
            gap=0 if in_list else 1,
            indent=2 * max(0, block.level),
            prefix=marker + " ",
        )
    return Unit("paragraph", text, runs, block=index)


@dataclass(slots=True)
class ArticleUnits:
    """The units of an article and where each block went."""

    units: list[Unit]
    block_units: list[int]
    """For each block of the article, the index of the unit that shows it (or
    the next one, for blocks that show nothing)."""


def article_note(article: Article) -> str:
    """The quiet line under the metadata of an article the extractor warned
    about (a login wall, a page too short), or ""; plain text, one line."""
    warnings = " ".join(filter(None, (clean_line(w) for w in article.warnings)))
    return NOTE_PREFIX + warnings if warnings else ""


def article_units(article: Article) -> ArticleUnits:
    """Header (title, metadata line, warning note) and body units of `article`."""
    units: list[Unit] = []
    if article.title:
        units.append(_plain("title", article.title))
    meta = article_meta_line(article)
    if meta:
        units.append(_plain("meta", meta, gap=0 if units else 1))
    note = article_note(article)
    if note:
        units.append(_plain("note", note, gap=0 if units else 1))
    header = len(units)
    block_units: list[int] = []
    previous: Unit | None = None
    for index, block in enumerate(article.blocks):
        block_units.append(len(units))
        unit = block_unit(block, index, previous)
        if unit is None:
            continue
        if len(units) == header and header:
            unit.gap = 2
        units.append(unit)
        previous = unit
    if len(units) == header:
        units.append(_plain("empty", "This page has no readable text.", gap=2 if header else 1))
    last = len(units) - 1
    block_units = [min(u, last) for u in block_units]
    return ArticleUnits(units, block_units)
