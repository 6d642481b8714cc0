"""A warning about a page goes with the page: a quiet line in its header,
not a toast that stays over the next page; it goes when another page is
shown (back and forward included) and comes back with its page."""

from __future__ import annotations

from reader.core.errors import FetchError
from reader.core.models import Article, Link, Section
from reader.ui.app import ReaderApp
from reader.ui.widgets.article_layout import NOTE_PREFIX, article_note, article_units
from tests.ui.fakes import NEWS, FakeLibrary, opened, para, screen_text, wait_until

SHORT = f"{NEWS}/short"
STORY = f"{NEWS}/story"
BROKEN = f"{NEWS}/broken"
WARNINGS = (
    "The article text looks too short (29 words).",
    "Showing the best text found; it may be incomplete.",
)


def short_article(warnings: tuple[str, ...] = WARNINGS) -> Article:
    return Article(
        url=SHORT,
        title="Members only",
        site_name="Example News",
        blocks=(para("Subscribe to read the rest of this story."),),
        sections=(Section("related", "Related", (Link(STORY, "Harbour cranes return"),)),),
        warnings=warnings,
    )


def note_library() -> FakeLibrary:
    library = FakeLibrary()
    library.articles[SHORT] = short_article()
    library.articles[STORY] = Article(
        url=STORY, title="Harbour cranes return", blocks=(para("A whole story. " * 40),)
    )
    library.errors[BROKEN] = FetchError("Could not connect to news.example.com.")
    return library


def toasts(app: ReaderApp) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


def test_the_note_is_one_plain_line_under_the_metadata() -> None:
    article = short_article(("Login wall\x1b[2J [bold]here[/bold]\n   again.", "  "))
    assert article_note(article) == f"{NOTE_PREFIX}Login wall [bold]here[/bold] again."
    units = article_units(article).units
    assert [unit.style for unit in units[:3]] == ["title", "meta", "note"]
    assert units[2].gap == 0 and units[2].block == -1  # part of the header
    assert article_note(short_article(())) == ""
    assert "note" not in [unit.style for unit in article_units(short_article(())).units]


async def test_a_warning_is_shown_on_its_page_and_goes_with_it() -> None:
    library = note_library()
    app = ReaderApp(library, source=SHORT)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, SHORT)
        note = f"{NOTE_PREFIX}{WARNINGS[0]}"
        assert note in screen_text(app)
        assert not any("whole article" in toast for toast in toasts(app))
        await pilot.press("1")  # another page
        await opened(pilot, app, STORY)
        assert NOTE_PREFIX not in screen_text(app)
        assert not any("whole article" in toast for toast in toasts(app))
        await pilot.press("backspace")  # back: the page, with its note
        await opened(pilot, app, SHORT)
        assert note in screen_text(app)
        await pilot.press("l")  # forward
        await opened(pilot, app, STORY)
        assert NOTE_PREFIX not in screen_text(app)


async def test_a_page_that_fails_to_load_leaves_no_note_of_another_page() -> None:
    library = note_library()
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, STORY)
        app.open_source(BROKEN)
        await wait_until(pilot, lambda: app.screen.id != "reading")  # the error dialog
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.id == "reading")
        assert app.reading is not None and app.reading.source == STORY
        assert NOTE_PREFIX not in screen_text(app)
        # a warned page, then a failure: the page still on screen keeps its own note
        app.open_source(SHORT)
        await opened(pilot, app, SHORT)
        app.open_source(BROKEN)
        await wait_until(pilot, lambda: app.screen.id != "reading")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.id == "reading")
        assert app.reading is not None and app.reading.source == SHORT
        assert f"{NOTE_PREFIX}{WARNINGS[0]}" in screen_text(app)
        assert not any("whole article" in toast for toast in toasts(app))
