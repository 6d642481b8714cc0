"""ErrorDialog: says what went wrong; enter or escape dismisses it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reader.core.sanitize import clean_line, strip_controls
from reader.ui.actions import SCOPE_ERROR, bindings_for
from reader.ui.screens.dialog import Dialog


class ErrorDialog(Dialog[None]):
    """A modal message about a failure. The message is plain text, never markup."""

    DEFAULT_CSS = """
    ErrorDialog {
        #error-dialog { border: round $error 60%; }
        #error-message { width: 1fr; }
        #error-dialog .dialog-title { color: $text-error; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_ERROR)

    def __init__(self, message: str, title: str = "Could not open the page") -> None:
        super().__init__()
        self.title_text = clean_line(title)
        self.message = strip_controls(message).strip()

    def compose(self) -> ComposeResult:
        """Title, message, hint."""
        with Vertical(id="error-dialog", classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(self.message), id="error-message", markup=False)
            yield Static(Content("enter or esc to close"), classes="dialog-hint")

    def action_dismiss_error(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
