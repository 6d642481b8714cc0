"""OpenURLDialog: type an address (or a file path) to open, with history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from reader.core.errors import BadURL
from reader.ui.actions import SCOPE_OPEN, bindings_for
from reader.ui.addresses import resolve_user_source
from reader.ui.screens.dialog import Dialog


class OpenURLDialog(Dialog[str | None]):
    """Asks for an address. Dismisses with the normalized source, or None.

    Up and down recall earlier entries (`history`, oldest first); `suggestions`
    (recent pages) complete as you type; `current` (the page's address) is
    filled in and selected, so that typing replaces it and the arrows edit it.
    """

    DEFAULT_CSS = """
    OpenURLDialog {
        #open-error {
            display: none;
            color: $text-error;
            padding: 0 1;
            margin-top: 1;
        }
        #open-error.-shown { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_OPEN)

    def __init__(
        self,
        history: Sequence[str] = (),
        suggestions: Sequence[str] = (),
        *,
        current: str | None = None,
    ) -> None:
        super().__init__()
        self.current = current or ""
        self.history = list(history)
        self._index = len(self.history)
        self._draft = ""
        seen: dict[str, None] = {}
        for item in [*reversed(self.history), *suggestions]:
            seen.setdefault(item, None)
        self._suggestions = list(seen)

    def compose(self) -> ComposeResult:
        """Title, input, error line, hint."""
        with Vertical(id="open-dialog", classes="dialog"):
            yield Static(Content("Open a page"), classes="dialog-title")
            yield Input(
                self.current,
                placeholder="https://… or a file path",
                suggester=SuggestFromList(self._suggestions, case_sensitive=False),
                id="open-input",
                classes="field",
            )
            yield Static("", id="open-error", markup=False)
            yield Static(
                Content("enter open · esc cancel · ↑↓ earlier addresses"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        """The page's address, when there is one, selected."""
        if self.current:
            self.input.select_all()

    @property
    def input(self) -> Input:
        """The address input."""
        return self.query_one("#open-input", Input)

    def show_error(self, message: str) -> None:
        """Show why the address was refused (plain text)."""
        error = self.query_one("#open-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Validate; open on success, explain on failure."""
        event.stop()
        try:
            source = resolve_user_source(event.value)
        except BadURL as exc:
            self.show_error(exc.message)
            return
        self.dismiss(source)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing clears the error."""
        if self.query_one("#open-error", Static).has_class("-shown"):
            self.show_error("")

    def action_history(self, step: int) -> None:
        """Recall the previous (-1) or next (+1) entry of the history."""
        if not self.history:
            return
        if self._index == len(self.history):
            self._draft = self.input.value
        index = min(len(self.history), max(0, self._index + step))
        if index == self._index:
            return
        self._index = index
        value = self.history[index] if index < len(self.history) else self._draft
        self.input.value = value
        self.input.cursor_position = len(value)

    def action_cancel(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
