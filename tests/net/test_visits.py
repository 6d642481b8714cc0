"""History means visits: pages saved without being read (`reader fetch`,
saving linked stories, a refresh) and opens with visit=False (back, forward,
reload in the app) add nothing to the history; opening a page does, once a
day."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.cli import main
from reader.core.paths import resolve_paths
from reader.library import Library
from tests.net.news_fixtures import Counting, make_library, rss, story_html


def serve_stories(server: HTTPServer, names: list[str]) -> list[tuple[str, str]]:
    counting = Counting()
    out = []
    for name in names:
        path = f"/news/{name}"
        server.expect_request(path).respond_with_handler(counting.story)
        out.append((server.url_for(path), name.capitalize()))
    return out


def front(links: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<li><a href='{url}'>{title} story of the day</a></li>" for url, title in links
    )
    return story_html("Front").replace("</article>", f"</article><h3>Related</h3><ul>{items}</ul>")


async def test_open_with_visit_false_saves_but_adds_no_visit(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    (url, _), (other, _) = serve_stories(httpserver, ["ferry", "pier"])
    lib = make_library(tmp_path)
    try:
        reading = await lib.open(url, visit=False)
        assert reading.article.title.startswith("Ferry") and lib.history() == []
        again = await lib.open(url, visit=False)  # from the store now
        assert again.from_store and lib.history() == []
        reloaded = await lib.open(url, refresh=True, visit=False)
        assert not reloaded.from_store and lib.history() == []
        await lib.open(other)
        await lib.open(url)
        await lib.open(other)
        assert [v.url for v in lib.history()] == [other, url]
        assert [p.url for p in lib.recent()] == [other, url]
    finally:
        await lib.close()


async def test_saving_linked_stories_and_refreshing_add_no_visits(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    linked = serve_stories(httpserver, ["ferry", "pier", "tide"])
    fed = serve_stories(httpserver, ["crane", "dock"])
    httpserver.expect_request("/front").respond_with_data(front(linked), content_type="text/html")
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(fed), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        page = await lib.open(httpserver.url_for("/front"))
        summary = await lib.save_linked(page.article)
        assert len(summary.saved) == 3
        await lib.news.follow(httpserver.url_for("/feed.xml"))
        refreshed = await lib.news.refresh()
        assert refreshed.saved == 2
        assert [v.url for v in lib.history()] == [httpserver.url_for("/front")]
    finally:
        await lib.close()


def test_reader_fetch_adds_no_visits(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    linked = serve_stories(httpserver, ["ferry", "pier"])
    httpserver.expect_request("/front").respond_with_data(front(linked), content_type="text/html")
    home = str(tmp_path / "home")
    code = main(["fetch", httpserver.url_for("/front"), "--depth", "1", "--home", home])
    assert code == 0, capsys.readouterr().err
    assert "Saved 3 pages" in capsys.readouterr().out
    lib = Library(paths=resolve_paths(home), offline=True)
    assert lib.history() == [] and lib.recent() == []
    assert lib.link_states([url for url, _ in linked]) == dict.fromkeys(
        [url for url, _ in linked], "saved"
    )
    lib.store.close()
