"""ConfirmDialog: a short yes/no question; enter confirms, escape declines."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reader.core.sanitize import clean_line, strip_controls
from reader.ui.actions import SCOPE_CONFIRM, bindings_for
from reader.ui.screens.dialog import Dialog


class ConfirmDialog(Dialog[bool]):
    """Asks a question (plain text). Dismisses with True (enter) or False (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_CONFIRM)

    def __init__(self, title: str, message: str, hint: str = "enter yes · esc no") -> None:
        super().__init__()
        self.title_text = clean_line(title)
        self.message = strip_controls(message).strip()
        self.hint = hint

    def compose(self) -> ComposeResult:
        """Title, message, keys."""
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(self.message), id="confirm-message")
            yield Static(Content(self.hint), classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)
