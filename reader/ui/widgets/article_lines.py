"""How one line of the article view is painted: the Rich styles of its text
(component classes of the view, so themes restyle it), the found matches
highlighted, and the cell range of every link and image on the line.

`LinePainter` turns one row of an `ArticleDocument`'s layout into a Strip;
the view makes a new painter whenever what lines show changes (layout, find,
theme) and keeps the strips it paints in its cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from reader.ui.widgets.article_document import ArticleDocument
from reader.ui.widgets.article_layout import (
    BOLD,
    CODE,
    CODE_PAD,
    ITALIC,
    LINK,
    Unit,
)

#: The component classes of the view that lines are painted with.
LINE_COMPONENTS: frozenset[str] = frozenset(
    {
        "article-view--title",
        "article-view--meta",
        "article-view--note",
        "article-view--heading-1",
        "article-view--heading-2",
        "article-view--heading",
        "article-view--quote",
        "article-view--quote-bar",
        "article-view--marker",
        "article-view--code",
        "article-view--code-inline",
        "article-view--table",
        "article-view--image",
        "article-view--caption",
        "article-view--rule",
        "article-view--link",
        "article-view--empty",
        "article-view--hint",
        "article-view--hint-typed",
        "article-view--match",
        "article-view--match-current",
    }
)

#: The default look of those classes (nested in the view's CSS rule).
LINE_CSS = """
        & > .article-view--title { color: $text-accent; text-style: bold; }
        & > .article-view--meta { color: $text-muted; }
        & > .article-view--note { color: $text-warning; text-style: italic; }
        & > .article-view--heading-1 { color: $text-accent; text-style: bold; }
        & > .article-view--heading-2 { color: $text-accent; text-style: bold; }
        & > .article-view--heading { text-style: bold; }
        & > .article-view--quote { text-style: italic; }
        & > .article-view--quote-bar { color: $accent 60%; }
        & > .article-view--marker { color: $text-muted; }
        & > .article-view--code { background: $foreground 7%; }
        & > .article-view--code-inline { color: $text-secondary; }
        & > .article-view--table { }
        & > .article-view--image { color: $text-muted; text-style: italic; }
        & > .article-view--caption { color: $text-muted; text-style: italic; }
        & > .article-view--rule { color: $text-muted; }
        & > .article-view--link { color: $text-primary; text-style: underline; }
        & > .article-view--empty { color: $text-muted; text-style: italic; }
        & > .article-view--hint { background: $accent; color: $background; text-style: bold; }
        & > .article-view--hint-typed { background: $accent 40%; color: $background; }
        & > .article-view--match { background: $warning 30%; }
        & > .article-view--match-current {
            background: $warning; color: $background; text-style: bold;
        }
"""


class LineLink(NamedTuple):
    """A link drawn on a line: cells `[start, end)` of the view, and its URL;
    `continued` when it is the rest of a link wrapped from the line above."""

    start: int
    end: int
    href: str
    continued: bool = False


class ImageLine(NamedTuple):
    """An image line on screen: document line, cells `[start, end)` of the
    view, the image's address ("" when it has none) and the line's text."""

    line: int
    start: int
    end: int
    href: str
    text: str


#: A painted line: its strip and the links drawn on it.
PaintedLine = tuple[Strip, tuple[LineLink, ...]]

_NO_LINKS: tuple[LineLink, ...] = ()


class LineStyles:
    """The Rich styles of a view's text, from its component classes
    ("article-view--KIND"), made once each until the theme changes."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._styles: dict[tuple[str, int], Style] = {}

    def clear(self) -> None:
        """Forget every style (the theme or the styles changed)."""
        self._styles.clear()

    @property
    def base(self) -> Style:
        """The view's own style: margins and blank lines."""
        return self._widget.rich_style

    def text(self, kind: str, flags: int = 0) -> Style:
        """The style of text of unit style `kind` with run `flags`."""
        key = (kind, flags)
        style = self._styles.get(key)
        if style is None:
            widget = self._widget
            if kind in ("paragraph", "list"):
                style = widget.rich_style
            else:
                style = widget.get_component_rich_style(f"article-view--{kind}")
            if flags & BOLD:
                style += Style(bold=True)
            if flags & ITALIC:
                style += Style(italic=True)
            if flags & CODE and kind != "code":
                style += widget.get_component_rich_style("article-view--code-inline", partial=True)
            if flags & LINK:
                style += widget.get_component_rich_style("article-view--link", partial=True)
            self._styles[key] = style
        return style

    def match(self, current: bool) -> Style:
        """The highlight added to found text (the current match stronger)."""
        key = ("match-current" if current else "match", -1)
        style = self._styles.get(key)
        if style is None:
            full = self._widget.get_component_rich_style(f"article-view--{key[0]}")
            # the match's own background (blended over the view's) and, for the
            # current match, its colour; the text keeps its other styles
            style = Style(bgcolor=full.bgcolor, color=full.color if current else None)
            style += Style(bold=True) if current else Style()
            self._styles[key] = style
        return style


class LinePainter:
    """Paints the lines of a document as laid out now: the text column `left`
    cells from the view's edge, lines `width` cells wide, the matches found
    highlighted. Made anew whenever any of these changes."""

    def __init__(
        self,
        styles: LineStyles,
        document: ArticleDocument | None = None,
        *,
        left: int = 0,
        width: int = 0,
    ) -> None:
        self.styles = styles
        self.units: Sequence[Unit] = document.units.units if document else ()
        self.layout = document.layout if document else None
        self.found = document.found if document else None
        self.left = left
        self.width = width

    def paint(self, y: int) -> PaintedLine:
        """The strip (and the links on it) for document line `y`."""
        base = self.styles.base
        width = self.width
        layout = self.layout
        if layout is None or not 0 <= y < len(layout.rows) or layout.rows[y].unit < 0:
            return Strip.blank(width, base), _NO_LINKS
        style_of = self.styles.text
        row = layout.rows[y]
        unit = self.units[row.unit]
        kind = unit.style
        segments: list[Segment] = []
        links: list[LineLink] = []
        x = self.left + unit.indent
        if unit.center:
            x += max(0, (layout.width - unit.indent - row.cells) // 2)
        segments.append(Segment(" " * x, base))
        if unit.bar:
            segments.append(Segment(unit.bar, style_of("quote-bar")))
            x += unit.bar_cells
        if unit.prefix:
            marker = unit.prefix if row.first else " " * unit.prefix_cells
            segments.append(Segment(marker, style_of("marker")))
            x += unit.prefix_cells
        code = unit.pre and kind == "code"
        if code:
            pad = "↳" if row.continued else " "
            segments.append(Segment(pad * CODE_PAD, style_of("code") + Style(dim=True)))
            x += CODE_PAD
        text = unit.text
        marks = self.found.in_unit(row.unit, row.start, row.end) if self.found else ()
        for run in unit.runs_between(row.start, row.end):
            piece = text[run.start : run.end]
            cells = cell_len(piece)
            style = style_of(kind, run.flags)
            if marks:
                segments.extend(self._marked(text, run.start, run.end, style, marks))
            else:
                segments.append(Segment(piece, style))
            if run.href:
                if links and links[-1].end == x and links[-1].href == run.href:
                    links[-1] = links[-1]._replace(end=x + cells)
                else:
                    continued = run.start == row.start and _continues(unit, run.start, run.href)
                    links.append(LineLink(x, x + cells, run.href, continued))
            x += cells
        if code:
            end = self.left + layout.width
            if end > x:
                segments.append(Segment(" " * (end - x), style_of("code")))
                x = end
        if width > x:
            segments.append(Segment(" " * (width - x), base))
            x = width
        return Strip(segments, x), tuple(links)

    def _marked(
        self,
        text: str,
        start: int,
        end: int,
        style: Style,
        marks: Sequence[tuple[int, int, bool]],
    ) -> list[Segment]:
        """Segments for `text[start:end]` with the found matches highlighted."""
        out: list[Segment] = []
        at = start
        for mark_start, mark_end, current in marks:
            left, right = max(mark_start, start), min(mark_end, end)
            if right <= left:
                continue
            if left > at:
                out.append(Segment(text[at:left], style))
            out.append(Segment(text[left:right], style + self.styles.match(current)))
            at = right
        if at < end:
            out.append(Segment(text[at:end], style))
        return out

    def images_between(self, top: int, bottom: int) -> list[ImageLine]:
        """The image lines ("[image: alt]") with a line in document lines
        `[top, bottom)`, top first (one entry per image)."""
        layout = self.layout
        if layout is None:
            return []
        found: list[ImageLine] = []
        seen: set[int] = set()
        for line in range(max(0, top), min(len(layout.rows), bottom)):
            row = layout.rows[line]
            if row.unit < 0 or row.unit in seen:
                continue
            unit = self.units[row.unit]
            if unit.style != "image":
                continue
            seen.add(row.unit)
            start = self.left + unit.indent
            found.append(ImageLine(line, start, start + row.cells, unit.target or "", unit.text))
        return found


def _continues(unit: Unit, start: int, href: str) -> bool:
    """Whether the link `href` starting a row at `start` began on the row above
    (the space dropped at the line break still belongs to the link's run)."""
    if start <= 0:
        return False
    return any(run.href == href for run in unit.runs_between(start - 1, start))
