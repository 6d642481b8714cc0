"""FindBar: the find-in-page box at the bottom of the reading screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from reader.ui.actions import SCOPE_FIND, bindings_for


class FindBar(Horizontal):
    """ "Find: [query]"; the screen searches as the query changes. Enter
    keeps the highlights and returns to the article; escape clears them."""

    DEFAULT_CSS = """
    FindBar {
        display: none;
        height: 1;
        padding: 0 1;
        background: $foreground 5%;
        &.-shown { display: block; }
        #find-label { width: auto; height: 1; color: $text-accent; padding-right: 1; }
        #find-input {
            width: 1fr; height: 1; border: none; padding: 0; background: transparent;
            &:focus { border: none; background-tint: $foreground 0%; }
        }
        #find-hint { width: auto; height: 1; color: $text-muted; padding-left: 2; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_FIND)

    class Cancelled(Message):
        """Escape in the box: close it and clear the highlights."""

    @dataclass(eq=False, repr=False)
    class Changed(Message):
        """The query changed: find as you type."""

        query: str

    @dataclass(eq=False, repr=False)
    class Submitted(Message):
        """Enter: back to the article, keeping the highlights."""

        query: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._opening: str | None = None
        """The query to fill in once mounted (the screen mounts the bar when
        it is first opened)."""

    def compose(self) -> ComposeResult:
        """Label, box, hint."""
        yield Static(Content("Find:"), id="find-label")
        yield Input(placeholder="text in this article", id="find-input")
        yield Static(Content("enter keep · n/N next/prev · esc clear"), id="find-hint")

    @property
    def input(self) -> Input:
        """The query box."""
        return self.query_one("#find-input", Input)

    @property
    def shown(self) -> bool:
        """Whether the bar is on screen."""
        return self.has_class("-shown")

    def open(self, query: str = "") -> None:
        """Show the bar with `query` (selected, so typing replaces it)."""
        self.set_class(True, "-shown")
        if self.is_mounted:
            self._fill(query)
        else:
            self._opening = query

    def on_mount(self) -> None:
        """Opened before it was mounted: fill the box now."""
        if self._opening is not None and self.shown:
            self._fill(self._opening)
        self._opening = None

    def _fill(self, query: str) -> None:
        box = self.input
        box.value = query
        box.focus()
        if query:
            box.select_all()

    def close(self) -> None:
        """Hide the bar."""
        self.set_class(False, "-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Pass the query on to the screen."""
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the box."""
        event.stop()
        self.post_message(self.Submitted(event.value))

    def action_cancel(self) -> None:
        """Escape: close and clear."""
        self.post_message(self.Cancelled())
