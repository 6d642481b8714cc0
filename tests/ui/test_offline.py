"""The library flow in the UI: the stored copy's badge, revalidation that
replaces the article, offline copies, reading positions kept across
openings, and reload asking for a fresh copy."""

from __future__ import annotations

import pytest

from reader.core.models import Article
from reader.core.urls import comparable
from reader.ui import app as app_module
from reader.ui.app import RESTORED_NOTICE, ReaderApp
from reader.ui.page_notes import UPDATED_NOTICE
from reader.ui.positions import position_from_dict, position_to_dict
from reader.ui.screens.error import ErrorDialog
from reader.ui.widgets.article_view import ReadingPosition
from tests.ui.fakes import (
    NEWS,
    FakeLibrary,
    long_article,
    messages,
    opened,
    para,
    screen_text,
    view_of,
    wait_until,
)

STORY = f"{NEWS}/story"
LONG = f"{NEWS}/long"


def test_position_dict_round_trip() -> None:
    position = ReadingPosition(12, 340, 1)
    data = position_to_dict(position)
    assert data == {"block": 12, "offset": 340, "gap": 1}
    assert position_from_dict(data) == position
    assert position_from_dict(None) is None
    assert position_from_dict({"block": "x"}) is None
    assert position_from_dict({"block": 3, "offset": -1}) is None


async def test_a_stored_copy_shows_its_age_then_is_checked(library: FakeLibrary) -> None:
    library.stored = {STORY}
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        status = app.reading_screen.status_bar
        await wait_until(pilot, lambda: library.revalidated == [STORY])
        await wait_until(pilot, lambda: status.badge == "saved 3 days ago · up to date")
        assert "saved 3 days ago · up to date" in screen_text(app).splitlines()[-2]
        assert not status.query_one("#status-badge").has_class("-offline")


async def test_an_offline_copy_has_a_visible_badge(library: FakeLibrary) -> None:
    library.stored = {STORY}
    library.offline = True
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        status = app.reading_screen.status_bar
        assert status.badge == "offline · saved 3 days ago"
        assert status.query_one("#status-badge").has_class("-offline")
        assert "offline · saved 3 days ago" in screen_text(app)
        await pilot.pause(0.05)
        assert library.revalidated == []  # nothing to check offline


async def test_no_network_when_checking_turns_the_badge_offline(library: FakeLibrary) -> None:
    library.stored = {STORY}
    library.unreachable = True
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        status = app.reading_screen.status_bar
        await wait_until(pilot, lambda: status.badge == "offline · saved 3 days ago")
        assert status.query_one("#status-badge").has_class("-offline")
        assert app.reading is not None and app.reading.offline
        assert UPDATED_NOTICE not in messages(app)


async def test_a_page_never_read_offline_says_so(library: FakeLibrary) -> None:
    library.offline = True
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog))
        dialog = app.screen
        assert isinstance(dialog, ErrorDialog)
        assert "was never saved, and reader is offline" in dialog.message
        assert "was never saved" in screen_text(app)


async def test_revalidation_replaces_the_article_keeping_the_place(library: FakeLibrary) -> None:
    library.stored = {LONG}
    library.revalidate_delay = 0.3
    old = long_article()
    library.updates[LONG] = Article(
        url=old.url,
        title="A long read (updated)",
        site_name=old.site_name,
        blocks=(*old.blocks, para("A correction was added at the end.")),
    )
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app, LONG)
        view = view_of(app)
        view.scroll_to_block(20)
        await pilot.pause()
        where = view.position
        assert where.block == 20
        await wait_until(
            pilot,
            lambda: (
                app.reading is not None
                and app.reading.notice is not None
                and app.reading.notice.startswith("Updated")
            ),
        )
        await pilot.pause()
        assert view.article is library.updates[LONG]
        assert view.position == where
        assert UPDATED_NOTICE in messages(app)
        assert app.reading_screen.status_bar.badge == "updated"
        assert app.history.sources == [LONG]
        view.action_bottom()
        await pilot.pause()
        assert "A correction was added at the end." in screen_text(app)


async def test_an_unchanged_page_is_not_replaced(library: FakeLibrary) -> None:
    library.stored = {STORY}
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        article = view_of(app).article
        await wait_until(pilot, lambda: library.revalidated == [STORY])
        await pilot.pause(0.05)
        assert view_of(app).article is article
        assert UPDATED_NOTICE not in messages(app)


async def test_a_late_check_for_a_page_left_is_ignored(library: FakeLibrary) -> None:
    library.stored = {LONG}
    library.revalidate_delay = 0.2
    library.updates[LONG] = Article(url=LONG, title="Changed", blocks=(para("New."),))
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        app.open_source(STORY)
        await opened(pilot, app, STORY)
        await pilot.pause(0.3)
        assert app.reading is not None and app.reading.source == STORY
        assert "Harbour cranes" in screen_text(app)


async def test_reading_position_is_saved_on_leaving_and_restored(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app, LONG)
        view = view_of(app)
        view.scroll_to_block(12, 40)
        await pilot.pause()
        where = view.position
        app.open_source(STORY)
        await opened(pilot, app, STORY)
        await wait_until(pilot, lambda: comparable(LONG) in library.positions)
        data, fraction = library.positions[comparable(LONG)]
        assert data == position_to_dict(where)
        assert fraction is not None and 0 < fraction < 1
        # opened afresh (not by going back): back where reading stopped
        app.open_source(LONG)
        await opened(pilot, app, LONG)
        assert view.position == where
        assert RESTORED_NOTICE in messages(app)
        assert app.history.sources == [LONG, STORY, LONG]


async def test_a_page_read_to_the_top_is_not_announced(library: FakeLibrary) -> None:
    library.positions[comparable(STORY)] = ({"block": -1, "offset": 0, "gap": 0}, 0.0)
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app, STORY)
        assert view_of(app).scroll_y == 0
        assert RESTORED_NOTICE not in messages(app)


async def test_position_is_saved_when_scrolling_stops(
    library: FakeLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "POSITION_SAVE_DELAY", 0.05)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        await pilot.press("space", "space", "j")
        view = view_of(app)
        await wait_until(
            pilot,
            lambda: (
                library.positions.get(comparable(LONG), ({}, None))[0]
                == position_to_dict(view.position)
            ),
        )


async def test_quitting_saves_the_position(library: FakeLibrary) -> None:
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        await pilot.press("space", "space")
        where = view_of(app).position
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert library.positions[comparable(LONG)][0] == position_to_dict(where)


async def test_reload_asks_for_a_fresh_copy(library: FakeLibrary) -> None:
    library.stored = {STORY}
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        assert library.refreshed == []
        await pilot.press("r")
        await wait_until(pilot, lambda: library.refreshed == [STORY])
        await opened(pilot, app, STORY)
        assert app.reading is not None and not app.reading.from_store
        assert app.reading_screen.status_bar.badge == ""


async def test_the_first_page_opened_goes_back_to_where_reading_stopped(
    library: FakeLibrary,
) -> None:
    library.positions[comparable(LONG)] = ({"block": 20, "offset": 0, "gap": 0}, 0.5)
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, LONG)
        await pilot.pause()
        assert view_of(app).position == ReadingPosition(20, 0, 0)


async def test_a_stored_page_is_on_the_first_screen(library: FakeLibrary) -> None:
    """Started on a page the library has: shown before the first paint (no
    loading screen, no `open`), the visit recorded after, then the usual
    check with the server."""
    library.stored = {STORY}
    library.instant = True
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.reading is not None and app.reading.source == STORY
        assert "Harbour cranes return to the old port" in screen_text(app)
        assert not view_of(app).loading and app.loading_source is None
        assert library.opened_stored == [STORY] and library.opened == []
        await wait_until(pilot, lambda: [v.url for v in library.visits] == [STORY])
        await wait_until(pilot, lambda: library.revalidated == [STORY])
        assert app.history.sources == [STORY]
        # and, with the page on screen, what the next page will need is loaded
        await wait_until(pilot, lambda: library.warmed == 1)


async def test_a_stored_page_opens_where_reading_stopped(library: FakeLibrary) -> None:
    where = ReadingPosition(12, 40)
    library.positions[comparable(LONG)] = (position_to_dict(where), 0.3)
    library.stored = {LONG}
    library.instant = True
    library.offline = True
    app = ReaderApp(library, source=LONG)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        view = view_of(app)
        assert library.opened == []
        assert view.position.block == where.block
        assert view.line_for_offset(12, 40) == view.scroll_y
        assert RESTORED_NOTICE in messages(app)
        assert app.reading_screen.status_bar.badge == "offline · saved 3 days ago"
        await pilot.pause(0.05)
        assert library.revalidated == []


async def test_a_page_the_library_cannot_give_at_once_is_loaded(library: FakeLibrary) -> None:
    library.instant = True  # but STORY is not stored: the usual load
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, STORY)
        assert library.opened_stored == [] and library.opened == [STORY]
