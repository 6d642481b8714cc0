"""ReaderFooter: one line of key hints, as many as fit, the most useful first.

Where printable keys type text (a box has the keyboard, or the screen sends
typing to its box: `reader.ui.typing`) the keys that are characters are left
out: only keys that work there are offered.

A single widget that renders its line as text (Textual's Footer mounts a
widget per key and rebuilds them all whenever the bindings change, which
costs a good part of start-up); the command palette key sits at the right.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from reader.ui.actions import footer_rank
from reader.ui.typing import is_printable_key, types_text

_GAP = 2


def hint_width(key: str, description: str) -> int:
    """Cells one hint takes: "k Description" and the gap after it."""
    return cell_len(key) + 1 + cell_len(description) + _GAP


class ReaderFooter(Widget):
    """Key hints for the screen underneath: those that fit, best first, shown
    in the bindings' own order."""

    DEFAULT_CSS = """
    ReaderFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader-footer--key",
        "reader-footer--description",
        "reader-footer--disabled",
    }
    DEFAULT_CSS += """
    ReaderFooter > .reader-footer--key { color: $footer-key-foreground; text-style: bold; }
    ReaderFooter > .reader-footer--description { color: $footer-description-foreground; }
    ReaderFooter > .reader-footer--disabled { color: $text-disabled; }
    """

    def on_mount(self) -> None:
        """Redraw whenever the screen's bindings change."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def _hints(self) -> tuple[list[tuple[str, str, bool, int | None]], tuple[str, str] | None]:
        """(key, description, enabled, footer rank) per shown action, in binding
        order, and the command palette's hint."""
        hints: list[tuple[str, str, bool, int | None]] = []
        palette: tuple[str, str] | None = None
        typing = types_text(self.screen)
        # One hint per action, where its key's binding is; its key: a
        # character key first ("q", not "ctrl+q", when both quit), unless
        # characters type here.
        chosen: dict[str, tuple[int, Binding, bool]] = {}
        bindings = self.screen.active_bindings.values()
        for index, (_node, binding, enabled, _tooltip) in enumerate(bindings):
            if not isinstance(binding, Binding) or not binding.show:
                continue
            if binding.action in {"app.command_palette", "command_palette"}:
                palette = (self.app.get_key_display(binding), binding.description or "palette")
                continue
            printable = is_printable_key(binding.key)
            if typing and printable:
                continue
            held = chosen.get(binding.action)
            if held is None or (printable and not is_printable_key(held[1].key)):
                chosen[binding.action] = (index, binding, enabled)
        for _index, binding, enabled in sorted(chosen.values(), key=lambda item: item[0]):
            key = self.app.get_key_display(binding)
            hints.append((key, binding.description, enabled, footer_rank(binding.id)))
        if palette is None and self.app.ENABLE_COMMAND_PALETTE:
            palette = ("^p", "palette")
        return hints, palette

    def render(self) -> Text:
        """The hints that fit in the width, best first, in binding order."""
        hints, palette = self._hints()
        width = self.content_region.width
        budget = width - (hint_width(*palette) if palette else 0)
        keep: set[int] = set()
        used = 0
        unranked = 1 + max((hint[3] or 0 for hint in hints), default=0)
        for index in sorted(range(len(hints)), key=lambda i: hints[i][3] or unranked):
            key, description, _, _ = hints[index]
            needed = hint_width(key, description)
            if used + needed > budget:
                break
            used += needed
            keep.add(index)
        key_style = self.get_component_rich_style("reader-footer--key")
        description_style = self.get_component_rich_style("reader-footer--description")
        disabled_style = self.get_component_rich_style("reader-footer--disabled")
        line = Text(no_wrap=True, overflow="crop")
        for index, (key, description, enabled, _) in enumerate(hints):
            if index not in keep:
                continue
            line.append(key, key_style if enabled else disabled_style)
            line.append(" " + description, description_style if enabled else disabled_style)
            line.append(" " * _GAP)
        if palette is not None:
            room = width - line.cell_len - hint_width(*palette) + _GAP
            line.append(" " * max(1, room))
            line.append(palette[0], key_style)
            line.append(" " + palette[1], description_style)
        return line
