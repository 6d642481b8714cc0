"""p: save the stories linked from the page on screen for offline reading,
in an async worker, with a progress panel, cancel (p or escape) and a summary."""

from __future__ import annotations

import asyncio

from textual import work

from reader.core.errors import ReaderError
from reader.core.models import Article
from reader.core.sanitize import clean_line
from reader.ui.app_base import ReaderBase
from reader.ui.protocols import SaveProgressLike
from reader.ui.screens.reading import SaveCancelRequested

#: Seconds between updates of the sidebar's saved marks while saving.
MARK_INTERVAL = 0.5


class SaveActions(ReaderBase):
    """p, and escape while saving."""

    def action_save_linked(self) -> None:
        """Save the stories linked from the page for offline reading (p again cancels)."""
        if self.saving is not None:
            self.cancel_save()
        elif self.reading is not None:
            self._save_linked(self.reading.article)

    def on_save_cancel_requested(self, message: SaveCancelRequested) -> None:
        """Escape on the reading screen while saving."""
        self.cancel_save()

    def cancel_save(self) -> None:
        """Stop saving linked stories (pages under way are dropped)."""
        if self.saving is not None and not self.saving.is_set():
            self.saving.set()
            self.reading_screen.save_panel.cancelling()

    @work(group="save", exit_on_error=False)
    async def _save_linked(self, article: Article) -> None:
        """Count, confirm if many, save with progress, then summarise."""
        from reader.ui.saving import CONFIRM_ABOVE, plan_save, save_question, summarize

        try:
            plan = await asyncio.to_thread(plan_save, self.library, article, self.save_limit)
        except Exception as exc:
            self.notify(f"Could not save: {clean_line(str(exc))}", severity="error", markup=False)
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
            if not await self.push_screen_wait(question):
                return
        if self.saving is not None:
            return
        cancel = asyncio.Event()
        self.saving = cancel
        self.refresh_bindings()
        panel = self.reading_screen.save_panel
        panel.start(plan.count)
        # The sidebar's marks are set a few at a time: each mark redraws the
        # whole list, and a page saved every 30 ms would keep the screen busy.
        saved: list[str] = []

        def mark_saved() -> None:
            screen = self.reading_screen
            for url in saved:
                screen.mark_link(url, "saved")
            saved.clear()

        marker = self.set_interval(MARK_INTERVAL, mark_saved)

        def progress(report: SaveProgressLike) -> None:
            panel.advance(report.done, report.total)
            if report.ok:
                saved.append(report.url)

        try:
            summary = await self.library.save_linked(
                article, limit=self.save_limit, progress=progress, cancel=cancel
            )
        except ReaderError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        except Exception as exc:
            detail = clean_line(str(exc)) or type(exc).__name__
            self.notify(f"Saving stopped: {detail}", severity="error", markup=False)
            return
        finally:
            marker.stop()
            mark_saved()
            panel.finish()
            self.saving = None
            self.refresh_bindings()
        self._refresh_link_marks()
        text = summarize(summary, plan.count)
        if summary.failed:
            from reader.ui.screens.save_report import SaveReportDialog

            self.push_screen(SaveReportDialog(text, summary.failed))
        else:
            self.notify(text, markup=False)

    def _refresh_link_marks(self) -> None:
        """Mark the sidebar's links as the library now knows them."""
        if self.reading is None:
            return
        screen = self.reading_screen
        for url, state in self.link_states(self.reading.article).items():
            screen.mark_link(url, state)
