"""The reading screen uses the terminal: the sidebar grows with it (up to a
third of the width, never under its configured width) and the article's
text column stays at the chosen measure; narrow terminals get the sidebar
over the article, folded at first."""

from __future__ import annotations

from typing import Any

import pytest

from reader.config import Config
from reader.ui.app import ReaderApp
from reader.ui.widgets.sidebar import SIDEBAR_WIDTH, sidebar_placement
from tests.ui.fakes import opened, screen_lines
from tests.ui.test_story_numbers import PAGE, demo_library


def demo_app(**options: Any) -> ReaderApp:
    library, _ = demo_library()
    return ReaderApp(library, source=PAGE, **options)


def sidebar_lines(app: ReaderApp) -> list[str]:
    """The sidebar's rows as drawn (right of its divider)."""
    return [line.partition("▏")[2] for line in screen_lines(app) if "▏" in line]


# (terminal size) -> (sidebar beside the article?, sidebar width, text column width)
LAYOUTS = {
    (80, 24): (False, 0, 75),  # folded; `s` opens it over the article
    (120, 40): (True, 36, 79),  # as before: the configured 36 columns
    (200, 60): (True, 66, 80),  # a third of the width; the text at its measure
}


@pytest.mark.parametrize("size", list(LAYOUTS))
async def test_sidebar_and_text_column_at_each_size(size: tuple[int, int]) -> None:
    beside, sidebar_width, text_width = LAYOUTS[size]
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app, PAGE)
        screen = app.reading_screen
        assert screen.sidebar_open is beside
        assert screen.narrow is not beside
        assert screen.sidebar.outer_size.width == sidebar_width
        assert screen.article_view.text_width == text_width
        if size == (200, 60):
            # the whole sidebar on screen, no headline over two lines (four at 36)
            lines = sidebar_lines(app)
            assert sum("▾ " in line for line in lines) == 5
            numbered = [i for i, line in enumerate(lines) if line[:5].strip().isdigit()]
            assert len(numbered) == 18
            for start in numbered:
                wrapped = 1
                while lines[start + wrapped].startswith("     ") and lines[start + wrapped].strip():
                    wrapped += 1
                assert wrapped <= 2, lines[start]
            assert screen.article_view.size.width == 200 - 66


async def test_the_sidebar_goes_over_the_article_at_80x24() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, PAGE)
        screen = app.reading_screen
        await pilot.press("s")
        assert screen.sidebar_open
        assert screen.sidebar.outer_size.width == 44
        assert screen.article_view.size.width == 80  # still under it, full width
        assert screen.article_view.text_width == 75


async def test_the_sidebar_follows_a_resized_terminal() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, PAGE)
        screen = app.reading_screen
        for size, (beside, width, text) in [
            ((200, 60), LAYOUTS[(200, 60)]),
            ((150, 40), (True, 50, 80)),
            ((80, 24), LAYOUTS[(80, 24)]),
            ((120, 40), LAYOUTS[(120, 40)]),
        ]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert screen.sidebar_open is beside, size
            if beside:
                assert screen.sidebar.outer_size.width == width, size
            assert screen.article_view.text_width == text, size


async def test_a_narrower_measure_gives_the_sidebar_more_room() -> None:
    app = demo_app(config=Config(measure=60))
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, PAGE)
        screen = app.reading_screen
        assert screen.article_view.text_width == 60
        assert screen.sidebar.outer_size.width == 40  # a third of 120
        assert screen.article_view.size.width == 80


def test_placement_rules() -> None:
    article = 85  # a measure of 80, two margins of 2, the scrollbar
    assert sidebar_placement(80, "auto", SIDEBAR_WIDTH, article=article) == (True, 44)
    assert sidebar_placement(120, "auto", SIDEBAR_WIDTH, article=article) == (False, 36)
    assert sidebar_placement(200, "auto", SIDEBAR_WIDTH, article=article) == (False, 66)
    assert sidebar_placement(300, "auto", SIDEBAR_WIDTH, article=article) == (False, 100)
    # the configured width is the least width, also above a third
    assert sidebar_placement(200, "auto", 70, article=article) == (False, 70)
    # "shown" keeps it beside whenever 40 columns are left for the text
    assert sidebar_placement(80, "shown", SIDEBAR_WIDTH, article=article) == (False, 36)
