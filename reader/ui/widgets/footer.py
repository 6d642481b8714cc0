"""ReaderFooter: Textual's footer, showing as many keys as fit, the most
useful first, instead of cutting the last one in half."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Actions by how much a footer hint helps, most first; others come after
#: these, in their own order.
PRIORITY: tuple[str, ...] = (
    "help",
    "toggle_sidebar",
    "hint_links",
    "find",
    "find_step(1)",
    "history_back",
    "bookmark",
    "bookmarks",
    "search",
    "history_screen",
    "save_linked",
    "quit",
    "open_address",
    "reload",
    "open_in_browser",
    "next_theme",
)


def key_width(key: FooterKey) -> int:
    """Cells a (non-compact) footer key takes: " k " and "Description "."""
    width = cell_len(key.key_display) + 2
    if key.description:
        width += cell_len(key.description) + 1
    return width


class ReaderFooter(Footer):
    """A footer that drops its least useful keys when they do not all fit."""

    def compose(self) -> ComposeResult:
        """The keys that fit, in their usual order."""
        widgets = list(super().compose())
        width = self.size.width
        if width <= 0:
            yield from widgets
            return
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        palette = [k for k in keys if k.has_class("-command-palette")]
        budget = width - sum(key_width(k) + 1 for k in palette)
        order = {action: rank for rank, action in enumerate(PRIORITY)}
        ranked = sorted(
            (k for k in keys if k not in palette),
            key=lambda k: order.get(k.action, len(PRIORITY)),
        )
        keep: set[Widget] = set(palette)
        used = 0
        for key in ranked:
            used += key_width(key)
            if used > budget:
                break
            keep.add(key)
        yield from (w for w in widgets if not isinstance(w, FooterKey) or w in keep)

    _fitted_width = 0

    def on_resize(self, event: Resize) -> None:
        """Fit the keys to the new width."""
        if event.size.width != self._fitted_width:
            self._fitted_width = event.size.width
            self.call_after_refresh(self.recompose)
