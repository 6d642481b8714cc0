"""Quitting never waits for a costly page: closing the library (what the
app does as it quits) cancels an extraction in progress, which stops at its
next checkpoint instead of running to its end."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from reader.core.extract import pipeline
from reader.core.extract.limits import ExtractionCancelled, begin
from reader.core.paths import resolve_paths
from reader.library import Library


def costly_page(path: Path, elements: int = 6000) -> Path:
    """A page of thousands of blocks with long class names: seconds of work."""
    blocks = "".join(
        f'<div class="{"c" * 1100}{i}"><p>Words of paragraph {i} in a long page.</p></div>'
        for i in range(elements)
    )
    path.write_text(f"<html><head><title>T</title></head><body>{blocks}</body></html>")
    return path


@pytest.mark.parametrize("how", ["close", "close twice"])
async def test_closing_the_library_cancels_a_running_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    page = costly_page(tmp_path / "costly.html")
    started = threading.Event()

    def begin_and_say() -> None:
        begin()
        started.set()

    monkeypatch.setattr(pipeline, "begin", begin_and_say)
    library = Library(paths=resolve_paths(tmp_path / "home"), offline=True)
    opening = asyncio.create_task(library.open(str(page)))
    assert await asyncio.to_thread(started.wait, 60), "the extraction never started"
    await library.close()
    if how == "close twice":
        await library.close()
    with pytest.raises(ExtractionCancelled):
        await asyncio.wait_for(opening, 60)  # a guard against a hang, not a timing


async def test_an_extraction_after_a_close_runs(tmp_path: Path) -> None:
    """Cancelling is for the extractions running then, not the next ones."""
    page = tmp_path / "small.html"
    page.write_text("<html><body><article><p>" + "A plain sentence. " * 80 + "</p></article>")
    first = Library(paths=resolve_paths(tmp_path / "a"), offline=True)
    await first.close()
    second = Library(paths=resolve_paths(tmp_path / "b"), offline=True)
    try:
        reading = await second.open(str(page))
        assert "plain sentence" in reading.article.text
    finally:
        await second.close()
