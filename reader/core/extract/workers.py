"""Extraction in worker processes, for saving many pages at once.

Extraction is CPU-bound Python (readability's scoring, our cleanup). Run in
threads, eight pages at once hold the interpreter lock for most of every
second and the reader's screen waits its turn to repaint; in another process
they run on another core and the screen never waits. The pool starts on first
use (a fresh interpreter: forking a process that runs threads is unsafe),
its workers' output goes to /dev/null so nothing they print reaches the
terminal, and when a worker cannot start or dies the work is done in a thread
instead.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import resource_tracker
from pathlib import Path

from reader.core.models import Article

__all__ = ["ExtractionPool", "batch_workers", "default_workers"]


def default_workers() -> int:
    """One worker per core the UI does not need, between 1 and 4."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def batch_workers() -> int:
    """For commands with no screen to keep responsive (`reader refresh`,
    `reader fetch`): one worker per core, between 1 and 4."""
    return max(1, min(4, os.cpu_count() or 2))


def _quiet_worker() -> None:
    """Worker start-up: no terminal for stdin, stdout or stderr."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


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

    def close(self) -> None:
        """Stop the workers (work not started is dropped)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
