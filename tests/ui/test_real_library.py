"""The app with the real Library, on a local HTML file (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.app import ReaderApp
from tests.ui.fakes import screen_text, wait_until

HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Night trains are back | Example Times</title>
<meta property="og:title" content="Night trains are back">
<meta property="og:site_name" content="Example Times">
<meta name="author" content="Jo Berg">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article>
<h1>Night trains are back</h1>
<p>After years of decline, sleeper services are running again across the
continent, and the first of them left the capital on Sunday evening with
every berth sold.</p>
<p>Operators say demand has grown faster than they can buy new carriages,
and several routes that were cut a decade ago are being planned again for
the coming timetable.</p>
<p>Passengers on the first train said they chose it to avoid a flight, and
because waking up in another city still feels like a small adventure.</p>
</article></main>
<footer>Copyright Example Times</footer>
</body></html>
"""


async def test_real_library_opens_a_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("reader.core.sources", reason="the fetcher is not in this tree yet")
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    from reader.library import Library

    page = tmp_path / "night-trains.html"
    page.write_text(HTML, encoding="utf-8")
    app = ReaderApp(Library(), source=str(page))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None or app.loading_source is None)
        assert app.reading is not None, screen_text(app)
        text = screen_text(app)
        assert "Night trains are back" in text
        assert "sleeper services are running again" in text


async def test_demo_site_sidebar_follow_back_and_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The done criterion, on the bundled demo site over loopback: the sidebar
    lists the page's sections, tab then enter follows a link, backspace comes
    back to the same place, s folds the sidebar away and back."""
    pytest.importorskip("reader.core.sources", reason="the fetcher is not in this tree yet")
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    from reader.demo.server import DemoServer
    from reader.library import Library
    from reader.ui.widgets.link_list import LinkList

    with DemoServer() as demo:
        library = Library()
        lead = await library.open(demo.lead_url)
        await library.close()
        if not lead.article.sections:
            pytest.skip("the demo lead story has no link sections yet (section finder not landed)")
        app = ReaderApp(Library(), source=demo.lead_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.reading is not None, limit=15)
            screen = app.reading_screen
            groups = screen.link_list.groups
            sections = [section for section in lead.article.sections if section.links]
            assert len(groups) == len(sections)
            for group, section in zip(groups, sections, strict=True):
                assert group.title == (section.heading or group.title)
                assert len(group.links) == len(section.links)
            assert groups[0].title in screen_text(app)
            first = sections[0].links[0]
            view = screen.article_view
            await pilot.press("j", "j", "j")
            where = view.position
            await pilot.press("tab")
            assert isinstance(app.focused, LinkList)
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: app.reading is not None and app.reading.source == first.url,
                limit=15,
            )
            assert first.text.split()[0] in screen_text(app)
            await pilot.press("backspace")
            await wait_until(
                pilot,
                lambda: app.reading is not None and app.reading.source == demo.lead_url,
                limit=15,
            )
            assert view.position == where
            assert screen.sidebar_open
            await pilot.press("s")
            await pilot.pause()
            assert not screen.sidebar_open
            await pilot.press("s")
            await pilot.pause()
            assert screen.sidebar_open


async def test_offline_library_flow_with_the_real_library() -> None:
    """The done criterion: read a page online, quit, stop the server, read it
    again: the story is back, where reading stopped, with the offline badge;
    m then enter bookmarks it."""
    from reader.demo.server import DemoServer
    from reader.library import Library
    from reader.ui.screens.bookmark_dialog import BookmarkDialog

    demo = DemoServer().start()
    url = demo.lead_url
    try:
        app = ReaderApp(Library(), source=url)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.reading is not None, limit=15)
            assert app.reading is not None and not app.reading.from_store
            title = app.reading.article.title
            await pilot.press("space")
            where = app.reading_screen.article_view.position
            await pilot.press("q")
            await wait_until(pilot, lambda: not app.is_running)
    finally:
        demo.stop()

    library = Library()
    app = ReaderApp(library, source=url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None, limit=15)
        reading = app.reading
        assert reading is not None and reading.from_store
        assert reading.article.title == title
        status = app.reading_screen.status_bar
        await wait_until(pilot, lambda: status.badge.startswith("offline · saved"), limit=15)
        assert status.query_one("#status-badge").has_class("-offline")
        assert "offline · saved" in screen_text(app).splitlines()[-2]
        assert title.split()[0] in screen_text(app)
        assert app.reading_screen.article_view.position == where
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarkDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: status.bookmarked)
        bookmark = library.bookmark(url)
        assert bookmark is not None and bookmark.title == title


async def test_demo_story_in_three_pages_reads_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's story split over three pages opens as one: the header says
    "3 pages", the last page's closing paragraph is on screen after G, and it
    reopens whole from the store with the network gone."""
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    from reader.demo.server import DemoServer
    from reader.library import Library

    with DemoServer() as demo:
        url = demo.url("/id/berita/2025/03/pesisir-teja-tanam-mangrove.html")
        app = ReaderApp(Library(), source=url)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.reading is not None, limit=15)
            assert app.reading is not None
            text = screen_text(app)
            assert "3 pages" in text, text
            await pilot.press("G")
            await pilot.pause()
            assert "penanaman akbar pada Hari Bumi" in screen_text(app)
    app = ReaderApp(Library(offline=True), source=url)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None, limit=15)
        assert app.reading is not None
        assert len(app.reading.article.pages) == 3
        assert "3 pages" in screen_text(app)
