"""A body labelled text/html (or XHTML) that is not a page (JSON, plain text,
an image, binary data) is refused as not a web page, with one line saying
what it is, never shown as an article of garbage: through `reader extract`
(exit 1, one line on stderr, nothing on stdout) and through `Library.open`
(a `NotHTML`, nothing stored). Pages with markup, however sloppy, and JSON
feeds labelled text/html read as feeds, are still accepted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.cli import main
from reader.core.errors import NotHTML
from reader.core.fetch.sniffing import describe_not_html
from reader.core.paths import resolve_paths
from reader.library import Library
from tests.net.news_fixtures import story_html

NESTED = b"[" * 100_000 + b"]" * 100_000

#: name -> (body, content type, what the message calls it)
NOT_PAGES: dict[str, tuple[bytes, str, str]] = {
    "json object": (
        json.dumps({"title": "Harbour", "items": [1, 2, 3], "html": "<p>x</p>"}).encode(),
        "text/html",
        "JSON data",
    ),
    "json array, utf-8 bom": (
        b'\xef\xbb\xbf  [{"id": 1}, {"id": 2}]\n',
        "text/html; charset=utf-8",
        "JSON data",
    ),
    "json, deeply nested": (NESTED, "text/html", "plain text"),
    "json as xhtml": (b'{"error": "not found"}', "application/xhtml+xml", "JSON data"),
    "plain text": (
        b"Harbour news\n\nThe ferry runs again from Monday. Tickets cost 3 euros.\n",
        "text/html",
        "plain text",
    ),
    "plain text with a stray <": (b"if a < b and 3 < 4 then go\n" * 50, "text/html", "plain text"),
    "broken json": (b'{"title": "Harbour", "items": [1, 2', "text/html", "plain text"),
    "csv": (b"date,headline\n2024-01-01,Ferry runs again\n", "text/html", "plain text"),
    "png image": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "text/html", "a PNG image"),
    "jpeg image": (b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 64, "text/html", "a JPEG image"),
    "binary": (bytes(range(256)) * 8, "text/html", "a binary file"),
    "utf-16 text": ("Just words, no markup.".encode("utf-16"), "text/html", "plain text"),
}

#: Bodies labelled HTML that are pages, however badly written.
PAGES: dict[str, bytes] = {
    "fragment": b"<p>The ferry runs again from Monday.</p>",
    "text then markup": b"Warning: something odd on line 3<br>\n<h1>Harbour</h1><p>News.</p>",
    "starts with a bracket": b"[Advertisement]<p>The ferry runs again.</p>",
    "comment only first": b"<!-- generated --> The ferry runs again.",
    "utf-16 page": "<html><body><p>Harbour</p></body></html>".encode("utf-16"),
}


@pytest.mark.parametrize("name", sorted(NOT_PAGES))
def test_describe_not_html(name: str) -> None:
    body, _, kind = NOT_PAGES[name]
    if kind.startswith("a "):
        return  # binary: describe_binary's, checked first by the fetcher
    assert describe_not_html(body) == kind


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_with_markup_are_pages(name: str) -> None:
    assert describe_not_html(PAGES[name]) is None


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    served = HTTPServer(host="127.0.0.1")
    served.start()
    for name, (body, content_type, _) in NOT_PAGES.items():
        served.expect_request(f"/{slug(name)}").respond_with_data(body, content_type=content_type)
    for name, body in PAGES.items():
        served.expect_request(f"/page/{slug(name)}").respond_with_data(
            body, content_type="text/html"
        )
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "items": []}
    served.expect_request("/feed.json").respond_with_data(
        json.dumps(feed), content_type="text/html"
    )
    served.expect_request("/story").respond_with_data(story_html("Ferry"), content_type="text/html")
    yield served
    served.stop()


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)


@pytest.mark.parametrize("name", sorted(NOT_PAGES))
def test_reader_extract_refuses_with_one_line(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    _, content_type, kind = NOT_PAGES[name]
    url = server.url_for(f"/{slug(name)}")
    code = main(["extract", url])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"reader: {url}: ")
    assert f" is {kind}, not a web page" in err
    if not kind.startswith("a "):
        assert f"(it says {content_type.split(';')[0]})" in err


async def test_library_open_refuses_and_stores_nothing(server: HTTPServer, tmp_path: Path) -> None:
    library = Library(paths=resolve_paths(tmp_path / "home"))
    try:
        for name in ("json object", "plain text", "png image"):
            url = server.url_for(f"/{slug(name)}")
            with pytest.raises(NotHTML, match="not a web page"):
                await library.open(url)
            assert library.store.link_states([url]) == {}
        reading = await library.open(server.url_for("/story"))
        assert reading.article.title.startswith("Ferry")
    finally:
        await library.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_sloppy_pages_are_still_read(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code = main(["extract", server.url_for(f"/page/{slug(name)}"), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and "not a web page" not in err
    assert json.loads(out)["url"].endswith(slug(name))


async def test_a_json_feed_labelled_html_is_still_a_feed(server: HTTPServer) -> None:
    from reader.core.fetch import fetch

    page = await fetch(server.url_for("/feed.json"), feeds=True)
    assert page.status == 200 and "jsonfeed" in page.html
    with pytest.raises(NotHTML, match="is JSON data, not a web page"):
        await fetch(server.url_for("/feed.json"))
