"""Worker failures in one place.

Library calls raise `ReaderError` with a message for people; the UI shows
those where they happen (a status line, the error dialog). Anything else a
worker raises is a bug: Textual reports it to the worker's own node
(`Worker.StateChanged`, which does not bubble), the node hands it to
`forward_failure`, and the app's handler says what failed in one plain line
(`failure_message`) instead of a traceback, and the app keeps working.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from reader.core.errors import ReaderError
from reader.core.sanitize import clean_line
from reader.core.urls import shorten
from reader.ui.messages import WorkerFailed


def error_text(error: BaseException) -> str:
    """An error as one clean line: its message, or its type when it has none."""
    return shorten(clean_line(str(error)) or type(error).__name__, 300)


def failure_message(worker: Worker[object], error: BaseException) -> str:
    """What to tell the user: the library's own message for a `ReaderError`,
    else what was being done and the error."""
    if isinstance(error, ReaderError):
        return error_text(error)
    doing = worker.description or worker.group or "working"
    return f"Something went wrong while {doing}: {type(error).__name__}: {error_text(error)}"


def failed(event: Worker.StateChanged) -> BaseException | None:
    """The error of a worker that just failed, else None."""
    if event.state is not WorkerState.ERROR:
        return None
    return event.worker.error


def forward_failure(node: DOMNode, event: Worker.StateChanged) -> None:
    """Pass a failed worker of `node` (a screen or widget) up to the app."""
    error = failed(event)
    if error is not None:
        event.stop()
        node.post_message(WorkerFailed(event.worker, error))
