"""Following sources against a loopback server: a feed, the feed a page
advertises, the page itself, one list of a page, refusals with a clear
message; managing sources (rename, tags, remove, import, export, purge); and
an index page opened directly carrying its stories."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.core.errors import BadURL, ReaderError
from reader.core.feeds.model import OutlineEntry
from reader.core.records import SOURCE_FEED, SOURCE_LIST, SOURCE_PAGE
from reader.library.news import SourceNotFollowed
from tests.net.news_fixtures import front_html, make_library, rss, story_html


def advertising_page(feed_href: str, links: list[tuple[str, str]]) -> str:
    """A front page whose head advertises a feed."""
    page = front_html(links)
    link = f'<link rel="alternate" type="application/rss+xml" href="{escape(feed_href)}">'
    return page.replace("<head>", f"<head>{link}", 1)


def slugs(server: HTTPServer, count: int, prefix: str = "story") -> list[tuple[str, str]]:
    out = []
    for n in range(count):
        name = f"{prefix}-number-{n}-from-the-harbour-and-the-islands"
        path = f"/news/2026/12/{name}"
        server.expect_request(path).respond_with_data(
            story_html(name.replace("-", " ").capitalize()), content_type="text/html"
        )
        out.append((server.url_for(path), name.replace("-", " ").capitalize()))
    return out


async def test_follow_a_feed_titled_from_the_feed(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/rss").respond_with_data(
        rss(slugs(httpserver, 2), title="Harbour Wire"), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(httpserver.url_for("/rss"), tags=["Islands"])
        assert (source.kind, source.title, source.tags) == (SOURCE_FEED, "Harbour Wire", ("islands",))  # fmt: skip
        assert source.site_url == "https://harbour.example/"
        # Not refreshed by follow.
        assert lib.news.items() == [] and source.checked_at is None
        asked = len(httpserver.log)
        again = await lib.news.follow(httpserver.url_for("/rss"), tags=["morning"])
        assert again.id == source.id and set(again.tags) == {"islands", "morning"}
        assert len(httpserver.log) == asked  # already followed: no request
        titled = await lib.news.follow(httpserver.url_for("/rss"), title="Mine")
        assert titled.title == "Harbour Wire"  # an existing source keeps its title
    finally:
        await lib.close()


async def test_a_page_advertising_a_feed_follows_the_feed_unless_as_page(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    links = slugs(httpserver, 3)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(links, title="Front Feed"), content_type="application/rss+xml"
    )
    httpserver.expect_request("/").respond_with_data(
        advertising_page("/feed.xml", links), content_type="text/html"
    )
    lib = make_library(tmp_path)
    try:
        feed = await lib.news.follow(httpserver.url_for("/"))
        assert feed.kind == SOURCE_FEED and feed.url == httpserver.url_for("/feed.xml")
        page = await lib.news.follow(httpserver.url_for("/"), as_page=True, title="Front")
        assert page.kind == SOURCE_PAGE and page.url == httpserver.url_for("/")
        assert page.title == "Front" and page.id != feed.id
        assert len(lib.news.sources()) == 2
    finally:
        await lib.close()


async def test_a_page_whose_feed_is_broken_is_followed_as_a_page(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    links = slugs(httpserver, 3)
    httpserver.expect_request("/feed.xml").respond_with_data("Not here", status=404)
    httpserver.expect_request("/").respond_with_data(
        advertising_page("/feed.xml", links), content_type="text/html"
    )
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(httpserver.url_for("/"))
        assert source.kind == SOURCE_PAGE and source.title == "Harbour News"
    finally:
        await lib.close()


async def test_follow_a_list_of_a_page_or_say_which_lists_it_has(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    top = slugs(httpserver, 3, "top")
    latest = slugs(httpserver, 4, "latest")
    httpserver.expect_request("/").respond_with_data(
        front_html(top, lists={"Terkini": latest}), content_type="text/html"
    )
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(httpserver.url_for("/"), list_heading="  terkini ")
        assert source.kind == SOURCE_LIST and source.list_heading == "Terkini"
        assert source.title.endswith("· Terkini")
        with pytest.raises(ReaderError) as caught:
            await lib.news.follow(httpserver.url_for("/"), list_heading="Terpopuler")
        message = str(caught.value)
        assert "no list headed 'Terpopuler'" in message and "Terkini" in message
        assert len(lib.news.sources()) == 1
    finally:
        await lib.close()


async def test_refusals_are_one_sentence(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/empty").respond_with_data(
        story_html("A quiet page with no links at all"), content_type="text/html"
    )
    httpserver.expect_request("/missing").respond_with_data("No", status=404)
    httpserver.expect_request("/list.xml").respond_with_data(
        rss([]), content_type="application/rss+xml"
    )
    httpserver.expect_request("/broken.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>',
        content_type="application/rss+xml",
    )
    lib = make_library(tmp_path)
    try:
        with pytest.raises(ReaderError, match="shows no story links"):
            await lib.news.follow(httpserver.url_for("/empty"), as_page=True)
        with pytest.raises(ReaderError, match="404"):
            await lib.news.follow(httpserver.url_for("/missing"))
        with pytest.raises(ReaderError, match="is a feed: it has no lists"):
            await lib.news.follow(httpserver.url_for("/list.xml"), list_heading="Latest")
        with pytest.raises(BadURL):
            await lib.news.follow("javascript:alert(1)")
        assert lib.news.sources() == []
    finally:
        await lib.close()


async def test_offline_cannot_follow(tmp_path: Path) -> None:
    from reader.core.paths import resolve_paths
    from reader.library import Library

    lib = Library(paths=resolve_paths(tmp_path), offline=True)
    try:
        with pytest.raises(ReaderError, match="offline"):
            await lib.news.follow("https://harbour.example/rss")
        with pytest.raises(ReaderError, match="offline"):
            await lib.news.refresh()
    finally:
        await lib.close()


async def test_rename_retag_remove(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/rss").respond_with_data(
        rss(slugs(httpserver, 2)), content_type="application/rss+xml"
    )
    url = httpserver.url_for("/rss")
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(url, tags=["a", "b"])
        assert lib.news.rename(url, "  Morning\x1b[31m Wire ").title == "Morning Wire"
        assert lib.news.retag(url, add=["c"], remove=["A"]).tags == ("b", "c")
        assert lib.news.retag(str(source.id), add=["d"]).tags == ("b", "c", "d")
        with pytest.raises(ReaderError):
            lib.news.rename(url, "   ")
        with pytest.raises(SourceNotFollowed):
            lib.news.rename("https://nowhere.example/rss", "x")
        await lib.news.refresh()
        assert len(lib.news.items()) == 2
        removed = lib.news.remove(url)
        assert removed is not None and removed.id == source.id
        assert lib.news.sources() == [] and lib.news.items() == []
        assert lib.news.remove(url) is None
    finally:
        await lib.close()


async def test_a_page_and_its_list_are_told_apart_by_number(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    top = slugs(httpserver, 3, "top")
    latest = slugs(httpserver, 4, "latest")
    httpserver.expect_request("/").respond_with_data(
        front_html(top, lists={"Latest": latest}), content_type="text/html"
    )
    url = httpserver.url_for("/")
    lib = make_library(tmp_path)
    try:
        page = await lib.news.follow(url, as_page=True)
        listed = await lib.news.follow(url, list_heading="Latest")
        assert lib.news.source(url) == page
        assert lib.news.source(url, "latest") == listed
        assert lib.news.source(str(listed.id)) == listed
        assert lib.news.rename(url, "Front").id == page.id  # the page, not its list
        lib.news.remove(str(page.id))
        assert lib.news.retag(url, add=["x"]).id == listed.id  # the one left
    finally:
        await lib.close()


def test_import_entries_without_the_network(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    entries = [
        OutlineEntry("https://harbour.example/rss", "Harbour", ("news",)),
        OutlineEntry("https://harbour.example/rss/", "Again"),
        OutlineEntry("harbour.example/front", "Front", kind="page"),
        OutlineEntry("javascript:alert(1)", "Bad"),
        OutlineEntry("file:///etc/passwd", "Local"),
        OutlineEntry("https://isles.example/feed", ""),
    ]
    added, already, skipped = lib.news.import_entries(entries)
    assert (added, already) == (3, 1)
    assert [url for url, _ in skipped] == ["javascript:alert(1)", "file:///etc/passwd"]
    assert all("http and https" in why for _, why in skipped)
    kinds = {s.url: (s.kind, s.title, s.tags) for s in lib.news.sources()}
    assert kinds["https://harbour.example/rss"] == (SOURCE_FEED, "Harbour", ("news",))
    assert kinds["https://harbour.example/front"] == (SOURCE_PAGE, "Front", ())
    assert kinds["https://isles.example/feed"][1] == "isles.example"
    assert lib.news.import_entries(entries[:1]) == (0, 1, [])


def test_export_opml_round_trip(tmp_path: Path) -> None:
    from reader.core.feeds.opml import read_opml

    lib = make_library(tmp_path)
    lib.news.import_entries(
        [
            OutlineEntry("https://harbour.example/rss", "Harbour", ("news", "local")),
            OutlineEntry("https://harbour.example/front", "Front", kind="page"),
            OutlineEntry(
                "https://harbour.example/front", "Latest", kind="page", list_heading="Latest"
            ),
        ]
    )
    assert {(s.kind, s.list_heading) for s in lib.news.sources()} == {
        (SOURCE_FEED, None),
        (SOURCE_PAGE, None),
        (SOURCE_LIST, "Latest"),
    }
    back = read_opml(lib.news.export_opml())
    assert {(e.url, e.title, e.kind, e.list_heading) for e in back} == {
        ("https://harbour.example/rss", "Harbour", "feed", None),
        ("https://harbour.example/front", "Front", "page", None),
        ("https://harbour.example/front", "Latest", "page", "Latest"),
    }
    assert lib.news.import_entries(back) == (0, 3, [])
    assert {t for e in back for t in e.tags} >= {"news", "local"}


def test_purge_old_uses_keep_days(tmp_path: Path) -> None:
    lib = make_library(tmp_path, keep_days=7)
    assert lib.news.purge_old() == 0


async def test_an_index_page_opened_directly_carries_its_stories(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    top = slugs(httpserver, 6, "top")
    latest = slugs(httpserver, 12, "latest")
    httpserver.expect_request("/").respond_with_data(
        front_html(top, lists={"Latest": latest}), content_type="text/html"
    )
    httpserver.expect_request("/article").respond_with_data(
        story_html("An ordinary story about the pier", words=600), content_type="text/html"
    )
    lib = make_library(tmp_path)
    try:
        front = await lib.open(httpserver.url_for("/"))
        assert len(front.stories) == 18
        assert {s.url for s in front.stories} >= {url for url, _ in latest}
        await lib.close()
        stored = await lib.open(httpserver.url_for("/"))
        assert stored.from_store and len(stored.stories) == 18
        assert lib.open_stored(httpserver.url_for("/")) is None  # left to open()
        article = await lib.open(httpserver.url_for("/article"))
        assert article.stories == ()
    finally:
        await lib.close()
