"""The report of saving linked stories (p) when pages fail: with no network
one line ("No network: 13 stories not saved.") instead of a line per story;
otherwise failures alike under one heading with their count, the addresses
under it, and a failure alone with its address and message."""

from __future__ import annotations

import socket

import pytest
from pytest_httpserver import HTTPServer

from reader.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.confirm import ConfirmDialog
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.save_report import SaveReportDialog
from tests.ui.fakes import NEWS, opened, screen_text, sectioned_library, wait_until

SECTIONS = f"{NEWS}/sections"


@pytest.fixture
def unused_port() -> int:
    """A loopback port nobody listens on (no network, without the internet)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def refused(url: str) -> str:
    return f"Could not connect to {url.split('/')[2]}: connection refused."


async def test_no_network_is_one_line_in_the_report() -> None:
    library = sectioned_library()
    links = library.linked_urls(library.articles[SECTIONS])
    library.save_failures = {url: refused(url) for url in links}
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, SECTIONS)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveReportDialog), limit=10)
        text = screen_text(app)
        assert f"No network: {len(links)} stories not saved." in text
        assert "Could not connect" not in text and "connection refused" not in text
        assert not any(url in text for url in links[1:])
        assert not app.screen.query(".save-failure")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))


async def test_failures_alike_are_counted_under_one_heading() -> None:
    library = sectioned_library()
    links = library.linked_urls(library.articles[SECTIONS])
    down, busy, empty = links[:5], links[5:7], links[7]
    library.save_failures = {url: refused(url) for url in down}
    library.save_failures |= dict.fromkeys(busy, "The server answered 503 Service Unavailable.")
    library.save_failures[empty] = "The page is empty."
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 60), notifications=True) as pilot:
        await opened(pilot, app, SECTIONS)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveReportDialog), limit=10)
        dialog = app.screen
        assert isinstance(dialog, SaveReportDialog)
        text = screen_text(app)
        saved = len(links) - 8
        assert f"Saved {saved} stories for offline, to read (B) · 8 failed" in text
        assert "No network" not in text
        headings = [heading for heading, _ in dialog.groups]
        assert headings == [
            "5 stories: could not connect",
            "2 stories: the server answered 503 Service Unavailable",
            "",
        ]
        assert [len(failures) for _, failures in dialog.groups] == [5, 2, 1]
        assert "5 stories: could not connect" in text
        assert "2 stories: the server answered 503 Service Unavailable" in text
        assert "The page is empty." in text  # alone: its message, under its address
        assert text.count("connection refused") == 0 and text.count("503") == 1
        # every address is still listed, under its reason
        assert sorted(url for url, _ in dialog.failures) == sorted([*down, *busy, empty])
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))


async def test_no_network_with_the_real_library(httpserver: HTTPServer, unused_port: int) -> None:
    """The real library against a page on 127.0.0.1 whose stories are on a
    closed port: every save is refused, and the report says no network."""
    links = "".join(
        f"<li><a href='http://127.0.0.1:{unused_port}/story/{n}'>"
        f"Linked story about the islands number {n}</a></li>"
        for n in range(4)
    )
    paragraphs = "".join(
        f"<p>Paragraph {n}: the ferry to the northern islands runs again this week after "
        "the repairs to the pier, and the harbour master expects summer crowds.</p>"
        for n in range(8)
    )
    httpserver.expect_request("/front").respond_with_data(
        f"<html><head><title>Front</title></head><body><article><h1>Front</h1>{paragraphs}"
        f"</article><h3>Related</h3><ul>{links}</ul></body></html>",
        content_type="text/html",
    )
    url = httpserver.url_for("/front")
    app = ReaderApp(Library(), source=url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None, limit=15)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveReportDialog), limit=15)
        text = screen_text(app)
        assert "No network: 4 stories not saved." in text
        assert "Could not connect" not in text
