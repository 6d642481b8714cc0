"""SavePanel: one line over the status bar while linked stories are saved
for offline reading: "Saving linked stories 7/30", a progress bar, how to
cancel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

CANCEL_HINT = "p or esc cancels"


class SavePanel(Horizontal):
    """Progress of saving linked stories; hidden when nothing is being saved."""

    DEFAULT_CSS = """
    SavePanel {
        display: none;
        height: 1;
        padding: 0 1;
        background: $foreground 5%;
        color: $text-muted;
        &.-shown { display: block; }
        #save-label { width: auto; height: 1; padding-right: 2; color: $foreground; }
        #save-bar { width: 1fr; height: 1; }
        #save-bar Bar { width: 1fr; }
        #save-hint { width: auto; height: 1; padding-left: 2; }
    }
    """

    def compose(self) -> ComposeResult:
        """Label, bar, hint."""
        yield Static("", id="save-label", markup=False)
        yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="save-bar")
        yield Static(Content(CANCEL_HINT), id="save-hint")

    @property
    def bar(self) -> ProgressBar:
        """The progress bar."""
        return self.query_one("#save-bar", ProgressBar)

    @property
    def label(self) -> str:
        """The text before the bar."""
        return str(self.query_one("#save-label", Static).content)

    def start(self, total: int | None) -> None:
        """Show the panel for `total` pages (None: not known yet)."""
        self.set_class(True, "-shown")
        self.bar.update(total=total, progress=0)
        self._label(0, total)

    def advance(self, done: int, total: int) -> None:
        """`done` of `total` pages are finished."""
        self.bar.update(total=max(1, total), progress=done)
        self._label(done, total)

    def cancelling(self) -> None:
        """Say that the save is being cancelled."""
        self.query_one("#save-label", Static).update(Content("Cancelling…"))

    def finish(self) -> None:
        """Hide the panel."""
        self.set_class(False, "-shown")

    def _label(self, done: int, total: int | None) -> None:
        text = f"Saving linked stories {done}/{total}…" if total else "Saving linked stories…"
        self.query_one("#save-label", Static).update(Content(text))
