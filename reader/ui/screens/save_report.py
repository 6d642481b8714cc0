"""SaveReportDialog: what "save linked stories" could not save, and why:
failures alike counted under one heading ("12 stories: could not connect"),
and with no network one line saying so instead of a line per story."""

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


def group_lines(heading: str, failures: Sequence[tuple[str, str]]) -> Content:
    """Failures alike: "12 stories: could not connect", then their addresses
    (plain text); a failure alone (no heading): its address and message."""
    if not heading:
        return Content("\n").join(failure_line(url, reason) for url, reason in failures)
    addresses = [(shorten(clean_line(url), 200), "$foreground-muted") for url, _ in failures]
    parts: list[tuple[str, str] | str] = [(clean_line(heading), "bold")]
    for address in addresses:
        parts += ["\n", address]
    return Content.assemble(*parts)


class SaveReportDialog(Dialog[None]):
    """The summary and the failures grouped by reason (most common first),
    with the addresses under each; enter or escape closes."""

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

    def __init__(
        self, summary: str, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]]
    ) -> None:
        super().__init__()
        self.summary = clean_line(summary)
        self.groups = [(heading, list(failures)) for heading, failures in groups]

    @property
    def failures(self) -> list[tuple[str, str]]:
        """Every failure listed, (address, message)."""
        return [failure for _, failures in self.groups for failure in failures]

    def compose(self) -> ComposeResult:
        """Title, summary, failures, keys."""
        with Vertical(id="save-report", classes="dialog"):
            yield Static(Content("Saving linked stories"), classes="dialog-title")
            yield Static(Content(self.summary), id="save-report-summary")
            if self.groups:
                with VerticalScroll(id="save-report-failures"):
                    for heading, failures in self.groups:
                        yield Static(group_lines(heading, failures), classes="save-failure")
            yield Static(Content("enter or esc to close"), classes="dialog-hint")

    def action_close(self) -> None:
        """Close the report."""
        self.dismiss(None)
