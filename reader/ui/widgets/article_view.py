"""ArticleView: the article as a Line-API scroll view: what it shows, its
layout at the view's width, reading positions, scrolling actions, find in
page and the messages it posts.

Only the lines on screen are turned into Strips. The text model (units,
layout, positions, find) is an `ArticleDocument` (`article_document.py`);
each line is painted by a `LinePainter` (`article_lines.py`) when first drawn
and kept in an LRU cache until the layout, the find or the theme changes.
Link hints and clicks are handled by a `LinkPicker` (`article_links.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import BindingType
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
from reader.ui.actions import SCOPE_ARTICLE, bindings_for
from reader.ui.find import FindResults, Match
from reader.ui.widgets.article_document import TOP, ArticleDocument, ReadingPosition
from reader.ui.widgets.article_lines import (
    LINE_COMPONENTS,
    LINE_CSS,
    ImageLine,
    LineLink,
    LinePainter,
    LineStyles,
    PaintedLine,
)
from reader.ui.widgets.article_links import LinkPicker
from reader.ui.widgets.styles import QUIET_SCROLLBAR

if TYPE_CHECKING:
    from reader.ui.widgets.link_hints import LinkHints

__all__ = ["DEFAULT_MEASURE", "ArticleView", "ImageLine", "LineLink", "ReadingPosition"]

#: Smallest margin left and right of the text column, when there is room.
MARGIN = 2
#: Blank lines after the end of the article.
BOTTOM_PAD = 2
#: Lines kept from the previous page when paging.
PAGE_OVERLAP = 2
#: Default width of the text column, in cells.
DEFAULT_MEASURE = 80


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows an Article: a header (title, metadata line) and the body, in a
    centred column at most `measure` cells wide."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(LINE_COMPONENTS)

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
        + LINE_CSS
        + """
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

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_ARTICLE)

    measure: reactive[int] = reactive(DEFAULT_MEASURE)
    """Maximum width of the text column, in cells."""

    @dataclass(eq=False, repr=False)
    class PositionChanged(Message):
        """The view scrolled or was re-laid out."""

        view: ArticleView
        fraction: float | None
        """0.0 (top) to 1.0 (end), or None when everything fits on screen."""

        @property
        def control(self) -> ArticleView:
            """The view that scrolled."""
            return self.view

    @dataclass(eq=False, repr=False)
    class LinkChosen(Message):
        """A link of the body was chosen (by its hint label or a click), or
        an image line by its label (`image`; `href` is "" when it has no address)."""

        view: ArticleView
        href: str
        _: KW_ONLY
        external: bool = False
        """Open it in the system browser rather than in the reader."""
        image: bool = False
        """It is the address of an image."""

        @property
        def control(self) -> ArticleView:
            """The view the link is in."""
            return self.view

    @dataclass(eq=False, repr=False)
    class HintsChanged(Message):
        """Link hints were shown (`active`) or taken away; `images` when the
        labels are on image lines."""

        view: ArticleView
        _: KW_ONLY
        active: bool
        external: bool = False
        images: bool = False

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
        self._doc = ArticleDocument()
        self._avail = 0
        self._left = 0
        self._pending: ReadingPosition | None = None
        self._line_styles = LineStyles(self)
        self._painter = LinePainter(self._line_styles)
        self._strips: LRUCache[int, PaintedLine] = LRUCache(512)
        self._picker = LinkPicker(self)
        if article is not None:
            self.show_article(article)

    # Content

    @property
    def article(self) -> Article | None:
        """The article shown, if any."""
        return self._doc.article

    def show_article(self, article: Article, position: ReadingPosition | None = None) -> None:
        """Show `article`, at `position` or at the top."""
        self._set_document(ArticleDocument(article))
        self._pending = position
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._relayout(keep_position=False)
        self.refresh()

    def clear(self) -> None:
        """Show nothing."""
        self._set_document(ArticleDocument())
        self.virtual_size = Size(0, 0)
        self.refresh()

    def _set_document(self, document: ArticleDocument) -> None:
        self.cancel_hints()
        self._doc = document
        self._repaint()

    # Layout

    @property
    def text_width(self) -> int:
        """Width of the text column, in cells (0 before the first layout)."""
        return self._doc.text_width

    @property
    def line_count(self) -> int:
        """Lines in the document, without the blank lines at the end."""
        return self._doc.line_count

    def column_for(self, available: int) -> tuple[int, int]:
        """(text width, left margin) of the column in a view `available` cells wide."""
        margin = MARGIN if available >= 2 * MARGIN + 20 else 0
        width = max(1, min(self.measure, available - 2 * margin))
        return width, max(0, (available - width) // 2)

    def width_for_measure(self) -> int:
        """Columns the view needs to show its text at the full measure:
        the measure, the margins each side and the scrollbar."""
        return self.measure + 2 * MARGIN + self.styles.scrollbar_size_vertical

    def _relayout(self, *, keep_position: bool = True) -> None:
        """Recompute the layout for the current size; keeps the reading position."""
        available = self.scrollable_content_region.width
        if available <= 0 or not self._doc.units.units:
            return
        width, left = self.column_for(available)
        if (width, left) != (self.text_width, self._left):
            self.cancel_hints()
        position = self.position if keep_position and self._doc.layout is not None else None
        if self._pending is not None:
            position, self._pending = self._pending, None
        layout = self._doc.lay_out(width)
        self._avail = available
        self._left = left
        self._repaint()
        self.virtual_size = Size(available, len(layout.rows) + BOTTOM_PAD)
        if position is not None:
            self.restore_position(position)
        self.refresh()
        self._post_position()

    def watch_measure(self) -> None:
        """Re-wrap for a new measure."""
        self._relayout()

    def _on_resize(self, event: Resize) -> None:
        if self.scrollable_content_region.width != self._avail or self._doc.layout is None:
            self._relayout()

    def notify_style_update(self) -> None:
        """Styles (or the theme) changed: rebuild styles and lines."""
        super().notify_style_update()
        self._line_styles.clear()
        self._repaint()

    # Positions

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
        position = self._doc.position_at(int(self.scroll_y))
        if position is None:
            return self._pending or TOP
        return position

    def restore_position(self, position: ReadingPosition) -> None:
        """Scroll so that `position` is on the top line."""
        if self._doc.layout is None:
            self._pending = position
            return
        y = self._doc.line_for_position(position)
        # force: a view that just got its content has no scrollbar yet
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def line_for_offset(self, block: int, offset: int = 0) -> int:
        """The line showing character `offset` of block `block` (of Article.blocks)."""
        return self._doc.line_for_offset(block, offset)

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

    def render_lines(self, crop: Region) -> list[Strip]:
        """Lay the article out first if it arrived before the view had a size
        (as on start-up), so that the first paint already shows the text
        rather than waiting for the Resize event and another paint."""
        if self._doc.layout is None and self._doc.units.units:
            self._relayout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """The strip for line `y` of the view."""
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        strip, _links = self._line(line)
        if strip.cell_length != width:
            strip = strip.crop_extend(0, width, self.rich_style)
        hints = self._picker.hints
        if hints is not None:
            styles = self._line_styles
            strip = hints.overlay(strip, line, styles.text("hint"), styles.text("hint-typed"))
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

    def _line(self, y: int) -> PaintedLine:
        """Document line `y` painted, from the cache when it was painted before.
        The cache is keyed by line alone: a change of width, find or theme makes a
        new painter and clears it (`_repaint`); hint labels are drawn over it."""
        cached = self._strips.get(y)
        if cached is None:
            cached = self._painter.paint(y)
            self._strips[y] = cached
        return cached

    def _repaint(self) -> None:
        """What the lines show changed (layout, find, theme): paint them anew."""
        styles, doc = self._line_styles, self._doc
        self._painter = LinePainter(styles, doc, left=self._left, width=self._avail)
        self._strips.clear()

    # Find in page

    @property
    def found(self) -> FindResults | None:
        """The matches of the last find, if any are shown."""
        return self._doc.found

    def find(self, query: str) -> FindResults:
        """Highlight every case-insensitive occurrence of `query`; the first
        at or after the top line becomes current and is scrolled into view."""
        results = self._doc.find(query, int(self.scroll_y))
        self._show_match(results.current_match)
        self._repaint()
        self.refresh()
        return results

    def find_step(self, step: int) -> Match | None:
        """Go to the next (+1) or previous (-1) match, wrapping around."""
        found = self._doc.found
        if found is None:
            return None
        match = found.step(step)
        self._show_match(match)
        self._repaint()
        self.refresh()
        return match

    def clear_find(self) -> None:
        """Take the highlights away."""
        if self._doc.found is None:
            return
        self._doc.found = None
        self._repaint()
        self.refresh()

    def line_of_match(self, match: Match) -> int:
        """The document line showing the start of `match`."""
        return self._doc.line_of_match(match)

    def _show_match(self, match: Match | None) -> None:
        """Scroll `match` into view (a third of the way down) unless it is on screen."""
        if match is None or self._doc.layout is None:
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
        return self._picker.hints is not None

    @property
    def hints(self) -> LinkHints | None:
        """The hints on screen, if any."""
        return self._picker.hints

    def start_hints(self, *, external: bool = False) -> int:
        """Label every link on screen; typing a label chooses that link
        (posts LinkChosen), escape cancels. Returns the number of labels."""
        return self._picker.start_links(external=external)

    def images_on_screen(self) -> list[ImageLine]:
        """The image lines ("[image: alt]") with a line on screen, top first."""
        top = self.scroll_offset.y
        return self._painter.images_between(top, top + self.scrollable_content_region.height)

    def start_image_hints(self, images: Sequence[ImageLine]) -> int:
        """Label `images`; typing a label chooses that image (LinkChosen with
        `image` set). Returns the number of labels."""
        return self._picker.start_images(images)

    def cancel_hints(self) -> None:
        """Take the hints away."""
        self._picker.cancel()

    def on_key(self, event: events.Key) -> None:
        """While hints are shown, keys choose a label (and nothing else)."""
        self._picker.key(event)

    def on_blur(self) -> None:
        """Hints only live while the view has the keyboard."""
        self.cancel_hints()

    def on_click(self, event: events.Click) -> None:
        """A click on a link chooses it."""
        self._picker.click(event)
