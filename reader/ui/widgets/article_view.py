"""ArticleView: the article body as a Line-API scroll view.

Only the lines on screen are turned into Strips. The layout (where each
block's lines break) is computed once per text width by the fast wrapper in
`wrap.py`; Strips are built lazily and kept in an LRU cache. Colours come
from component classes, so themes restyle the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.events import Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from reader.core.models import Article
from reader.ui.find import FindIndex, FindResults, Match
from reader.ui.widgets.article_layout import (
    BOLD,
    CODE,
    CODE_PAD,
    ITALIC,
    LINK,
    ArticleUnits,
    DocumentLayout,
    Unit,
    article_units,
    layout_units,
)
from reader.ui.widgets.styles import QUIET_SCROLLBAR

if TYPE_CHECKING:
    from reader.ui.widgets.link_hints import LinkHints

#: Smallest margin left and right of the text column, when there is room.
MARGIN = 2
#: Blank lines after the end of the article.
BOTTOM_PAD = 2
#: Lines kept from the previous page when paging.
PAGE_OVERLAP = 2
#: Default width of the text column, in cells.
DEFAULT_MEASURE = 80


class ReadingPosition(NamedTuple):
    """A place in an article that survives re-wrapping: a block index (-1 for
    the header) and a character offset in that block's text; `gap` counts the
    blank lines above that block shown at the top (the view was scrolled to
    the space between two blocks)."""

    block: int
    offset: int = 0
    gap: int = 0


class ImageLine(NamedTuple):
    """An image line on screen: document line, cells `[start, end)` of the
    view, the image's address ("" when it has none) and the line's text."""

    line: int
    start: int
    end: int
    href: str
    text: str


class LineLink(NamedTuple):
    """A link drawn on a line: cells `[start, end)` of the view, and its URL;
    `continued` when it is the rest of a link wrapped from the line above."""

    start: int
    end: int
    href: str
    continued: bool = False


_NO_LINKS: tuple[LineLink, ...] = ()


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows an Article: a header (title, metadata line) and the body, in a
    centred column at most `measure` cells wide."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
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

    DEFAULT_CSS = (
        """
    ArticleView {
        background: $background;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    """
        + QUIET_SCROLLBAR
        + """
        & > .article-view--title { color: $text-accent; text-style: bold; }
        & > .article-view--meta { color: $text-muted; }
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
    }
    Static.article-loading {
        width: 100%; height: 100%; content-align: center middle;
        background: $background; color: $text-muted; text-style: italic;
    }
    """
    )

    def get_loading_widget(self) -> Widget:
        """What covers the empty view while a page loads: still words. The
        moving indicator is the status bar's small one; a pane-sized one
        redrawn 16 times a second held the interpreter that the extraction
        waits for (a 1 MB page took a quarter of a second longer)."""
        return Static(Content("Opening the page…"), classes="article-loading")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "line_down", "Down", show=False, id="scroll_down"),
        Binding("k,up", "line_up", "Up", show=False, id="scroll_up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="page_up"),
        Binding("g,home", "top", "Top", show=False, id="scroll_top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="scroll_bottom"),
    ]

    measure: reactive[int] = reactive(DEFAULT_MEASURE)
    """Maximum width of the text column, in cells."""

    class PositionChanged(Message):
        """The view scrolled or was re-laid out."""

        def __init__(self, view: ArticleView, fraction: float | None) -> None:
            super().__init__()
            self.view = view
            self.fraction = fraction
            """0.0 (top) to 1.0 (end), or None when everything fits on screen."""

        @property
        def control(self) -> ArticleView:
            """The view that scrolled."""
            return self.view

    class LinkChosen(Message):
        """A link of the body was chosen (by its hint label or a click), or
        an image line by its label (`image`; `href` is "" when it has no address)."""

        def __init__(
            self, view: ArticleView, href: str, *, external: bool = False, image: bool = False
        ) -> None:
            super().__init__()
            self.view = view
            self.href = href
            self.external = external
            """Open it in the system browser rather than in the reader."""
            self.image = image
            """It is the address of an image."""

        @property
        def control(self) -> ArticleView:
            """The view the link is in."""
            return self.view

    class HintsChanged(Message):
        """Link hints were shown (`active`) or taken away; `images` when the
        labels are on image lines."""

        def __init__(
            self, view: ArticleView, *, active: bool, external: bool = False, images: bool = False
        ) -> None:
            super().__init__()
            self.view = view
            self.active = active
            self.external = external
            self.images = images

        @property
        def control(self) -> ArticleView:
            """The view showing the hints."""
            return self.view

    def __init__(
        self,
        article: Article | None = None,
        *,
        measure: int = DEFAULT_MEASURE,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(ArticleView.measure, max(1, measure))
        self._article: Article | None = None
        self._units = ArticleUnits([], [])
        self._layout: DocumentLayout | None = None
        self._avail = 0
        self._left = 0
        self._pending: ReadingPosition | None = None
        self._strips: LRUCache[int, tuple[Strip, tuple[LineLink, ...]]] = LRUCache(512)
        self._styles: dict[tuple[str, int], Style] = {}
        self._hints: LinkHints | None = None
        self._hinting_images = False
        self._find_index: FindIndex | None = None
        self._found: FindResults | None = None
        if article is not None:
            self.show_article(article)

    # Content

    @property
    def article(self) -> Article | None:
        """The article shown, if any."""
        return self._article

    def show_article(self, article: Article, position: ReadingPosition | None = None) -> None:
        """Show `article`, at `position` or at the top."""
        self.cancel_hints()
        self._article = article
        self._units = article_units(article)
        self._find_index = None
        self._found = None
        self._layout = None
        self._strips.clear()
        self._pending = position
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._relayout(keep_position=False)
        self.refresh()

    def clear(self) -> None:
        """Show nothing."""
        self.cancel_hints()
        self._article = None
        self._units = ArticleUnits([], [])
        self._find_index = None
        self._found = None
        self._layout = None
        self._strips.clear()
        self.virtual_size = Size(0, 0)
        self.refresh()

    @property
    def units(self) -> list[Unit]:
        """The laid-out units (header and blocks), for find-in-page and tests."""
        return self._units.units

    # Layout

    @property
    def document_layout(self) -> DocumentLayout | None:
        """The current layout, or None before the view has a size."""
        return self._layout

    @property
    def text_width(self) -> int:
        """Width of the text column, in cells (0 before the first layout)."""
        return self._layout.width if self._layout else 0

    @property
    def line_count(self) -> int:
        """Lines in the document, without the blank lines at the end."""
        return len(self._layout.rows) if self._layout else 0

    def column_for(self, available: int) -> tuple[int, int]:
        """(text width, left margin) of the column in a view `available` cells wide."""
        margin = MARGIN if available >= 2 * MARGIN + 20 else 0
        width = max(1, min(self.measure, available - 2 * margin))
        return width, max(0, (available - width) // 2)

    def _relayout(self, *, keep_position: bool = True) -> None:
        """Recompute the layout for the current size; keeps the reading position."""
        available = self.scrollable_content_region.width
        if available <= 0 or not self._units.units:
            return
        width, left = self.column_for(available)
        if (width, left) != (self.text_width, self._left):
            self.cancel_hints()
        position = self.position if keep_position and self._layout is not None else None
        if self._pending is not None:
            position, self._pending = self._pending, None
        if self._layout is None or self._layout.width != width:
            self._layout = layout_units(self._units.units, width)
        self._avail = available
        self._left = left
        self._strips.clear()
        self.virtual_size = Size(available, len(self._layout.rows) + BOTTOM_PAD)
        if position is not None:
            self.restore_position(position)
        self.refresh()
        self._post_position()

    def watch_measure(self) -> None:
        """Re-wrap for a new measure."""
        self._relayout()

    def _on_resize(self, event: Resize) -> None:
        if self.scrollable_content_region.width != self._avail or self._layout is None:
            self._relayout()

    def notify_style_update(self) -> None:
        """Styles (or the theme) changed: rebuild styles and lines."""
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # Positions

    @property
    def max_line(self) -> int:
        """The largest scroll_y."""
        return int(self.max_scroll_y)

    @property
    def scroll_fraction(self) -> float | None:
        """How far down the article is scrolled, 0.0 to 1.0; None when it all fits."""
        if self.max_scroll_y <= 0:
            return None
        return min(1.0, max(0.0, self.scroll_y / self.max_scroll_y))

    def scroll_to_fraction(self, fraction: float) -> None:
        """Scroll to a fraction (0.0 to 1.0) of the article."""
        fraction = min(1.0, max(0.0, fraction))
        self.scroll_to(y=round(fraction * self.max_scroll_y), animate=False, immediate=True)

    @property
    def position(self) -> ReadingPosition:
        """The block and character offset shown on the top line."""
        layout = self._layout
        if layout is None or not layout.rows:
            return self._pending or ReadingPosition(-1, 0)
        y = min(int(self.scroll_y), len(layout.rows) - 1)
        unit_index = layout.unit_at(y)
        unit = self._units.units[unit_index]
        if unit.block < 0:
            if y <= 0 or not self._units.block_units:
                return ReadingPosition(-1, 0)
            # in the header: so many lines above the first block
            unit_index = self._units.block_units[0]
            unit = self._units.units[unit_index]
        row = layout.rows[y]
        if row.unit == unit_index:
            return ReadingPosition(unit.block, row.start)
        gap = max(0, layout.row_for_offset(unit_index, 0) - y)
        return ReadingPosition(unit.block, 0, gap)

    def restore_position(self, position: ReadingPosition) -> None:
        """Scroll so that `position` is on the top line."""
        if self._layout is None:
            self._pending = position
            return
        y = 0
        if position.block >= 0:
            y = max(0, self.line_for_offset(position.block, position.offset) - position.gap)
        # force: a view that just got its content has no scrollbar yet
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def line_for_offset(self, block: int, offset: int = 0) -> int:
        """The line showing character `offset` of block `block` (of Article.blocks)."""
        layout = self._layout
        if layout is None or not self._units.block_units:
            return 0
        block = min(max(0, block), len(self._units.block_units) - 1)
        unit_index = self._units.block_units[block]
        if self._units.units[unit_index].block != block:
            offset = 0
        return layout.row_for_offset(unit_index, offset)

    def scroll_to_block(self, block: int, offset: int = 0) -> None:
        """Scroll so that a block (and the line with `offset`) is on the top line."""
        self.restore_position(ReadingPosition(block, offset))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Keep the scrollbar in step and report the new position."""
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._post_position()

    def _post_position(self) -> None:
        self.post_message(self.PositionChanged(self, self.scroll_fraction))

    # Actions (bound to keys with ids, see BINDINGS)

    def action_line_down(self) -> None:
        """Scroll one line down."""
        self.scroll_to(y=self.scroll_y + 1, animate=False, immediate=True)

    def action_line_up(self) -> None:
        """Scroll one line up."""
        self.scroll_to(y=self.scroll_y - 1, animate=False, immediate=True)

    @property
    def page_lines(self) -> int:
        """Lines moved by a page down: the view height less a little overlap."""
        height = self.scrollable_content_region.height
        return max(1, height - PAGE_OVERLAP if height > 2 * PAGE_OVERLAP else height)

    def action_page_down(self) -> None:
        """Scroll one page down."""
        self.scroll_to(y=self.scroll_y + self.page_lines, animate=False, immediate=True)

    def action_page_up(self) -> None:
        """Scroll one page up."""
        self.scroll_to(y=self.scroll_y - self.page_lines, animate=False, immediate=True)

    def action_top(self) -> None:
        """Go to the top of the article."""
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        """Go to the end of the article."""
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    # Rendering

    def _style(self, kind: str, flags: int = 0) -> Style:
        """The Rich style of text of unit style `kind` with run `flags`."""
        key = (kind, flags)
        style = self._styles.get(key)
        if style is None:
            if kind in ("paragraph", "list"):
                style = self.rich_style
            else:
                style = self.get_component_rich_style(f"article-view--{kind}")
            if flags & BOLD:
                style += Style(bold=True)
            if flags & ITALIC:
                style += Style(italic=True)
            if flags & CODE and kind != "code":
                style += self.get_component_rich_style("article-view--code-inline", partial=True)
            if flags & LINK:
                style += self.get_component_rich_style("article-view--link", partial=True)
            self._styles[key] = style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        """Lay the article out first if it arrived before the view had a size
        (as on start-up), so that the first paint already shows the text
        rather than waiting for the Resize event and another paint."""
        if self._layout is None and self._units.units:
            self._relayout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """The strip for line `y` of the view."""
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        strip, _links = self._line(line)
        if strip.cell_length != width:
            strip = strip.crop_extend(0, width, self.rich_style)
        if self._hints is not None:
            strip = self._hints.overlay(strip, line, self._style("hint"), self._style("hint-typed"))
        return strip

    def links_on_line(self, y: int) -> tuple[LineLink, ...]:
        """Links drawn on document line `y`, with their cell ranges."""
        return self._line(y)[1]

    def line_text(self, y: int) -> str:
        """The text of document line `y` as drawn (margins stripped on the right)."""
        return self._line(y)[0].text.rstrip()

    def visible_lines(self) -> list[str]:
        """The text of the lines currently on screen."""
        top = self.scroll_offset.y
        return [self.line_text(top + y) for y in range(self.scrollable_content_region.height)]

    def _line(self, y: int) -> tuple[Strip, tuple[LineLink, ...]]:
        cached = self._strips.get(y)
        if cached is None:
            cached = self._build_line(y)
            self._strips[y] = cached
        return cached

    def _build_line(self, y: int) -> tuple[Strip, tuple[LineLink, ...]]:
        """Build the strip (and link map) for document line `y`."""
        base = self.rich_style
        width = self._avail
        layout = self._layout
        if layout is None or not 0 <= y < len(layout.rows) or layout.rows[y].unit < 0:
            return Strip.blank(width, base), _NO_LINKS
        row = layout.rows[y]
        unit = self._units.units[row.unit]
        kind = unit.style
        segments: list[Segment] = []
        links: list[LineLink] = []
        x = self._left + unit.indent
        if unit.center:
            x += max(0, (layout.width - unit.indent - row.cells) // 2)
        segments.append(Segment(" " * x, base))
        if unit.bar:
            segments.append(Segment(unit.bar, self._style("quote-bar")))
            x += unit.bar_cells
        if unit.prefix:
            marker = unit.prefix if row.first else " " * unit.prefix_cells
            segments.append(Segment(marker, self._style("marker")))
            x += unit.prefix_cells
        code = unit.pre and kind == "code"
        if code:
            pad = "↳" if row.continued else " "
            segments.append(Segment(pad * CODE_PAD, self._style("code") + Style(dim=True)))
            x += CODE_PAD
        text = unit.text
        marks = self._found.in_unit(row.unit, row.start, row.end) if self._found else ()
        for run in unit.runs_between(row.start, row.end):
            piece = text[run.start : run.end]
            cells = cell_len(piece)
            style = self._style(kind, run.flags)
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
            end = self._left + layout.width
            if end > x:
                segments.append(Segment(" " * (end - x), self._style("code")))
                x = end
        if width > x:
            segments.append(Segment(" " * (width - x), base))
            x = width
        return Strip(segments, x), tuple(links)

    def _match_style(self, current: bool) -> Style:
        """The highlight added to found text (the current match stronger)."""
        key = ("match-current" if current else "match", -1)
        style = self._styles.get(key)
        if style is None:
            full = self.get_component_rich_style(f"article-view--{key[0]}")
            # the match's own background (blended over the view's) and, for the
            # current match, its colour; the text keeps its other styles
            style = Style(bgcolor=full.bgcolor, color=full.color if current else None)
            style += Style(bold=True) if current else Style()
            self._styles[key] = style
        return style

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
            out.append(Segment(text[left:right], style + self._match_style(current)))
            at = right
        if at < end:
            out.append(Segment(text[at:end], style))
        return out

    # Find in page

    @property
    def found(self) -> FindResults | None:
        """The matches of the last find, if any are shown."""
        return self._found

    def find(self, query: str) -> FindResults:
        """Highlight every case-insensitive occurrence of `query`; the first
        at or after the top line becomes current and is scrolled into view."""
        if self._find_index is None:
            self._find_index = FindIndex([unit.text for unit in self._units.units])
        results = FindResults(query, self._find_index.find(query))
        self._found = results if query else None
        if results.matches:
            unit, offset = self._top_unit_offset()
            results.first_from(unit, offset)
            self._show_match(results.current_match)
        self._strips.clear()
        self.refresh()
        return results

    def find_step(self, step: int) -> Match | None:
        """Go to the next (+1) or previous (-1) match, wrapping around."""
        if self._found is None:
            return None
        match = self._found.step(step)
        self._show_match(match)
        self._strips.clear()
        self.refresh()
        return match

    def clear_find(self) -> None:
        """Take the highlights away."""
        if self._found is None:
            return
        self._found = None
        self._strips.clear()
        self.refresh()

    def _top_unit_offset(self) -> tuple[int, int]:
        """The unit and character offset on the top line."""
        layout = self._layout
        if layout is None or not layout.rows:
            return 0, 0
        y = min(int(self.scroll_y), len(layout.rows) - 1)
        row = layout.rows[y]
        if row.unit >= 0:
            return row.unit, row.start
        return max(0, layout.unit_at(y)), 0

    def line_of_match(self, match: Match) -> int:
        """The document line showing the start of `match`."""
        if self._layout is None:
            return 0
        return self._layout.row_for_offset(match.unit, match.start)

    def _show_match(self, match: Match | None) -> None:
        """Scroll `match` into view (a third of the way down) unless it is on screen."""
        if match is None or self._layout is None:
            return
        line = self.line_of_match(match)
        top = int(self.scroll_y)
        height = self.scrollable_content_region.height
        if top <= line < top + height:
            return
        self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    # Link hints and clicks

    @property
    def hinting(self) -> bool:
        """Whether link hints are on screen."""
        return self._hints is not None

    @property
    def hints(self) -> LinkHints | None:
        """The hints on screen, if any."""
        return self._hints

    def start_hints(self, *, external: bool = False) -> int:
        """Label every link on screen; typing a label chooses that link
        (posts LinkChosen), escape cancels. Returns the number of labels."""
        top = self.scroll_offset.y
        found: list[tuple[int, int, int, str]] = [
            (line, link.start, link.end, link.href)
            for line in range(top, top + self.scrollable_content_region.height)
            for link in self.links_on_line(line)
            if not link.continued
        ]
        return self._start_hints(found, external=external)

    def images_on_screen(self) -> list[ImageLine]:
        """The image lines ("[image: alt]") with a line on screen, top first."""
        layout = self._layout
        if layout is None:
            return []
        top = self.scroll_offset.y
        bottom = min(len(layout.rows), top + self.scrollable_content_region.height)
        found: list[ImageLine] = []
        seen: set[int] = set()
        for line in range(max(0, top), bottom):
            row = layout.rows[line]
            if row.unit < 0 or row.unit in seen:
                continue
            unit = self._units.units[row.unit]
            if unit.style != "image":
                continue
            seen.add(row.unit)
            start = self._left + unit.indent
            found.append(ImageLine(line, start, start + row.cells, unit.target or "", unit.text))
        return found

    def start_image_hints(self, images: Sequence[ImageLine]) -> int:
        """Label `images`; typing a label chooses that image (LinkChosen with
        `image` set). Returns the number of labels."""
        found = [(image.line, image.start, image.end, image.href) for image in images]
        return self._start_hints(found, external=True, images=True)

    def _start_hints(
        self, found: Sequence[tuple[int, int, int, str]], *, external: bool, images: bool = False
    ) -> int:
        self.cancel_hints()
        if not found:
            return 0
        from reader.ui.widgets.link_hints import HintTarget, LinkHints, hint_labels

        labels = hint_labels(len(found))
        self._hints = LinkHints(
            (
                HintTarget(line, start, end, href, label)
                for (line, start, end, href), label in zip(found, labels, strict=True)
            ),
            external=external,
        )
        self._hinting_images = images
        self.focus()
        self.refresh()
        self.post_message(self.HintsChanged(self, active=True, external=external, images=images))
        return len(found)

    def cancel_hints(self) -> None:
        """Take the hints away."""
        if self._hints is None:
            return
        self._hints = None
        self.refresh()
        self.post_message(self.HintsChanged(self, active=False))

    def on_key(self, event: events.Key) -> None:
        """While hints are shown, keys choose a label (and nothing else)."""
        hints = self._hints
        if hints is None:
            return
        event.stop()
        event.prevent_default()
        char = event.character
        if event.key == "escape":
            self.cancel_hints()
        elif event.key == "backspace":
            hints.backspace()
            self.refresh()
        elif char and len(char) == 1 and hints.accepts(char):
            target = hints.type(char)
            self.refresh()
            if target is not None:
                images = self._hinting_images
                self.cancel_hints()
                self.post_message(
                    self.LinkChosen(self, target.href, external=hints.external, image=images)
                )
        elif char and char.isprintable():
            self.app.bell()
        else:
            self.cancel_hints()

    def on_blur(self) -> None:
        """Hints only live while the view has the keyboard."""
        self.cancel_hints()

    def link_at(self, x: int, y: int) -> str | None:
        """The address of the link drawn at view cell (x, y), if any."""
        for link in self.links_on_line(self.scroll_offset.y + y):
            if link.start <= x < link.end:
                return link.href
        return None

    def on_click(self, event: events.Click) -> None:
        """A click on a link chooses it."""
        href = self.link_at(event.x, event.y)
        if href is not None:
            event.stop()
            self.post_message(self.LinkChosen(self, href))


def _continues(unit: Unit, start: int, href: str) -> bool:
    """Whether the link `href` starting a row at `start` began on the row above
    (the space dropped at the line break still belongs to the link's run)."""
    if start <= 0:
        return False
    return any(run.href == href for run in unit.runs_between(start - 1, start))
