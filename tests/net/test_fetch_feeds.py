"""fetch(..., feeds=True) against a loopback server: feed types and bodies
accepted, pages still refused feeds without it, XML charset rules, permanent
moves (Page.moved), Retry-After on 429/503, and the same limits as pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from reader.core.errors import HTTPStatusError, NotHTML, TooLarge
from reader.core.fetch.client import fetch
from reader.core.fetch_options import FetchOptions

from .conftest import FAST

RSS = (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Kabar Pagi</title>'
    "<item><title>Pasar ikan buka lebih awal</title><link>/berita/1</link></item>"
    "</channel></rss>"
)
ATOM = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>Morning notes</title>'
    '<entry><id>tag:x,1</id><title>Ferry timetable changes</title><link href="/n/1"/></entry></feed>'
)
JSON_FEED = (
    '{"version": "https://jsonfeed.org/version/1.1", "title": "Catatan",'
    ' "items": [{"id": "1", "url": "/c/1", "title": "Hujan sore"}]}'
)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/rss+xml", RSS),
        ("application/atom+xml; charset=utf-8", ATOM),
        ("text/xml", RSS),
        ("application/xml", ATOM),
        ("application/feed+json", JSON_FEED),
        ("application/json", JSON_FEED),
        ("text/plain", RSS),
        ("application/octet-stream", ATOM),
        (None, RSS),
        ("text/html", RSS),
    ],
)
async def test_feeds_are_accepted_with_feeds_true(
    httpserver: HTTPServer, content_type: str | None, body: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    httpserver.expect_request("/feed").respond_with_data(body.encode(), headers=headers)
    if content_type is None:
        httpserver.clear()
        httpserver.expect_request("/feed").respond_with_response(_no_type(body.encode()))
    page = await fetch(httpserver.url_for("/feed"), FAST, feeds=True)
    assert page.status == 200
    assert page.body == body.encode()
    assert page.html == body
    assert page.moved is False


def _no_type(body: bytes) -> Response:
    response = Response(body)
    del response.headers["Content-Type"]
    return response


async def test_pages_are_still_fetched_with_feeds_true(httpserver: HTTPServer) -> None:
    html = "<!doctype html><html><head><title>x</title></head><body><p>y</p></body></html>"
    httpserver.expect_request("/").respond_with_data(html, content_type="text/html")
    page = await fetch(httpserver.url_for("/"), FAST, feeds=True)
    assert page.html == html
    request, _ = httpserver.log[0]
    assert request.headers["Accept"].startswith("application/rss+xml")
    assert "text/html" in request.headers["Accept"]


async def test_feeds_are_refused_without_feeds_true(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS, content_type="application/rss+xml")
    with pytest.raises(NotHTML, match="is an RSS feed, not a web page"):
        await fetch(httpserver.url_for("/feed"), FAST)


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n....", "not a feed or a web page"),
        ("text/plain", b"just some words", "plain text that does not read as a feed"),
        ("application/octet-stream", b"\x00\x01\x02", "not a feed or a web page"),
        ("application/rss+xml", b"%PDF-1.7 ...", "is a PDF document"),
    ],
)
async def test_other_things_are_refused_with_feeds_true(
    httpserver: HTTPServer, content_type: str, body: bytes, message: str
) -> None:
    httpserver.expect_request("/x").respond_with_data(body, content_type=content_type)
    with pytest.raises(NotHTML, match=message):
        await fetch(httpserver.url_for("/x"), FAST, feeds=True)


async def test_xml_charset_header_wins_over_declaration(httpserver: HTTPServer) -> None:
    body = RSS.replace("utf-8", "iso-8859-1").replace("Pasar", "Caf\u00e9").encode("cp1252")
    httpserver.expect_request("/f").respond_with_data(
        body, content_type="application/rss+xml; charset=windows-1252"
    )
    page = await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    assert "Caf\u00e9" in page.html
    assert page.charset == "cp1252"


async def test_xml_charset_lie_utf8_labelled_latin1(httpserver: HTTPServer) -> None:
    body = RSS.replace("Pasar", "Caf\u00e9 \u2014 r\u00e9sum\u00e9").encode("utf-8")
    httpserver.expect_request("/f").respond_with_data(
        body, content_type="application/rss+xml; charset=iso-8859-1"
    )
    page = await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    assert "Caf\u00e9 \u2014 r\u00e9sum\u00e9" in page.html


async def test_xml_declaration_then_utf8_with_replacement(httpserver: HTTPServer) -> None:
    declared = RSS.replace("utf-8", "windows-1252").replace("Pasar", "Pa\u00f1ar")
    httpserver.expect_request("/d").respond_with_data(
        declared.encode("cp1252"), content_type="application/xml"
    )
    httpserver.expect_request("/u").respond_with_data(
        RSS.encode() + b"\xff", content_type="application/xml"
    )
    assert "Pa\u00f1ar" in (await fetch(httpserver.url_for("/d"), FAST, feeds=True)).html
    page = await fetch(httpserver.url_for("/u"), FAST, feeds=True)
    assert page.html.endswith("\ufffd") and page.charset == "utf-8"


async def test_utf16_feed_with_bom(httpserver: HTTPServer) -> None:
    text = RSS.replace("utf-8", "utf-16")
    httpserver.expect_request("/f").respond_with_data(
        text.encode("utf-16"), content_type="application/rss+xml"
    )
    page = await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    assert page.html == text


@pytest.mark.parametrize(
    ("codes", "moved"), [((301,), True), ((308, 301), True), ((301, 302), False), ((307,), False)]
)
async def test_moved_only_when_every_redirect_is_permanent(
    httpserver: HTTPServer, codes: tuple[int, ...], moved: bool
) -> None:
    for index, code in enumerate(codes):
        httpserver.expect_request(f"/r{index}").respond_with_data(
            "", status=code, headers={"Location": f"/r{index + 1}"}
        )
    httpserver.expect_request(f"/r{len(codes)}").respond_with_data(
        RSS, content_type="application/rss+xml"
    )
    page = await fetch(httpserver.url_for("/r0"), FAST, feeds=True)
    assert page.url == httpserver.url_for(f"/r{len(codes)}")
    assert page.moved is moved


async def test_moved_on_a_304_after_a_permanent_redirect(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data("", status=304)
    page = await fetch(httpserver.url_for("/old"), FAST, feeds=True, etag='"v1"')
    assert page.status == 304 and page.moved is True


async def test_no_redirect_is_not_moved(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/f").respond_with_data(RSS, content_type="application/rss+xml")
    assert (await fetch(httpserver.url_for("/f"), FAST, feeds=True)).moved is False


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_seconds(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/f").respond_with_data(
        "slow down", status=status, headers={"Retry-After": "120"}
    )
    with pytest.raises(HTTPStatusError) as info:
        await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    assert info.value.status == status
    assert info.value.retry_after == 120.0


async def test_retry_after_http_date(httpserver: HTTPServer) -> None:
    when = datetime.now(UTC) + timedelta(hours=1)
    httpserver.expect_request("/f").respond_with_data(
        "", status=429, headers={"Retry-After": format_datetime(when, usegmt=True)}
    )
    with pytest.raises(HTTPStatusError) as info:
        await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    assert info.value.retry_after is not None
    assert 3000 < info.value.retry_after <= 3600


@pytest.mark.parametrize(("status", "header"), [(429, None), (500, "60"), (429, "soon")])
async def test_no_retry_after(httpserver: HTTPServer, status: int, header: str | None) -> None:
    headers = {"Retry-After": header} if header else {}
    httpserver.expect_request("/f").respond_with_data("", status=status, headers=headers)
    with pytest.raises(HTTPStatusError) as info:
        await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    assert info.value.retry_after is None


async def test_caching_headers_are_kept(httpserver: HTTPServer) -> None:
    headers = {
        "Cache-Control": "max-age=600",
        "Expires": "Thu, 01 Dec 2094 16:00:00 GMT",
        "ETag": '"abc"',
        "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT",
    }
    httpserver.expect_request("/f").respond_with_data(
        RSS, content_type="application/rss+xml", headers=headers
    )
    page = await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    assert page.headers["cache-control"] == "max-age=600"
    assert page.headers["expires"] == "Thu, 01 Dec 2094 16:00:00 GMT"
    assert page.etag == '"abc"'
    assert page.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"


async def test_size_cap_applies_to_feeds(httpserver: HTTPServer) -> None:
    big = RSS.replace("</channel>", "<item><title>x</title></item>" * 2000 + "</channel>")
    httpserver.expect_request("/f").respond_with_data(big, content_type="application/rss+xml")
    with pytest.raises(TooLarge):
        await fetch(httpserver.url_for("/f"), FetchOptions(max_bytes=10_000), feeds=True)


async def test_gzip_bomb_feed_is_stopped(httpserver: HTTPServer, gzip_bomb: bytes) -> None:
    httpserver.expect_request("/f").respond_with_data(
        gzip_bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(TooLarge, match="once decompressed"):
        await fetch(httpserver.url_for("/f"), FAST, feeds=True)


async def test_feed_served_as_html_reads_as_a_feed(httpserver: HTTPServer) -> None:
    from reader.core.feeds.parse import parse_feed
    from reader.core.feeds.sniff import content_kind

    httpserver.expect_request("/f").respond_with_data(RSS, content_type="text/html; charset=utf-8")
    page = await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    content_type = page.headers.get("content-type")
    assert content_kind(page.body, content_type) == "feed"
    feed = parse_feed(page.body, page.url, content_type)
    assert feed.items[0].url == httpserver.url_for("/berita/1")


async def test_html_served_as_a_feed_is_told(httpserver: HTTPServer) -> None:
    from reader.core.errors import FeedError
    from reader.core.feeds.parse import parse_feed
    from reader.core.feeds.sniff import content_kind

    html = "<!doctype html><html><head><title>Kabar</title></head><body>x</body></html>"
    httpserver.expect_request("/f").respond_with_data(html, content_type="application/rss+xml")
    page = await fetch(httpserver.url_for("/f"), FAST, feeds=True)
    content_type = page.headers.get("content-type")
    assert content_kind(page.body, content_type) == "html"
    with pytest.raises(FeedError, match="web page"):
        parse_feed(page.body, page.url, content_type)
