"""SavePanel: one line over the status bar while linked stories are saved
for offline reading: "Saving linked stories 7/30", a progress bar, how to
cancel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from reader.ui.widgets.labels import set_label

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._total: int | None = None
        self._done = 0

    def compose(self) -> ComposeResult:
        """Label, bar, hint (as they stand: the screen mounts the panel when
        saving starts, so `start` may come first)."""
        yield Static(Content(self._text), id="save-label")
        yield ProgressBar(total=self._total, show_eta=False, show_percentage=False, id="save-bar")
        yield Static(Content(CANCEL_HINT), id="save-hint")

    def on_mount(self) -> None:
        """Show the progress made before the panel was mounted."""
        self.bar.update(total=self._total, progress=self._done)
        self.query_one("#save-label", Static).update(Content(self._text))

    @property
    def shown(self) -> bool:
        """Whether the panel is on screen."""
        return self.has_class("-shown")

    @property
    def bar(self) -> ProgressBar:
        """The progress bar."""
        return self.query_one("#save-bar", ProgressBar)

    @property
    def label(self) -> str:
        """The text before the bar."""
        return self._text

    def start(self, total: int | None) -> None:
        """Show the panel for `total` pages (None: not known yet)."""
        self.set_class(True, "-shown")
        self._progress(0, total)
        self._label(0, total)

    def advance(self, done: int, total: int) -> None:
        """`done` of `total` pages are finished."""
        self._progress(done, max(1, total))
        self._label(done, total)

    def cancelling(self) -> None:
        """Say that the save is being cancelled."""
        self._show_text("Cancelling…")

    def _progress(self, done: int, total: int | None) -> None:
        self._done, self._total = done, total
        if self.is_mounted:
            self.bar.update(total=total, progress=done)

    def _show_text(self, text: str) -> None:
        self._text = text
        if self.is_mounted:
            set_label(self.query_one("#save-label", Static), text)

    def finish(self) -> None:
        """Hide the panel."""
        self.set_class(False, "-shown")

    def _label(self, done: int, total: int | None) -> None:
        text = f"Saving linked stories {done}/{total}…" if total else "Saving linked stories…"
        self._show_text(text)
