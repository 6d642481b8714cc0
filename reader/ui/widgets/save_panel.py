"""SavePanel: saving the stories linked from the page for offline reading,
and its one line over the status bar while it runs ("Saving linked stories
7/30", a progress bar, how to cancel).

The panel owns the save: it counts what there is to save, asks before a
large save, runs the library's save in its worker, posts `LinksSaved` (a
few at a time, for the sidebar's marks) and `SaveFinished` as it goes, and
says what was saved at the end. p or escape cancels it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static
from textual.worker import Worker

from reader.core.errors import ReaderError
from reader.core.models import Article
from reader.core.records import SaveProgress, SaveSummary
from reader.ui.failures import error_text, forward_failure
from reader.ui.messages import LinksSaved, SaveFinished
from reader.ui.saving import CONFIRM_ABOVE, failure_groups, plan_save, save_question, summarize
from reader.ui.widgets.labels import set_label

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike

CANCEL_HINT = "p or esc cancels"
#: Seconds between batches of saved marks: each mark redraws the whole
#: sidebar, and a page saved every 30 ms would keep the screen busy.
MARK_INTERVAL = 0.5


class SavePanel(Horizontal):
    """Saves linked stories; shows the progress while it does."""

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
        self._cancel: asyncio.Event | None = None

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

    # Saving

    @property
    def busy(self) -> bool:
        """Whether a save is under way (from its start to its summary)."""
        return self._cancel is not None

    def save(self, library: LibraryLike, article: Article, limit: int) -> None:
        """Save the stories linked from `article` (at most `limit`)."""
        if not self.busy:
            self._save(library, article, limit)

    def cancel(self) -> None:
        """Stop saving (pages under way are dropped)."""
        if self._cancel is not None and not self._cancel.is_set():
            self._cancel.set()
            self._show_text("Cancelling…")

    @work(group="save", exit_on_error=False, description="saving linked stories")
    async def _save(self, library: LibraryLike, article: Article, limit: int) -> None:
        """Count, confirm if many, save with progress, then report."""
        try:
            plan = await asyncio.to_thread(plan_save, library, article, limit)
        except ReaderError as exc:
            self.notify(f"Could not save: {error_text(exc)}", severity="error", markup=False)
            return
        if plan.linked == 0:
            self.notify("This page links to no stories.", markup=False, timeout=3)
            return
        if plan.count == 0:
            self.notify("Every story linked from this page is saved already.", markup=False)
            return
        if plan.count > CONFIRM_ABOVE:
            from reader.ui.screens.confirm import ConfirmDialog

            question = ConfirmDialog("Save linked stories", save_question(plan))
            if not await self.app.push_screen_wait(question) or self.busy:
                return
        self._cancel = cancel = asyncio.Event()
        self._busy_changed()
        self.start(plan.count)
        saved: list[str] = []

        def post_marks() -> None:
            if saved:
                self.post_message(LinksSaved(list(saved)))
                saved.clear()

        marker = self.set_interval(MARK_INTERVAL, post_marks)

        def progress(report: SaveProgress) -> None:
            self.advance(report.done, report.total)
            if report.ok:
                saved.append(report.url)

        try:
            summary = await library.save_linked(
                article, limit=limit, progress=progress, cancel=cancel, queue=True
            )
        except ReaderError as exc:
            self.notify(error_text(exc), severity="warning", markup=False)
            return
        finally:
            marker.stop()
            post_marks()
            self.finish()
            self._cancel = None
            self._busy_changed()
            self.post_message(SaveFinished())
        self._report(summary, plan.count)

    def _report(self, summary: SaveSummary, planned: int) -> None:
        """Say what was saved: a message, or a report listing the failures."""
        text = summarize(summary, planned)
        if summary.failed:
            from reader.ui.screens.save_report import SaveReportDialog

            self.app.push_screen(SaveReportDialog(text, failure_groups(summary)))
        else:
            self.notify(text, markup=False)

    def _busy_changed(self) -> None:
        """The keys that depend on saving (p cancels, escape) change."""
        self.app.refresh_bindings()
        self.screen.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure goes to the app's one handler."""
        forward_failure(self, event)

    # The progress line

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

    def finish(self) -> None:
        """Hide the panel."""
        self.set_class(False, "-shown")

    def _progress(self, done: int, total: int | None) -> None:
        self._done, self._total = done, total
        if self.is_mounted:
            self.bar.update(total=total, progress=done)

    def _show_text(self, text: str) -> None:
        self._text = text
        if self.is_mounted:
            set_label(self.query_one("#save-label", Static), text)

    def _label(self, done: int, total: int | None) -> None:
        text = f"Saving linked stories {done}/{total}…" if total else "Saving linked stories…"
        self._show_text(text)
