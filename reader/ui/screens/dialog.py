"""Dialog: what the reader's small modal boxes share (a centred box over the
dimmed screen, a title, a hint line, one-line fields). Their styles live here,
parsed when a dialog first opens rather than at start-up."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import BindingType
from textual.screen import ModalScreen

from reader.ui.actions import SCOPE_DIALOG, bindings_for

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal box; subclasses compose a `.dialog` container."""

    #: Tab and shift+tab move between fields as the key is read (a priority
    #: binding), so that text typed fast after tab lands in the next field.
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_DIALOG)

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        .dialog {
            width: 72;
            max-width: 90%;
            height: auto;
            padding: 1 2;
            background: $surface;
            border: round $foreground 20%;
        }
        .dialog-title {
            text-style: bold;
            color: $text-accent;
            margin-bottom: 1;
        }
        .dialog-hint {
            color: $text-muted;
            margin-top: 1;
        }
        .field-label {
            color: $text-muted;
            margin-top: 1;
        }
        .field {
            border: none;
            height: 1;
            padding: 0 1;
            background: $foreground 8%;
            &:focus {
                border: none;
                background: $foreground 12%;
            }
        }
    }
    """

    def on_mount(self) -> None:
        """The keys of the dialog in a footer of its own, over the screen's."""
        from reader.ui.widgets.footer import ReaderFooter

        self.mount(ReaderFooter())

    def action_next_field(self, step: int) -> None:
        """Tab (1) or shift+tab (-1): the next or previous field, at once."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()
