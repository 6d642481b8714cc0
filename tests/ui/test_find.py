"""Find in page: the index (fast, case-insensitive, offsets right) and the
find bar (count, n/N, enter keeps, escape clears)."""

from __future__ import annotations

from reader.core.models import Article
from reader.ui.app import ReaderApp
from reader.ui.find import FindIndex, FindResults, Match
from reader.ui.widgets.article_view import ArticleView
from tests.ui.fakes import (
    NEWS,
    FakeLibrary,
    long_article,
    opened,
    para,
    screen_text,
    view_of,
)

LONG = f"{NEWS}/long"
STORY = f"{NEWS}/story"


def test_find_index_is_case_insensitive_and_ordered() -> None:
    index = FindIndex(["Harbour and HARBOUR", "", "no match", "the harbour."])
    found = index.find("harbour")
    assert found == [Match(0, 0, 7), Match(0, 12, 19), Match(3, 4, 11)]
    assert index.find("") == [] and index.find("   ") == []
    assert index.find("zzz") == []


def test_find_index_keeps_offsets_when_lowercasing_changes_length() -> None:
    text = "İstanbul and istanbul"  # "İ".lower() is two characters
    found = FindIndex([text]).find("stanbul")
    assert [text[m.start : m.end] for m in found] == ["stanbul", "stanbul"]


def test_find_results_step_wraps_and_first_from() -> None:
    results = FindResults("a", [Match(0, 1, 2), Match(2, 0, 1), Match(5, 3, 4)])
    assert results.label() == "1/3"
    results.step(-1)
    assert results.label() == "3/3"
    results.step(1)
    assert results.label() == "1/3"
    assert results.first_from(2, 0) == Match(2, 0, 1)
    assert results.first_from(9, 0) == Match(0, 1, 2)  # none after: wrap to the first
    assert results.in_unit(2, 0, 10) == [(0, 1, False)]
    assert results.in_unit(0, 0, 10) == [(1, 2, True)]
    assert FindResults("x", []).label() == "no matches"


def test_find_on_a_100k_word_article_finds_every_match() -> None:
    # Its speed is measured by `make bench` (bench/large.py), not here.
    words = "the harbour cranes lift boats over the quiet water every spring morning "
    texts = [words * 10 for _ in range(1000)]  # ~120k words
    index = FindIndex(texts)
    found = index.find("Harbour")
    assert len(found) == 10_000


async def test_find_counts_moves_and_clears(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        screen = app.reading_screen
        status = screen.status_bar
        view = view_of(app)
        await pilot.press("slash")
        assert screen.find_bar.shown
        await pilot.press(*"paragraph 3")
        found = view.found
        assert found is not None
        # "Paragraph 3." and "Paragraph 30." to "Paragraph 39."
        assert len(found) == 11
        assert status.find_label == "1/11"
        assert "Find: paragraph 3" in screen_text(app)
        await pilot.press("enter")
        assert not screen.find_bar.shown
        assert isinstance(app.focused, ArticleView)
        assert view.found is not None  # highlights kept
        await pilot.press("n")
        assert status.find_label == "2/11"
        match = view.found.current_match
        assert match is not None
        line = view.line_of_match(match)
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height
        assert "Paragraph 30." in view.line_text(line)
        await pilot.press("N", "N")
        assert status.find_label == "11/11"  # wraps around
        await pilot.press("escape")
        assert view.found is None
        assert status.find_label == ""


async def test_find_highlights_in_the_drawn_lines(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        view = view_of(app)
        await pilot.press("slash", *"lorem")
        y = next(y for y in range(30) if "Lorem" in view.line_text(y))
        strip = view.render_line(y - int(view.scroll_y))
        highlighted = [
            seg.text for seg in strip if seg.style and seg.style.bgcolor and seg.text.strip()
        ]
        assert "Lorem" in highlighted
        await pilot.press("escape")
        assert view.found is None
        assert screen_text(app).count("Find:") == 0


async def test_find_starts_from_the_reading_position(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        view = view_of(app)
        view.scroll_to_block(20)
        await pilot.pause()
        await pilot.press("slash", *"paragraph")
        found = view.found
        assert found is not None and found.current_match is not None
        assert found.label() == "21/40"


async def test_find_with_no_match_and_escape_in_the_bar(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        screen = app.reading_screen
        await pilot.press("slash", *"zebra")
        assert screen.status_bar.find_label == "no matches"
        await pilot.press("n")  # typed in the bar, not a binding
        assert screen.find_bar.input.value == "zebran"
        await pilot.press("escape")
        assert not screen.find_bar.shown
        assert view_of(app).found is None
        assert isinstance(app.focused, ArticleView)
        # / again offers the last query, selected: typing replaces it
        await pilot.press("slash")
        assert screen.find_bar.input.value == "zebran"
        await pilot.press(*"crane")
        assert screen.find_bar.input.value == "crane"
        assert screen.status_bar.find_label == "1/5"
        await pilot.press("enter")
        assert not screen.find_bar.shown


async def test_find_on_a_huge_article_moves_between_matches() -> None:
    library = FakeLibrary()
    article = long_article(paragraphs=2000)  # ~50k words
    library.articles[LONG] = article
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, LONG)
        view = view_of(app)
        results = view.find("consectetur")
        assert len(results) == 6000
        view.find_step(-1)
        await pilot.pause()
        assert "consectetur" in " ".join(view.visible_lines())


async def test_a_new_page_clears_the_find(library: FakeLibrary) -> None:
    library.articles[f"{NEWS}/other"] = Article(
        url=f"{NEWS}/other", title="Other", blocks=(para("Lorem again."),)
    )
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        await pilot.press("slash", *"lorem", "enter")
        assert view_of(app).found is not None
        app.open_source(f"{NEWS}/other")
        await opened(pilot, app, f"{NEWS}/other")
        assert view_of(app).found is None
        assert app.reading_screen.status_bar.find_label == ""
