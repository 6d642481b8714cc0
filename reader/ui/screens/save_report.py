"""SaveReportDialog: what "save linked stories" could not save, and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.core.sanitize import clean_line
from reader.core.urls import shorten
from reader.ui.actions import SCOPE_SAVE_REPORT, bindings_for
from reader.ui.screens.dialog import Dialog


def failure_line(url: str, reason: str) -> Content:
    """The address, then the reason under it (plain text)."""
    return Content.assemble(
        (shorten(clean_line(url), 200), "bold"), "\n", (clean_line(reason), "$foreground-muted")
    )


class SaveReportDialog(Dialog[None]):
    """The summary and the failures, one per entry; enter or escape closes."""

    DEFAULT_CSS = """
    SaveReportDialog {
        #save-report-failures {
            height: auto;
            max-height: 14;
            margin-top: 1;
        }
        .save-failure { margin-bottom: 1; }
        .save-failure:last-of-type { margin-bottom: 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_SAVE_REPORT)

    def __init__(self, summary: str, failures: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.summary = clean_line(summary)
        self.failures = list(failures)

    def compose(self) -> ComposeResult:
        """Title, summary, failures, keys."""
        with Vertical(id="save-report", classes="dialog"):
            yield Static(Content("Saving linked stories"), classes="dialog-title")
            yield Static(Content(self.summary), id="save-report-summary")
            with VerticalScroll(id="save-report-failures"):
                for url, reason in self.failures:
                    yield Static(failure_line(url, reason), classes="save-failure")
            yield Static(Content("enter or esc to close"), classes="dialog-hint")

    def action_close(self) -> None:
        """Close the report."""
        self.dismiss(None)
