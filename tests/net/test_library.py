"""The library flow against a loopback server: store first, revalidation (304 and
changed), offline fallback with a badge, --offline, re-extraction without
refetching, and saving linked stories within the concurrency limits."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import reader.library.flow as library_module
from reader.core.errors import NotSaved
from reader.core.paths import resolve_paths
from reader.core.records import SaveProgress
from reader.core.settings import SaveLimits, Settings
from reader.library import Library
from tests.net.conftest import FAST

PARAGRAPHS = "".join(
    f"<p>Paragraph {i}: the ferry to the northern islands runs again this week after the "
    f"repairs to the pier, and the harbour master expects the usual summer crowds.</p>"
    for i in range(8)
)


def article_html(title: str, links: list[str] | None = None, extra: str = "") -> str:
    items = "".join(
        f'<li><a href="{href}">Linked story about the islands number {n}</a></li>'
        for n, href in enumerate(links or [])
    )
    related = f"<h3>Related</h3><ul>{items}</ul>" if items else ""
    return (
        f"<html><head><title>{title} - Harbour News</title></head><body>"
        f"<article><h1>{title}</h1>{PARAGRAPHS}{extra}</article>{related}</body></html>"
    )


def make_library(home: Path, **kw: object) -> Library:
    settings = Settings(fetch=FAST, **kw)  # type: ignore[arg-type]
    return Library(settings, resolve_paths(home))


async def test_read_once_then_from_the_store_and_304(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("/news/ferry")
    httpserver.expect_request("/news/ferry").respond_with_data(
        article_html("Ferry runs again"), content_type="text/html", headers={"ETag": '"one"'}
    )
    lib = make_library(tmp_path)
    try:
        first = await lib.open(url)
        assert not first.from_store and first.article.title == "Ferry runs again"
        second = await lib.open(url)
        assert second.from_store and second.notice == "saved just now"
        assert second.article.text == first.article.text

        httpserver.clear()
        seen: list[str | None] = []

        def not_modified(request: Request) -> Response:
            seen.append(request.headers.get("If-None-Match"))
            return Response(status=304)

        httpserver.expect_request("/news/ferry").respond_with_handler(not_modified)
        assert await lib.revalidate(second) is None
        assert seen == ['"one"']
        assert [p.url for p in lib.recent()] == [url]
    finally:
        await lib.close()


async def test_changed_page_replaces_the_stored_copy(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("/news/tide")
    httpserver.expect_request("/news/tide").respond_with_data(
        article_html("Tide tables"), content_type="text/html"
    )
    lib = make_library(tmp_path)
    try:
        await lib.open(url)
        stored = await lib.open(url)
        httpserver.clear()
        httpserver.expect_request("/news/tide").respond_with_data(
            article_html(
                "Tide tables", extra="<p>Update: the evening sailing is cancelled today.</p>"
            ),
            content_type="text/html",
        )
        fresh = await lib.revalidate(stored)
        assert fresh is not None and fresh.notice and fresh.notice.startswith("Updated")
        assert "evening sailing is cancelled" in fresh.article.text
        again = await lib.open(url)
        assert again.from_store and "evening sailing is cancelled" in again.article.text
    finally:
        await lib.close()


async def test_server_gone_gives_the_stored_copy_with_an_offline_badge(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("/news/storm")
    httpserver.expect_request("/news/storm").respond_with_data(
        article_html("Storm warning"), content_type="text/html"
    )
    lib = make_library(tmp_path)
    await lib.open(url)
    await lib.close()
    httpserver.stop()
    try:
        lib = make_library(tmp_path)
        reading = await lib.open(url)
        assert reading.from_store and reading.article.title == "Storm warning"
        checked = await lib.revalidate(reading)
        assert checked is not None and checked.offline and checked.article is reading.article
        assert checked.notice == "offline · saved just now"
        refreshed = await lib.open(url, refresh=True)  # reload with no network
        assert refreshed.offline and refreshed.notice == "offline · saved just now"
    finally:
        await lib.close()
        httpserver.start()


async def test_offline_mode(httpserver: HTTPServer, tmp_path: Path) -> None:
    url = httpserver.url_for("/news/saved")
    httpserver.expect_request("/news/saved").respond_with_data(
        article_html("Saved story"), content_type="text/html"
    )
    lib = make_library(tmp_path)
    await lib.open(url)
    await lib.close()
    offline = Library(Settings(fetch=FAST), resolve_paths(tmp_path), offline=True)
    try:
        reading = await offline.open(url)
        assert reading.offline and reading.notice == "offline · saved just now"
        with pytest.raises(NotSaved, match="never saved"):
            await offline.open(httpserver.url_for("/news/never-read"))
        assert len(httpserver.log) == 1
    finally:
        await offline.close()


async def test_new_extractor_version_reextracts_without_fetching(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = httpserver.url_for("/news/old")
    httpserver.expect_request("/news/old").respond_with_data(
        article_html("Old extraction"), content_type="text/html"
    )
    lib = make_library(tmp_path)
    try:
        await lib.open(url)
        requests = len(httpserver.log)
        monkeypatch.setattr(library_module, "EXTRACTOR_VERSION", "next")
        monkeypatch.setattr(library_module, "extract_article", _tagged_extract)
        reading = await lib.open(url)
        assert reading.article.extractor_version == "next"
        assert len(httpserver.log) == requests
        stored = lib.store.load_article(url)
        assert stored is not None and stored.extractor_version == "next"
    finally:
        await lib.close()


def _tagged_extract(html: str, url: str | None = None):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from reader.core.extract import extract_article

    return replace(extract_article(html, url), extractor_version="next")


async def test_open_stored_reads_a_saved_page_at_once_and_nothing_else(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up path: a stored page comes back synchronously, without a
    request and without a visit (the app records it after the first paint);
    pages never saved, file paths and copies from an older extractor are
    left to `open`."""
    url = httpserver.url_for("/news/instant")
    httpserver.expect_request("/news/instant").respond_with_data(
        article_html("Instant from the library"), content_type="text/html"
    )
    lib = make_library(tmp_path)
    try:
        assert lib.open_stored(url) is None
        await lib.open(url)
        await lib.close()  # the background save is finished
        requests, visits = len(httpserver.log), len(lib.history())
        reading = lib.open_stored(url)
        assert reading is not None and reading.from_store and not reading.offline
        assert reading.article.title == "Instant from the library"
        assert reading.notice == "saved just now"
        assert len(httpserver.log) == requests and len(lib.history()) == visits == 1
        lib.record_visit(reading)
        # the same page the same day: still one row (moved to the last time)
        assert [v.url for v in lib.history()] == [url]
        assert lib.open_stored(str(tmp_path / "page.html")) is None
        assert lib.open_stored(httpserver.url_for("/never/read")) is None
        monkeypatch.setattr(library_module, "EXTRACTOR_VERSION", "next")
        assert lib.open_stored(url) is None  # open() re-extracts it, off the UI thread
    finally:
        await lib.close()


async def test_open_stored_in_offline_mode_has_the_offline_badge(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("/news/badge")
    httpserver.expect_request("/news/badge").respond_with_data(
        article_html("Badged copy"), content_type="text/html"
    )
    lib = make_library(tmp_path)
    try:
        await lib.open(url)
    finally:
        await lib.close()
    offline = Library(Settings(fetch=FAST), resolve_paths(tmp_path), offline=True)
    try:
        reading = offline.open_stored(url)
        assert reading is not None and reading.offline
        assert reading.notice == "offline · saved just now"
    finally:
        await offline.close()


async def test_bookmark_of_a_page_never_read(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    try:
        bookmark = lib.add_bookmark("https://later.example/story", tags=["nanti"])
        assert bookmark.title == "" and bookmark.tags == ("nanti",)
        assert [b.url for b in lib.bookmarks()] == ["https://later.example/story"]
    finally:
        await lib.close()


class InFlight:
    """Counts requests in flight, overall and per Host header."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.peak_all = 0

    def handler(self, request: Request) -> Response:
        host = request.host.split(":")[0]
        with self.lock:
            self.now[host] += 1
            self.peak[host] = max(self.peak[host], self.now[host])
            self.peak_all = max(self.peak_all, sum(self.now.values()))
        time.sleep(self.delay)
        with self.lock:
            self.now[host] -= 1
        return Response(article_html(f"Story {request.path}"), content_type="text/html")


async def test_save_linked_respects_limits_reports_progress_and_skips_saved(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    flight = InFlight(0.05)
    port = httpserver.port
    links = [f"http://127.0.0.1:{port}/s/{n}" for n in range(10)] + [
        f"http://localhost:{port}/s/{n}" for n in range(10)
    ]
    for n in range(10):
        httpserver.expect_request(f"/s/{n}").respond_with_handler(flight.handler)
    httpserver.expect_request("/story").respond_with_data(
        article_html("Front story", links), content_type="text/html"
    )
    lib = make_library(tmp_path, save=SaveLimits(max_pages=30, per_host=3, overall=5))
    try:
        front = await lib.open(httpserver.url_for("/story"))
        assert len(lib.linked_urls(front.article)) == 20
        reports: list[SaveProgress] = []
        summary = await lib.save_linked(front.article, progress=reports.append)
        assert len(summary.saved) == 20 and not summary.failed
        assert [r.done for r in reports] == list(range(1, 21))
        assert flight.peak["127.0.0.1"] <= 3 and flight.peak["localhost"] <= 3
        assert flight.peak_all <= 5
        assert flight.peak_all >= 2  # requests did overlap (the server answers concurrently)
        states = lib.link_states(links)
        assert set(states.values()) == {"saved"}
        again = await lib.save_linked(front.article)
        assert again.saved == [] and again.already == 20
    finally:
        await lib.close()


async def test_save_linked_can_be_cancelled(httpserver: HTTPServer, tmp_path: Path) -> None:
    flight = InFlight(0.2)
    links = [httpserver.url_for(f"/slow/{n}") for n in range(12)]
    for n in range(12):
        httpserver.expect_request(f"/slow/{n}").respond_with_handler(flight.handler)
    httpserver.expect_request("/front").respond_with_data(
        article_html("Front", links), content_type="text/html"
    )
    lib = make_library(tmp_path, save=SaveLimits(max_pages=30, per_host=2, overall=2))
    try:
        front = await lib.open(httpserver.url_for("/front"))
        cancel = asyncio.Event()
        asyncio.get_running_loop().call_later(0.3, cancel.set)
        started = time.monotonic()
        summary = await lib.save_linked(front.article, cancel=cancel)
        assert summary.cancelled
        assert len(summary.saved) < 12
        assert time.monotonic() - started < 1.5
    finally:
        await lib.close()


def test_worker_threads_opening_the_store_at_once_share_one(tmp_path: Path) -> None:
    # A page is stored and its visit recorded from two worker threads at once;
    # each opening its own connection on a new file lost the page now and then.
    library = make_library(tmp_path / "home")
    start = threading.Barrier(6)
    opened: list[object] = []

    def open_it() -> None:
        start.wait()
        opened.append(library.store)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(opened) == 6 and len({id(store) for store in opened}) == 1
    asyncio.run(library.close())


@pytest.mark.parametrize(("offline", "network"), [(False, True), (True, False)])
def test_warm_up_opens_the_store_and_loads_the_extractor_and_the_network_unless_offline(
    tmp_path: Path, offline: bool, network: bool
) -> None:
    script = (
        "import sys\n"
        "from reader.library import Library\n"
        "from reader.core.paths import resolve_paths\n"
        f"library = Library(paths=resolve_paths({str(tmp_path)!r}), offline={offline})\n"
        "before = {'reader.core.extract.pipeline', 'reader.core.fetch'} & set(sys.modules)\n"
        "library.warm_up()\n"
        "print(sorted(before), 'reader.core.extract.pipeline' in sys.modules,"
        " 'reader.core.fetch' in sys.modules, 'httpx' in sys.modules)\n"
        "print(library._store is not None, library._client is not None, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.split() == ["[]", "True", str(network), str(network)], done.stderr
    # the store is open, and the HTTP client (its TLS context) made unless offline
    assert done.stderr.split() == ["True", str(network)], done.stderr


async def test_a_page_stored_later_is_found_and_kept(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # The app stores a page a moment after showing it; opening it again meanwhile
    # waits for the store, and closing the library stores what is pending.
    url = httpserver.url_for("/news/late")
    httpserver.expect_request("/news/late").respond_with_data(
        article_html("Stored a moment later"), content_type="text/html"
    )
    lib = Library(Settings(fetch=FAST), resolve_paths(tmp_path / "a"), store_delay=30)
    try:
        first = await lib.open(url)
        assert not first.from_store
        assert lib.store.load_article(url) is None  # not yet: the page is shown first
        started = time.monotonic()
        again = await lib.open(url)  # wants the page: it is stored now
        assert time.monotonic() - started < 10
        assert again.from_store and again.article.title == "Stored a moment later"
    finally:
        await lib.close()

    other = tmp_path / "b"
    lib = Library(Settings(fetch=FAST), resolve_paths(other), store_delay=30)
    await lib.open(url)
    started = time.monotonic()
    await lib.close()  # stores at once, without waiting out the delay
    assert time.monotonic() - started < 10
    check = Library(paths=resolve_paths(other))
    assert check.store.load_article(url) is not None
    await check.close()
