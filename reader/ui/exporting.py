"""`e`: the story on screen written to a Markdown file (the library's
`export_story_markdown`, in a thread worker), and a message with where it
went, or why it could not be (not stored for offline, a disk that refuses).
Messages are plain text: the path holds words of the story's title."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import NotSaved, ReaderError
from reader.core.records import Reading
from reader.core.sanitize import clean_line
from reader.core.urls import is_followable
from reader.ui.failures import error_text

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp
    from reader.ui.contract import LibraryLike

NOT_STORED = "Not exported: this story is not stored for offline reading."


def story_address(reading: Reading) -> str:
    """The address the story on screen is stored under."""
    for url in (reading.page.url, reading.source, reading.article.url):
        if url and is_followable(url):
            return url
    return reading.source


def shown_path(path: Path) -> str:
    """`path` as shown: "~/..." under the home folder, on one line."""
    try:
        return clean_line("~/" + str(path.relative_to(Path.home())))
    except (ValueError, RuntimeError):
        return clean_line(str(path))


def export_story(app: ReaderApp) -> None:
    """Export the story on screen to Markdown (nothing without one)."""
    if app.reading is None:
        return
    work = partial(_export, app, app.library, story_address(app.reading))
    app.run_worker(
        work, thread=True, group="export", exit_on_error=False, description="exporting the story"
    )


def _export(app: ReaderApp, library: LibraryLike, url: str) -> None:
    """Write the file (in a thread), then say where, or why not."""
    try:
        path = library.export_story_markdown(url)
    except NotSaved:
        app.call_from_thread(app.notify, NOT_STORED, severity="warning", markup=False)
        return
    except ReaderError as exc:
        text = f"Could not export the story: {error_text(exc)}"
        app.call_from_thread(app.notify, text, severity="error", markup=False)
        return
    text = f"Exported to {shown_path(path)}"
    app.call_from_thread(app.notify, text, markup=False, timeout=8)
