"""p: save the stories linked from the page for offline reading, with a
progress panel, cancel, a summary, and the sidebar's saved marks."""

from __future__ import annotations

from reader.ui.app import ReaderApp
from reader.ui.saving import SavePlan, save_question
from reader.ui.screens.confirm import ConfirmDialog
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.save_report import SaveReportDialog
from tests.ui.fakes import (
    NEWS,
    FakeLibrary,
    messages,
    opened,
    screen_text,
    sectioned_library,
    wait_until,
)

SECTIONS = f"{NEWS}/sections"
STORY = f"{NEWS}/story"
#: The sectioned article's followable links (the javascript: one is not).
LINKED = 13


def test_save_question() -> None:
    assert save_question(SavePlan(40, 2, 30, 8)) == (
        "Save the 30 stories linked from this page for reading offline? "
        "(8 more are left for next time: at most 30 at once.)"
    )


async def test_p_saves_linked_stories_with_progress_and_a_summary() -> None:
    library = sectioned_library()
    library.hold_after = 2
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, SECTIONS)
        screen = app.reading_screen
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "Save the 13 stories linked from this page" in screen_text(app)
        await pilot.press("enter")
        panel = screen.save_panel
        await wait_until(pilot, lambda: panel.has_class("-shown"))
        await wait_until(pilot, lambda: "Saving linked stories 2/13…" in panel.label)
        assert "Saving linked stories 2/13…" in screen_text(app)
        assert "p or esc cancels" in screen_text(app)
        assert panel.bar.progress == 2
        # pages saved so far are marked in the sidebar while saving goes on
        await wait_until(pilot, lambda: "1 ● Harbour cranes return to the" in screen_text(app))
        assert app.saving
        library.release.set()
        await wait_until(pilot, lambda: not app.saving, limit=10)
        assert not panel.has_class("-shown")
        assert "Saved 13 stories for offline, to read (B)" in messages(app)
        assert all(
            library.states.get(url) == "saved"
            for url in library.linked_urls(library.articles[SECTIONS])
        )
        # the sidebar marks them
        assert "1 ● Harbour cranes return to the" in screen_text(app)
        # nothing left to save
        await pilot.press("p")
        await wait_until(
            pilot,
            lambda: "Every story linked from this page is saved already." in messages(app),
        )


async def test_p_with_few_links_starts_at_once_and_reports_failures() -> None:
    library = sectioned_library()
    for url in library.linked_urls(library.articles[SECTIONS])[:10]:
        library.states[url] = "saved"
    library.save_failures = {f"{NEWS}/latest/1": "The server answered 503 Service Unavailable."}
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, SECTIONS)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveReportDialog), limit=10)
        text = screen_text(app)
        assert "Saved 2 stories for offline, to read (B) · 1 failed" in text
        assert f"{NEWS}/latest/1" in text
        assert "The server answered 503 Service Unavailable." in text
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))


async def test_saving_can_be_cancelled() -> None:
    library = sectioned_library()
    library.hold_after = 1
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, SECTIONS)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")
        panel = app.reading_screen.save_panel
        await wait_until(pilot, lambda: "1/13" in panel.label)
        await pilot.press("p")  # p again cancels
        await wait_until(pilot, lambda: not app.saving, limit=10)
        assert f"Saved 1 story for offline, to read (B) · {LINKED - 1} cancelled" in messages(app)
        assert sum(1 for state in library.states.values() if state == "saved") == 1


async def test_escape_cancels_saving() -> None:
    library = sectioned_library()
    library.hold_after = 1
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, SECTIONS)
        await pilot.press("p", "enter")
        panel = app.reading_screen.save_panel
        await wait_until(pilot, lambda: "1/13" in panel.label)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not app.saving, limit=10)
        assert any("cancelled" in m for m in messages(app))


async def test_declining_the_confirmation_saves_nothing() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, SECTIONS)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        await pilot.pause(0.1)
        assert not app.saving
        assert "saved" not in library.states.values()


async def test_p_on_a_page_without_links(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        await pilot.press("p")
        await wait_until(pilot, lambda: "This page links to no stories." in messages(app))


async def test_p_offline_says_why(library: FakeLibrary) -> None:
    library = sectioned_library()
    library.offline = True
    library.stored = {SECTIONS}
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, SECTIONS)
        await pilot.press("p", "enter")
        await wait_until(
            pilot, lambda: "reader is offline: nothing can be fetched." in messages(app)
        )
        assert not app.saving
