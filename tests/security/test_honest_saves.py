"""A save is reported only when it happened: `reader fetch`, `reader fetch
--depth 1`, `reader refresh` and the app's `p` count a page as saved only
once it is in the library. A store that cannot be written (read-only, a full
disk, locked by another program past the busy timeout), or a write that
fails for one page only, makes those pages failures with the store's reason,
counted like the other failures, and `fetch` and `refresh` exit 1. What is
reported saved is then looked up in the store.

The store's faults are SQLite's own errors, made in ways that hold as root
too (where chmod does not stop a write): `PRAGMA query_only` (SQLITE_READONLY),
`PRAGMA max_page_count` at the file's size (SQLITE_FULL), a second connection
holding the write lock with a short busy timeout (SQLITE_BUSY); and, for one
page only, the error SQLite raises for those, raised inside the store's own
write transaction. Every server is on 127.0.0.1 (the demo site or
pytest-httpserver)."""

from __future__ import annotations

import asyncio
import sqlite3
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer

import reader.store.db
from reader.cli import main
from reader.core.models import Page
from reader.core.paths import resolve_paths
from reader.core.settings import SaveLimits, Settings
from reader.core.urls import comparable
from reader.demo.server import DemoServer
from reader.library import Library
from reader.store import Store
from reader.store.db import StoreError
from reader.ui.app import ReaderApp
from reader.ui.screens.confirm import ConfirmDialog
from reader.ui.screens.save_report import SaveReportDialog
from tests.net.news_fixtures import rss, story_html
from tests.ui.fakes import opened, screen_text, wait_until

Capture = pytest.CaptureFixture[str]

#: SQLite's own messages for the faults (what the sqlite3 module raises).
SQLITE_MESSAGES = {
    "read-only": "attempt to write a readonly database",
    "disk-full": "database or disk is full",
    "locked": "database is locked",
}
FAULTS = list(SQLITE_MESSAGES)


def store_message(fault: str) -> str:
    """The one sentence the store says for SQLite's error of `fault`."""
    try:
        with Store(":memory:").db.write():
            raise sqlite3.OperationalError(SQLITE_MESSAGES[fault])
    except StoreError as exc:
        return str(exc)
    raise AssertionError("the store did not turn the error into a StoreError")


def reason(fault: str) -> str:
    """The store's sentence as a reason shared by pages ("the disk is full; ...")."""
    text = store_message(fault).rstrip(".")
    return text[:1].lower() + text[1:]


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


@pytest.fixture(scope="module")
def linked(demo: DemoServer) -> list[str]:
    """The story links of the demo's lead story, in order."""

    async def links() -> list[str]:
        library = Library(use_store=False)
        try:
            reading = await library.open(demo.lead_url)
            return library.linked_urls(reading.article)
        finally:
            await library.close()

    urls = asyncio.run(links())
    assert len(urls) >= 4
    return urls


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home whose library exists (made with a working store)."""
    path = tmp_path / "home"
    Store(resolve_paths(path).ensure().database).close()
    return path


def database(home: Path) -> Path:
    return resolve_paths(home).database


def every_connection(monkeypatch: pytest.MonkeyPatch, pragma: str) -> None:
    """Every SQLite connection the store opens runs `pragma` first."""
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = real_connect(*args, **kwargs)
        conn.execute(pragma)
        return conn

    faulty = types.SimpleNamespace(
        **{name: getattr(sqlite3, name) for name in dir(sqlite3) if not name.startswith("__")}
    )
    faulty.connect = connect
    monkeypatch.setattr(reader.store.db, "sqlite3", faulty)


@contextmanager
def broken_store(fault: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every write to the library at `home` fails with SQLite's `fault`
    (read-only, disk full, or locked by another program past the busy
    timeout), while it lasts; reads work."""
    if fault == "locked":
        monkeypatch.setattr(reader.store.db, "BUSY_TIMEOUT_MS", 20)
        holder = sqlite3.connect(database(home), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another program writing, for longer than we wait
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
            monkeypatch.undo()
        return
    pragma = {
        "read-only": "PRAGMA query_only = ON",
        # never more pages than the file has now: growing it is SQLITE_FULL
        "disk-full": "PRAGMA max_page_count = 1",
    }[fault]
    every_connection(monkeypatch, pragma)
    try:
        yield
    finally:
        monkeypatch.undo()


def fail_pages(monkeypatch: pytest.MonkeyPatch, fault: str, failing: Callable[[str], bool]) -> None:
    """Storing a page whose address `failing` picks fails with SQLite's error
    for `fault`, raised inside the store's own write transaction (the other
    pages are stored as usual)."""
    real_save = Store.save_page

    def save_page(self: Store, page: Page, *, requested_url: str | None = None) -> None:
        if failing(page.url):
            with self.db.write():
                raise sqlite3.OperationalError(SQLITE_MESSAGES[fault])
        real_save(self, page, requested_url=requested_url)

    monkeypatch.setattr(Store, "save_page", save_page)


def stored(home: Path, urls: list[str]) -> dict[str, str]:
    """Which of `urls` the library holds ("saved"/"read")."""
    store = Store(database(home))
    try:
        return dict(store.link_states(urls))
    finally:
        store.close()


def page_count(home: Path) -> int:
    store = Store(database(home))
    try:
        return store.stats().pages
    finally:
        store.close()


def fetch(capsys: Capture, home: Path, *args: str) -> tuple[int, str, list[str]]:
    """`reader fetch ARGS`: exit status, stdout, and the failure lines on stderr."""
    code = main(["fetch", *args, "--home", str(home)])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line.startswith("reader: ")]


# -- reader fetch URL ------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_fetch_into_a_store_that_cannot_write_saves_nothing_and_says_why(
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    *,
    demo: DemoServer,
    linked: list[str],
    home: Path,
    fault: str,
) -> None:
    with broken_store(fault, home, monkeypatch):
        code, out, errors = fetch(capsys, home, demo.lead_url)
    assert code == 1
    assert out == "Saved 0 pages for offline reading (1 failed).\n"
    assert errors == [f"reader: {demo.lead_url}: {store_message(fault)}"]
    assert page_count(home) == 0

    urls = [demo.lead_url, *linked[:2]]
    with broken_store(fault, home, monkeypatch):
        code, out, errors = fetch(capsys, home, *urls)
    assert code == 1
    assert out == "Saved 0 pages for offline reading (3 failed).\n"
    assert errors == [f"reader: 3 pages: {reason(fault)}"]  # one line per reason, counted
    assert page_count(home) == 0


@pytest.mark.parametrize("fault", FAULTS)
def test_fetch_counts_only_the_pages_stored_when_one_write_fails(
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    *,
    demo: DemoServer,
    linked: list[str],
    home: Path,
    fault: str,
) -> None:
    urls = [demo.lead_url, *linked[:3]]
    bad = linked[1]
    fail_pages(monkeypatch, fault, lambda url: comparable(url) == comparable(bad))
    code, out, errors = fetch(capsys, home, *urls)
    assert code == 1
    assert out == "Saved 3 pages for offline reading (1 failed).\n"
    assert errors == [f"reader: {bad}: {store_message(fault)}"]
    monkeypatch.undo()
    states = stored(home, urls)
    assert set(states) == {demo.lead_url, linked[0], linked[2]} and page_count(home) == 3


def test_fetch_on_a_disk_that_fills_up_counts_what_fit(
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    demo: DemoServer,
    linked: list[str],
    home: Path,
) -> None:
    """Room for some pages only: the count printed is the count stored."""
    urls = [demo.lead_url, *linked[:5]]
    store = Store(database(home))
    room = store.db.conn.execute("PRAGMA page_count").fetchone()[0] + 12
    store.close()
    every_connection(monkeypatch, f"PRAGMA max_page_count = {room}")
    code, out, errors = fetch(capsys, home, *urls)
    monkeypatch.undo()
    saved = page_count(home)
    assert 0 < saved < len(urls), out  # some fit, some did not
    failed = len(urls) - saved
    assert code == 1
    noun = "page" if saved == 1 else "pages"
    assert out == f"Saved {saved} {noun} for offline reading ({failed} failed).\n"
    if failed > 1:
        assert errors == [f"reader: {failed} pages: {reason('disk-full')}"]
    else:
        assert len(errors) == 1 and errors[0].endswith(store_message("disk-full"))
    assert len(stored(home, urls)) == saved


# -- reader fetch --depth 1 ------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_fetch_depth_1_counts_only_linked_stories_stored(
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    *,
    demo: DemoServer,
    linked: list[str],
    home: Path,
    fault: str,
) -> None:
    bad = {comparable(linked[0]), comparable(linked[2])}
    fail_pages(monkeypatch, fault, lambda url: comparable(url) in bad)
    code, out, errors = fetch(capsys, home, demo.lead_url, "--depth", "1", "--max", "4")
    assert code == 1
    assert out == "Saved 3 pages for offline reading (2 failed).\n"
    assert errors == [f"reader: 2 pages: {reason(fault)}"]
    monkeypatch.undo()
    states = stored(home, [demo.lead_url, *linked[:4]])
    assert set(states) == {demo.lead_url, linked[1], linked[3]} and page_count(home) == 3


@pytest.mark.parametrize("fault", FAULTS)
def test_fetch_depth_1_into_a_store_that_cannot_write(
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    *,
    demo: DemoServer,
    home: Path,
    fault: str,
) -> None:
    with broken_store(fault, home, monkeypatch):
        code, out, errors = fetch(capsys, home, demo.lead_url, "--depth", "1", "--max", "3")
    assert code == 1
    # the page itself could not be kept: its links are not fetched for nothing
    assert out == "Saved 0 pages for offline reading (1 failed).\n"
    assert errors == [f"reader: {demo.lead_url}: {store_message(fault)}"]
    assert page_count(home) == 0


@pytest.mark.parametrize("fault", FAULTS)
def test_fetch_depth_1_when_the_store_fails_after_the_first_page(
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    *,
    demo: DemoServer,
    linked: list[str],
    home: Path,
    fault: str,
) -> None:
    """The page is stored, then every linked story fails (the disk filled up)."""
    fail_pages(monkeypatch, fault, lambda url: comparable(url) != comparable(demo.lead_url))
    code, out, errors = fetch(capsys, home, demo.lead_url, "--depth", "1", "--max", "3")
    assert code == 1
    assert out == "Saved 1 page for offline reading (3 failed).\n"
    assert errors == [f"reader: 3 pages: {reason(fault)}"]
    monkeypatch.undo()
    assert set(stored(home, [demo.lead_url, *linked])) == {demo.lead_url}


# -- reader refresh -------------------------------------------------------------------


def followed_feed(httpserver: HTTPServer, capsys: Capture, home: Path) -> tuple[str, list[str]]:
    """A feed of three stories on 127.0.0.1, followed (none refreshed yet):
    the feed's address and the stories'."""
    base = httpserver.url_for("/").rstrip("/")
    stories = [(f"{base}/story/{n}", f"Harbour story number {n}") for n in range(3)]
    feed = f"{base}/feed.xml"
    # long summaries: listing the stories needs room in the file (a full disk refuses them)
    long = " ".join(["The harbour master's long account of the week's crossings."] * 150)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(stories).replace("the short version.", long), content_type="application/rss+xml"
    )
    for url, title in stories:
        httpserver.expect_request(urlsplit(url).path).respond_with_data(
            story_html(title), content_type="text/html; charset=utf-8"
        )
    assert main(["sources", "add", feed, "--home", str(home)]) == 0
    capsys.readouterr()
    return feed, [url for url, _ in stories]


def refresh(capsys: Capture, home: Path) -> tuple[int, str, list[str]]:
    """`reader refresh`: exit status, stdout, and the failure lines on stderr."""
    code = main(["refresh", "--home", str(home)])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line.startswith("reader: ")]


def saved_items(home: Path) -> set[str]:
    """The stories the library says are saved in full."""
    store = Store(database(home))
    try:
        return {item.url for item in store.items() if item.saved}
    finally:
        store.close()


@pytest.mark.parametrize("fault", FAULTS)
def test_refresh_into_a_store_that_cannot_write(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer, home: Path, fault: str
) -> None:
    feed, _ = followed_feed(httpserver, capsys, home)
    with broken_store(fault, home, monkeypatch):
        code, out, errors = refresh(capsys, home)
    assert code == 1
    assert out == "Checked 1 source: 0 new stories; 1 failed.\n"
    assert errors == [f"reader: {feed}: {store_message(fault)}"]
    assert saved_items(home) == set()


@pytest.mark.parametrize("fault", FAULTS)
def test_refresh_counts_only_stories_stored_when_one_write_fails(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer, home: Path, fault: str
) -> None:
    _, stories = followed_feed(httpserver, capsys, home)
    bad = stories[1]
    fail_pages(monkeypatch, fault, lambda url: comparable(url) == comparable(bad))
    code, out, errors = refresh(capsys, home)
    assert code == 1
    assert out == ("Checked 1 source: 3 new stories, 2 saved in full; 1 only as feed summaries.\n")
    assert errors == [f"reader: {bad}: {store_message(fault)}"]
    monkeypatch.undo()
    assert saved_items(home) == {stories[0], stories[2]}


@pytest.mark.parametrize("fault", FAULTS)
def test_refresh_when_every_story_write_fails(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer, home: Path, fault: str
) -> None:
    """The feed's stories are listed, then none of their pages can be stored."""
    _, stories = followed_feed(httpserver, capsys, home)
    fail_pages(monkeypatch, fault, lambda url: url in stories)
    code, out, errors = refresh(capsys, home)
    assert code == 1
    assert out == ("Checked 1 source: 3 new stories, 0 saved in full; 3 only as feed summaries.\n")
    assert errors == [f"reader: 3 stories: {reason(fault)}"]
    monkeypatch.undo()
    assert saved_items(home) == set()


# -- the app's p -----------------------------------------------------------------------

#: A few stories a `p`: enough to count, few to extract.
SMALL = Settings(save=SaveLimits(max_pages=5))


async def _open_and_save(app: ReaderApp, url: str) -> tuple[str, list[tuple[str, str]]]:
    """Open `url` in the app, press p (confirming if asked) and return the
    save report's text and the failures it lists once it shows."""
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, url)
        assert app.reading is not None and app.reading.article.title  # the page is shown
        badge = app.reading_screen.status_bar.badge
        assert "saved" not in badge  # nothing claims it is kept for offline
        await pilot.press("p")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ConfirmDialog | SaveReportDialog), limit=10
        )
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveReportDialog), limit=20)
        report = app.screen
        assert isinstance(report, SaveReportDialog)
        return screen_text(app), report.failures


@pytest.mark.parametrize("fault", FAULTS)
async def test_p_reports_stories_the_store_could_not_keep(
    monkeypatch: pytest.MonkeyPatch,
    *,
    demo: DemoServer,
    linked: list[str],
    home: Path,
    fault: str,
) -> None:
    library = Library(SMALL, resolve_paths(home))
    app = ReaderApp(library, source=demo.lead_url)
    planned = min(len(linked), SMALL.save.max_pages)
    with broken_store(fault, home, monkeypatch):
        try:
            text, failures = await _open_and_save(app, demo.lead_url)
        finally:
            await library.close()
    assert len(failures) == planned
    assert f"Saved 0 stories for offline · {planned} failed" in text
    assert f"{planned} stories: {reason(fault)}" in text
    assert comparable(demo.lead_url) in library.unsaved  # shown, and known not kept
    assert page_count(home) == 0


@pytest.mark.parametrize("fault", FAULTS)
async def test_p_counts_the_others_when_one_story_fails(
    monkeypatch: pytest.MonkeyPatch,
    *,
    demo: DemoServer,
    linked: list[str],
    home: Path,
    fault: str,
) -> None:
    bad = linked[1]
    fail_pages(monkeypatch, fault, lambda url: comparable(url) == comparable(bad))
    library = Library(SMALL, resolve_paths(home))
    app = ReaderApp(library, source=demo.lead_url)
    planned = min(len(linked), SMALL.save.max_pages)
    try:
        text, failures = await _open_and_save(app, demo.lead_url)
    finally:
        await library.close()
    monkeypatch.undo()
    assert f"Saved {planned - 1} stories for offline, to read (B) · 1 failed" in text
    assert failures == [(bad, store_message(fault))]
    states = stored(home, linked)
    assert len(states) == planned - 1 and bad not in states


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_page_read_but_not_kept_says_so(
    monkeypatch: pytest.MonkeyPatch, *, demo: DemoServer, home: Path, fault: str
) -> None:
    """A page read while the library cannot write is shown, and a warning
    says it was not kept for offline, with the store's reason."""
    from tests.ui.fakes import messages

    library = Library(SMALL, resolve_paths(home))
    app = ReaderApp(library, source=demo.lead_url)
    with broken_store(fault, home, monkeypatch):
        try:
            async with app.run_test(size=(120, 40), notifications=True) as pilot:
                await opened(pilot, app, demo.lead_url)
                await wait_until(
                    pilot, lambda: any("Not kept for offline" in m for m in messages(app)), 10
                )
                said = next(m for m in messages(app) if "Not kept for offline" in m)
                assert reason(fault) in said.lower()
        finally:
            await library.close()
    assert comparable(demo.lead_url) in library.unsaved
