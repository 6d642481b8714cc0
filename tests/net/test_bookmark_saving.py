"""A bookmark's page is saved for offline: `reader bookmarks add` fetches it
(not with --no-fetch), `Library.save_bookmarks` saves the pages still
missing within the saving limits and remembers why one failed, and the
title, site and reading time fill in when the page arrives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.cli import main
from reader.core.errors import NotSaved
from reader.core.fetch.addresses import treat_as_public
from reader.core.paths import resolve_paths
from reader.core.settings import SaveLimits, Settings
from reader.library import Library
from tests.net.conftest import FAST
from tests.net.news_fixtures import Counting, make_library, story_html


def serve(server: HTTPServer, names: list[str], counting: Counting | None = None) -> list[str]:
    counting = counting or Counting()
    urls = []
    for name in names:
        path = f"/news/{name}"
        server.expect_request(path).respond_with_handler(counting.story)
        urls.append(server.url_for(path))
    return urls


def listed(home: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    assert main(["bookmarks", "list", "--format", "json", "--home", home]) == 0
    out = capsys.readouterr().out
    return {item["url"]: item for item in map(json.loads, out.splitlines())}


def test_bookmarks_add_saves_the_page_and_fills_in_the_title(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (url,) = serve(httpserver, ["ferry-timetable-changes"])
    home = str(tmp_path / "home")
    assert main(["bookmarks", "add", url, "--tag", "kota", "--home", home]) == 0
    out = capsys.readouterr().out
    assert out == f"Bookmarked: {url} (Ferry timetable changes) · saved for offline\n"
    item = listed(home, capsys)[url]
    assert (item["title"], item["saved"], item["state"], item["tags"]) == (
        "Ferry timetable changes", True, "unread", ["kota"],
    )  # fmt: skip
    assert isinstance(item["words"], int) and item["words"] > 50
    # stored: it shows with no network at all
    assert main(["show", url, "--home", home]) == 0
    assert "Ferry timetable changes" in capsys.readouterr().out


def test_bookmarks_add_no_fetch_keeps_it_waiting_and_a_failure_says_why(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    (url,) = serve(httpserver, ["harbour-lights"])
    assert main(["bookmarks", "add", url, "--no-fetch", "--home", home]) == 0
    assert capsys.readouterr().out == f"Bookmarked: {url}\n"
    assert httpserver.log == []
    assert listed(home, capsys)[url]["saved"] is False

    missing = httpserver.url_for("/news/gone")
    httpserver.expect_request("/news/gone").respond_with_data("no", status=404)
    assert main(["bookmarks", "add", missing, "--home", home]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"reader: {missing}: bookmarked, but not saved for offline: ")
    assert "404" in captured.err
    item = listed(home, capsys)[missing]
    assert item["saved"] is False and "404" in str(item["save_error"])


async def test_save_bookmarks_saves_what_is_missing_politely(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting(delay=0.05)
    urls = serve(httpserver, [f"story-{n}" for n in range(8)], counting)
    httpserver.expect_request("/news/broken").respond_with_data("down", status=503)
    broken = httpserver.url_for("/news/broken")
    settings = Settings(fetch=FAST, save=SaveLimits(per_host=2, overall=8))
    lib = Library(settings, resolve_paths(tmp_path))
    try:
        for url in [*urls, broken]:
            lib.add_bookmark(url)
        await lib.save_page(urls[0])  # stored already: not asked again
        counting.hits.clear()
        with treat_as_public([("127.0.0.1", httpserver.port)]):
            summary = await lib.save_bookmarks()
        assert sorted(url for url, _ in summary.saved) == sorted(urls[1:])
        assert [url for url, _ in summary.failed] == [broken]
        assert counting.peak["localhost"] <= 2  # at most per_host at once
        assert counting.peak["localhost"] >= 2  # and the server did see two at once
        assert sum(counting.hits.values()) == 7
        assert lib.store.bookmark_counts().unsaved == 1
        (waiting,) = lib.bookmarks("is:unsaved")
        assert waiting.url == broken and "503" in waiting.save_error
        # the failure is not asked again in the background today...
        with treat_as_public([("127.0.0.1", httpserver.port)]):
            again = await lib.save_bookmarks()
        assert (again.saved, again.failed) == ([], [])
        # ...but is when asked by name
        named = await lib.save_bookmarks([broken, urls[2]])
        assert [url for url, _ in named.failed] == [broken] and named.already == 1
        done = lib.bookmark(urls[3])
        assert done is not None and done.saved and done.title.startswith("Story 3")
        assert done.minutes >= 1 and done.site
    finally:
        await lib.close()


async def test_bookmarks_saved_in_the_background_never_reach_a_private_address(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A bookmark may have come from an import file: saved in the background
    (not asked for by name), it never makes reader connect to this machine or
    its network; asked for by name (`m`, `reader bookmarks add`), it may."""
    (url,) = serve(httpserver, ["router-admin"])
    lib = make_library(tmp_path)
    try:
        lib.add_bookmark(url)
        swept = await lib.save_bookmarks()
        assert [u for u, _ in swept.failed] == [url] and httpserver.log == []
        assert swept.reason(0) == "refused: a link to a private address"
        named = await lib.save_bookmarks([url])
        assert [u for u, _ in named.saved] == [url]
    finally:
        await lib.close()


async def test_save_bookmarks_offline_says_so(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    lib.offline = True
    try:
        lib.add_bookmark("https://kabar.example/nanti")
        with pytest.raises(NotSaved, match="offline"):
            await lib.save_bookmarks()
    finally:
        await lib.close()


def test_bookmarks_mark_changes_states_and_favourites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    for name in ("a", "b", "c"):
        main(["bookmarks", "add", f"https://kabar.example/{name}", "--no-fetch", "--home", home])
    capsys.readouterr()
    a, b, c = (f"https://kabar.example/{name}" for name in "abc")
    assert main(["bookmarks", "mark", "archived", a, b, "--home", home]) == 0
    assert capsys.readouterr().out == "Marked 2 bookmarks archived\n"
    assert main(["bookmarks", "mark", "archived", a, "--home", home]) == 0
    assert capsys.readouterr().out == "Marked 0 bookmarks archived (1 already were)\n"
    assert main(["bookmarks", "mark", "fav", c, "https://kabar.example/none", "--home", home]) == 1
    captured = capsys.readouterr()
    assert captured.out == "Marked 1 bookmark favourites\n"
    assert captured.err == "reader: https://kabar.example/none: not bookmarked\n"
    states = {url: (i["state"], i["favourite"]) for url, i in listed(home, capsys).items()}
    assert states == {a: ("archived", False), b: ("archived", False), c: ("unread", True)}
    assert main(["bookmarks", "list", "--state", "archived", "--home", home]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["bookmarks", "list", "--query", "is:fav", "--home", home]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert "unread" in line and "\u2605 (untitled)" in line and c in line


async def test_stories_saved_with_p_join_the_queue(httpserver: HTTPServer, tmp_path: Path) -> None:
    """`p` (save_linked with queue=True) puts the stories it saved in the
    read-later queue; one already bookmarked keeps its state; `reader fetch
    --depth 1` (queue=False) queues nothing."""
    urls = serve(httpserver, ["market-reopens", "bridge-repairs", "school-fair"])
    links = "".join(
        f"<li><a href='{url}'>{name} story of the day</a></li>"
        for url, name in zip(urls, ["Market", "Bridge", "School"], strict=True)
    )
    front = story_html("Front").replace("</article>", f"</article><h3>Related</h3><ul>{links}</ul>")
    httpserver.expect_request("/front").respond_with_data(front, content_type="text/html")
    lib = make_library(tmp_path)
    try:
        lib.add_bookmark(urls[2], state="archived")
        reading = await lib.save_page(httpserver.url_for("/front"))
        summary = await lib.save_linked(reading.article, queue=True)
        assert sorted(u for u, _ in summary.saved) == sorted(urls)
        queue = {b.url: (b.state, b.saved) for b in lib.bookmarks()}
        assert queue == {
            urls[0]: ("unread", True),
            urls[1]: ("unread", True),
            urls[2]: ("archived", True),
        }
        titles = [b.title for b in lib.bookmarks("is:unread")]
        assert sorted(titles) == ["Bridge repairs", "Market reopens"]
    finally:
        await lib.close()

    other = make_library(tmp_path / "other")
    try:
        reading = await other.save_page(httpserver.url_for("/front"))
        await other.save_linked(reading.article)
        assert other.bookmarks() == []
    finally:
        await other.close()
