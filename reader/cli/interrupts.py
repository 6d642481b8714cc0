"""Ctrl+C during a long CLI job that can stop cleanly (`reader refresh`,
`reader bookmarks import --fetch`): the first sets the job's cancel event
(it ends after what is under way, and says what was done); a second cancels
the task at once. Not on Windows (no `add_signal_handler`): there Ctrl+C is
KeyboardInterrupt, which `reader.cli.main` turns into exit status 130."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable


def cancel_on_interrupt(cancel: asyncio.Event) -> Callable[[], bool]:
    """Ctrl+C sets `cancel`; a second one cancels the running task. Returns
    "was it us who cancelled the task?" (for its CancelledError)."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    cancelled = False

    def second() -> None:
        nonlocal cancelled
        cancelled = True
        if task is not None:
            task.cancel()

    def first() -> None:
        cancel.set()
        loop.add_signal_handler(signal.SIGINT, second)

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGINT, first)
    return lambda: cancelled


def forget_interrupt() -> None:
    """Ctrl+C does what it did before `cancel_on_interrupt`."""
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        asyncio.get_running_loop().remove_signal_handler(signal.SIGINT)
