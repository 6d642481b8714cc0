"""What the app says about a page once it is shown: that a page did not
read as an article (unless it is an index page, shown as its list of
stories), and what checking a stored copy with the server found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.records import Reading
from reader.core.sanitize import clean_line
from reader.ui.messages import PageRevalidated

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

UPDATED_NOTICE = "Updated: the page changed since it was saved."


def tell_warnings(app: ReaderApp, reading: Reading) -> None:
    """The page did not read as an article (a login wall, a page too short):
    say so rather than pass off whatever was found as the story. An index
    page is shown as its stories instead, and needs no warning."""
    if reading.article.warnings and not reading.stories:
        app.notify(
            " ".join(reading.article.warnings),
            title="This may not be the whole article",
            severity="warning",
            markup=False,
            timeout=8,
        )


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
