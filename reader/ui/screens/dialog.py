"""Dialog: what the reader's small modal boxes share (a centred box over the
dimmed screen, a title, a hint line, one-line fields). Their styles live here,
parsed when a dialog first opens rather than at start-up."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal box; subclasses compose a `.dialog` container."""

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
