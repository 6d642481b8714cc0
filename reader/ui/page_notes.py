"""What the app says about a page once it is shown: what checking a stored
copy with the server found.

That a page did not read as an article (a login wall, a page too short) is
no message: it is a quiet line in the page's own header (`article_note`),
so it comes and goes with the page, back and forward included, and never
stays over the next page as a toast did. Toasts are for events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.sanitize import clean_line
from reader.core.urls import shorten
from reader.ui.messages import PageRevalidated

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

UPDATED_NOTICE = "Updated: the page changed since it was saved."


def watch_unsaved(app: ReaderApp) -> None:
    """Say so when a page read could not be kept for offline (the library is
    read-only or full): the page is shown, and nothing claims it was saved."""

    def unsaved(url: str, why: str) -> None:
        text = f"Not kept for offline: {shorten(url, 60)}: {clean_line(why)}"
        app.call_from_thread(app.notify, text, severity="warning", markup=False, timeout=8)

    app.library.on_unsaved = unsaved


def show_revalidated(app: ReaderApp, message: PageRevalidated) -> None:
    """Show the newer copy (keeping the place) and say so; or quietly note
    that the saved copy is up to date, or that it is the offline copy."""
    fresh = message.fresh
    status = app.reading_screen.status_bar
    if fresh is None:
        status.show_copy(message.reading, " · up to date")
        return
    app.reading = fresh
    if fresh.offline:  # the server could not be reached: same article, offline badge
        status.show_copy(fresh)
        return
    screen = app.reading_screen
    screen.replace_article(fresh, app.link_marks.states(fresh.article))
    screen.status_bar.show_badge("updated", kind="updated")
    app.notify(clean_line(fresh.notice) or UPDATED_NOTICE, markup=False)
