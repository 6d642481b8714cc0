"""Extraction in worker processes, for saving many pages at once.

Extraction is CPU-bound Python (readability's scoring, our cleanup). Run in
threads, eight pages at once hold the interpreter lock for most of every
second and the reader's screen waits its turn to repaint; in another process
they run on another core and the screen never waits. The pool starts on first
use (a fresh interpreter: forking a process that runs threads is unsafe),
its workers' output goes to /dev/null so nothing they print reaches the
terminal, and when a worker cannot start or dies the work is done in a thread
instead.

Workers end with their parent. Each runs a watchdog thread that checks
`os.getppid()` every `_WATCH_SECONDS`: when the parent dies (kill -9
included) the worker is re-parented and exits at once, even in the middle of
a page. Linux's PR_SET_PDEATHSIG was not used: it fires when the parent
*thread* that started the worker ends, and the pool starts workers from
whichever thread submits first (a thread of `asyncio.to_thread`'s pool, which
ends when idle), so it would kill healthy workers; nor is it portable. A
pipe whose far end closes with the parent would need the spawn start method
to pass a file descriptor; the poll costs a few microseconds a second.
`close()` kills the workers, so quitting never waits for a page.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from multiprocessing import resource_tracker
from pathlib import Path

from reader.core.models import Article

__all__ = ["ExtractionPool", "batch_workers", "default_workers", "watch_parent"]


def default_workers() -> int:
    """One worker per core the UI does not need, between 1 and 4."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def batch_workers() -> int:
    """For commands with no screen to keep responsive (`reader refresh`,
    `reader fetch`): one worker per core, between 1 and 4."""
    return max(1, min(4, os.cpu_count() or 2))


_WATCH_SECONDS = 0.25
"""How often a worker checks that its parent is alive."""


def _quiet_worker(parent: int | None = None) -> None:
    """Worker start-up: no terminal for stdin, stdout or stderr, and a
    watchdog that ends the worker when `parent` (the pid that made the pool)
    is gone."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    if parent is not None:
        watch_parent(parent)


def watch_parent(parent: int, interval: float = _WATCH_SECONDS) -> threading.Thread:
    """Start a daemon thread that ends this process (os._exit, no clean-up:
    nobody is left to clean up for) once its parent is no longer `parent`."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    thread = threading.Thread(target=watch, name="reader-parent-watch", daemon=True)
    thread.start()
    return thread


@contextmanager
def _null_stderr() -> Iterator[None]:
    """sys.stderr is /dev/null for a moment. multiprocessing's helper process
    takes sys.stderr's file descriptor, and in the app that is Textual's
    capture, which has none (fileno -1): the helper could not start."""
    saved = sys.stderr
    with Path(os.devnull).open("w") as null:
        sys.stderr = null
        try:
            yield
        finally:
            sys.stderr = saved


def _extract(html: str, url: str | None) -> Article:
    from reader.core.extract.pipeline import extract_article

    return extract_article(html, url)


class ExtractionPool:
    """`await pool.extract(html, url)`: the article, extracted in a worker process."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self._executor: Executor | None = None
        self._broken = False

    @property
    def running(self) -> bool:
        """Whether work goes to worker processes (False: it falls back to threads)."""
        return not self._broken

    def _pool(self) -> Executor | None:
        if self._executor is None and not self._broken:
            try:
                with _null_stderr():
                    resource_tracker.ensure_running()
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_quiet_worker,
                    initargs=(os.getpid(),),
                )
            except (OSError, ValueError, RuntimeError):
                self._broken = True
        return self._executor

    async def extract(self, html: str, url: str | None) -> Article:
        """Extract in a worker process; in a thread if the pool cannot run."""
        executor = self._pool()
        if executor is not None:
            try:
                return await asyncio.get_running_loop().run_in_executor(
                    executor, _extract, html, url
                )
            except (BrokenProcessPool, OSError):
                # A worker died or could not start; the extractor's own errors
                # (ReaderError) are the caller's, as in a thread.
                self._broken = True
                self.close()
        return await asyncio.to_thread(_extract, html, url)

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (none before first use)."""
        processes = getattr(self._executor, "_processes", None) or {}
        return [int(pid) for pid in processes]

    def close(self) -> None:
        """Stop the workers at once: work not started is dropped, and a page
        being extracted is abandoned (its worker is killed), so that quitting
        never waits for a costly page."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with suppress(OSError, ValueError, AttributeError):
                process.kill()
