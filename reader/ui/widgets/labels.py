"""One-line labels that redraw only what changed.

`Static.update` asks for a layout pass by default: the whole screen is
arranged again and every region that moved is redrawn. A status label that
changes on every scroll step (the position) or on every saved page (the save
progress) only needs that when its width changes.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static


def set_label(label: Static, text: str) -> None:
    """Show `text` (already clean, one line) in `label`: nothing happens when it
    is unchanged, and a layout pass only when its width changes."""
    old = str(label.content)
    if old == text:
        return
    label.update(Content(text), layout=cell_len(old) != cell_len(text))
