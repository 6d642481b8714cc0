"""Redirects: every status, relative and cross-scheme targets, chains, loops and limits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer

from reader.core.errors import BadURL, HTTPStatusError, TooManyRedirects
from reader.core.fetch.client import fetch
from reader.core.fetch_options import FetchOptions

from .conftest import FAST, Handler, StartServer, head, read_request
from .tls import client_context, server_context

HTML = "<html><body><p>Arrived.</p></body></html>"


def _redirect(httpserver: HTTPServer, path: str, location: str, status: int = 302) -> None:
    httpserver.expect_request(path).respond_with_data(
        "", status=status, headers={"Location": location}
    )


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_each_redirect_status_followed(httpserver: HTTPServer, status: int) -> None:
    _redirect(httpserver, "/old", httpserver.url_for("/new"), status)
    httpserver.expect_request("/new").respond_with_data(HTML, content_type="text/html")
    page = await fetch(httpserver.url_for("/old"), FAST)
    assert page.status == 200
    assert page.url == httpserver.url_for("/new")
    assert page.requested_url == httpserver.url_for("/old")
    assert page.html == HTML


async def test_relative_location(httpserver: HTTPServer) -> None:
    _redirect(httpserver, "/news/old", "../story?id=1")
    httpserver.expect_request("/story").respond_with_data(HTML, content_type="text/html")
    page = await fetch(httpserver.url_for("/news/old"), FAST)
    assert page.url == httpserver.url_for("/story?id=1")


async def test_chain_of_three(httpserver: HTTPServer) -> None:
    _redirect(httpserver, "/1", "/2", 301)
    _redirect(httpserver, "/2", "/3", 302)
    _redirect(httpserver, "/3", "/4", 307)
    httpserver.expect_request("/4").respond_with_data(HTML, content_type="text/html")
    page = await fetch(httpserver.url_for("/1"), FAST)
    assert page.url == httpserver.url_for("/4")
    assert [r.path for r, _ in httpserver.log] == ["/1", "/2", "/3", "/4"]


async def test_loop_is_refused(httpserver: HTTPServer) -> None:
    _redirect(httpserver, "/a", "/b")
    _redirect(httpserver, "/b", "/a")
    with pytest.raises(TooManyRedirects, match=r"loop \(11 redirects"):
        await fetch(httpserver.url_for("/a"), FAST)
    assert len(httpserver.log) == 11


async def test_eleven_in_a_row_is_too_many(httpserver: HTTPServer) -> None:
    for n in range(11):
        _redirect(httpserver, f"/{n}", f"/{n + 1}")
    httpserver.expect_request("/11").respond_with_data(HTML, content_type="text/html")
    with pytest.raises(TooManyRedirects, match="redirected 11 times") as info:
        await fetch(httpserver.url_for("/0"), FAST)
    assert "limit of 10" in str(info.value)
    assert "/11" not in [r.path for r, _ in httpserver.log]


async def test_ten_in_a_row_is_fine(httpserver: HTTPServer) -> None:
    for n in range(10):
        _redirect(httpserver, f"/{n}", f"/{n + 1}")
    httpserver.expect_request("/10").respond_with_data(HTML, content_type="text/html")
    page = await fetch(httpserver.url_for("/0"), FAST)
    assert page.url == httpserver.url_for("/10")


async def test_max_redirects_option(httpserver: HTTPServer) -> None:
    _redirect(httpserver, "/1", "/2")
    _redirect(httpserver, "/2", "/3")
    httpserver.expect_request("/3").respond_with_data(HTML, content_type="text/html")
    with pytest.raises(TooManyRedirects, match="2 times"):
        await fetch(httpserver.url_for("/1"), FetchOptions(max_redirects=1, total_timeout=5))


@pytest.mark.parametrize(
    ("location", "scheme"),
    [
        ("ftp://example.com/file", "ftp:"),
        ("file:///etc/passwd", "file:"),
        ("javascript:alert(document.cookie)", "javascript:"),
        ("data:text/html,<script>alert(1)</script>", "data:"),
    ],
)
async def test_redirect_to_other_scheme_refused(
    httpserver: HTTPServer, location: str, scheme: str
) -> None:
    _redirect(httpserver, "/", location)
    with pytest.raises(BadURL) as info:
        await fetch(httpserver.url_for("/"), FAST)
    message = str(info.value)
    assert f"redirected to a non-web address ({scheme})" in message
    assert "only http and https" in message


async def test_redirect_without_location(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("", status=302)
    with pytest.raises(HTTPStatusError, match="without saying where") as info:
        await fetch(httpserver.url_for("/"), FAST)
    assert info.value.status == 302


async def _serve_html(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.write(head("200 OK", "Content-Type: text/html", f"Content-Length: {len(HTML)}"))
    writer.write(HTML.encode())
    await writer.drain()


def _redirect_to(location: str) -> Handler:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(head("301 Moved Permanently", f"Location: {location}", "Content-Length: 0"))
        await writer.drain()

    return handler


async def test_cross_host_redirect(raw_server: StartServer) -> None:
    target = (await raw_server(_serve_html)).replace("127.0.0.1", "localhost") + "/final"
    start = await raw_server(_redirect_to(target))
    page = await fetch(start + "/", FAST)
    assert page.url == target
    assert page.html == HTML


async def test_https_to_http_redirect_allowed(raw_server: StartServer, tmp_path: Path) -> None:
    target = await raw_server(_serve_html) + "/plain"
    start = await raw_server(_redirect_to(target), tls=server_context(tmp_path))
    assert start.startswith("https://")
    async with httpx.AsyncClient(verify=client_context()) as client:
        page = await fetch(start + "/secure", FAST, client=client)
    assert page.url == target
    assert page.requested_url == start + "/secure"


async def test_http_to_https_redirect_followed(raw_server: StartServer, tmp_path: Path) -> None:
    target = await raw_server(_serve_html, tls=server_context(tmp_path)) + "/secure"
    start = await raw_server(_redirect_to(target))
    async with httpx.AsyncClient(verify=client_context()) as client:
        page = await fetch(start + "/", FAST, client=client)
    assert page.url == target
    assert page.html == HTML


async def test_javascript_redirect_refused_with_a_foreign_client(httpserver: HTTPServer) -> None:
    """Without make_client's hook the message is less precise, but still a BadURL."""
    _redirect(httpserver, "/", "javascript:alert(1)")
    async with httpx.AsyncClient() as client:
        with pytest.raises(BadURL, match="only http and https"):
            await fetch(httpserver.url_for("/"), FAST, client=client)


async def test_conditional_headers_sent_on_every_hop(httpserver: HTTPServer) -> None:
    _redirect(httpserver, "/a", "/b")
    httpserver.expect_request("/b").respond_with_data("", status=304)
    page = await fetch(httpserver.url_for("/a"), FAST, etag='"e"')
    assert page.status == 304
    assert page.url == httpserver.url_for("/b")
    assert all(r.headers.get("If-None-Match") == '"e"' for r, _ in httpserver.log)
