"""HangingPrompt: a gutter (a number, a mark) and text that wraps under itself."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class HangingPrompt(Visual):
    """Draws `gutter` on the first line and wraps `body` in the space to its
    right, so that wrapped lines stay clear of the gutter."""

    def __init__(self, gutter: Content, body: Content) -> None:
        self.gutter = gutter
        self.body = body
        self.indent = cell_len(gutter.plain)

    def _body_width(self, width: int) -> int:
        return max(1, width - self.indent)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The gutter, then the wrapped body lines."""
        body_width = self._body_width(width)
        rich_style = style.rich_style
        lines = self.body.render_strips(body_width, None, style, options) or [Strip.blank(0)]
        gutter = self.gutter.render_strips(self.indent, 1, style, options)[:1] or [Strip.blank(0)]
        first = gutter[0].crop_extend(0, self.indent, rich_style)
        blank = Strip.blank(self.indent, rich_style)
        strips = [
            Strip.join([blank if index else first, line.crop_extend(0, body_width, rich_style)])
            for index, line in enumerate(lines)
        ]
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """Gutter plus the unwrapped body."""
        return self.indent + self.body.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """Gutter plus the longest word."""
        return self.indent + self.body.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Lines of the wrapped body."""
        return max(1, self.body.get_height(rules, self._body_width(width)))
