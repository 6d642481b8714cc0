"""Extraction in worker processes (pages saved in bulk): the same article as in
process, a thread when the pool cannot run, and a pool that starts inside the
app, where sys.stderr is Textual's capture with no file descriptor."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

import pytest

from reader.core.extract import workers
from reader.core.extract.pipeline import extract_article
from reader.core.extract.workers import ExtractionPool

T = TypeVar("T")

PAGE = (
    "<html><head><title>Ferry timetable changes - Harbour News</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav><article>"
    "<h1>Ferry timetable changes</h1>"
    + "".join(
        f"<p>Paragraph {i}: the winter timetable adds an early crossing on weekdays, "
        f"and the harbour office says the late boat stays as it is.</p>"
        for i in range(8)
    )
    + "</article></body></html>"
)
URL = "https://harbour.example/news/ferry"


def test_a_worker_process_extracts_the_same_article() -> None:
    async def run() -> tuple[object, bool]:
        pool = ExtractionPool(workers=1)
        try:
            article = await pool.extract(PAGE, URL)
            return article, pool.running
        finally:
            pool.close()

    article, running = asyncio.run(run())
    assert running
    assert article == extract_article(PAGE, URL)


def test_a_pool_that_cannot_start_falls_back_to_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(workers, "ProcessPoolExecutor", refuse)
    pool = ExtractionPool(workers=1)
    article = asyncio.run(pool.extract(PAGE, URL))
    assert not pool.running
    assert article.title == "Ferry timetable changes" and "early crossing" in article.text


def test_the_pool_starts_when_stderr_has_no_file_descriptor() -> None:
    # As in the app: Textual's print capture answers fileno() with -1, which
    # multiprocessing's helper process could not be given.
    script = textwrap.dedent(
        """
        import asyncio, io, sys
        from reader.core.extract.workers import ExtractionPool

        class Capture(io.StringIO):
            def fileno(self) -> int:
                return -1

        async def main() -> None:
            pool = ExtractionPool(workers=1)
            article = await pool.extract(
                "<html><body><article><h1>T</h1>" + "<p>words and more words</p>" * 20
                + "</article></body></html>", "https://x.example/a")
            pool.close()
            print(pool.running, "words" in article.text, file=sys.__stdout__)

        if __name__ == "__main__":
            sys.stderr = Capture()
            asyncio.run(main())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.split() == ["True", "True"], done.stderr[-2000:]


def test_a_worker_that_dies_leaves_the_work_to_a_thread() -> None:
    class DeadPool(Executor):
        def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
            raise BrokenProcessPool("a worker died")

    pool = ExtractionPool(workers=1)
    pool._executor = DeadPool()
    article = asyncio.run(pool.extract(PAGE, URL))
    assert not pool.running
    assert article == extract_article(PAGE, URL)
