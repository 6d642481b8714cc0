"""AddressDialog (c): the address of the page on screen, whole; y copies
it, o opens the open box with it filled in, escape or enter closes."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reader.core.sanitize import clean_line
from reader.ui.actions import SCOPE_ADDRESS, bindings_for
from reader.ui.screens.dialog import Dialog

#: What the dialog was closed with: copy the address, edit it in the open box.
AddressChoice = Literal["copy", "edit"]


class AddressDialog(Dialog[AddressChoice | None]):
    """Shows an address (plain text, wrapped). Dismisses with a choice, or None."""

    DEFAULT_CSS = """
    AddressDialog {
        #address-text { width: 1fr; color: $text; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_ADDRESS)

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = clean_line(url)

    def compose(self) -> ComposeResult:
        """Title, the address, keys."""
        with Vertical(id="address-dialog", classes="dialog"):
            yield Static(Content("The page's address"), classes="dialog-title")
            yield Static(Content(self.url), id="address-text", markup=False)
            yield Static(
                Content("y copy · o open another (this one filled in) · esc close"),
                classes="dialog-hint",
            )

    def action_choose(self, choice: AddressChoice | None) -> None:
        """Close with `choice` (None: just close)."""
        self.dismiss(choice)
