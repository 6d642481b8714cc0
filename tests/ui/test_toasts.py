"""Toasts are painted to the right edge of the terminal: Textual's invisible
ToastRack kept a 2-column scrollbar gutter beside them, where the screen
under the toast showed through (seen in tmux as an unpainted last column)."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from reader.ui.app import ReaderApp
from tests.ui.fakes import FakeLibrary, opened, sample_article, screen_lines, wait_until


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_a_toast_reaches_the_last_column(size: tuple[int, int]) -> None:
    library = FakeLibrary()
    article = sample_article()
    assert article.url
    library.articles[article.url] = article
    app = ReaderApp(library, source=article.url)
    async with app.run_test(size=size, notifications=True) as pilot:
        await opened(pilot, app, article.url)
        await pilot.press("t")  # next theme: an event, told by a toast
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause(0.3)  # the toast fades in
        toast = app.screen.query_one(Toast)
        assert toast.region.right == size[0]
        # the status bar's position ("All") under the toast is covered
        lines = screen_lines(app)
        rows = range(toast.region.y, toast.region.bottom)
        assert not any(lines[y].rstrip().endswith("All") for y in rows)
        assert all(lines[y][toast.region.x] == "▌" for y in rows)  # the toast's own edge
