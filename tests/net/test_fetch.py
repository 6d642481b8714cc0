"""fetch() against a loopback HTTP server: pages, headers, status codes, content types."""

from __future__ import annotations

from datetime import UTC

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader import __version__
from reader.core.errors import BadURL, FetchError, HTTPStatusError, NotHTML
from reader.core.fetch.client import fetch, make_client
from reader.core.fetch_options import DEFAULT_USER_AGENT, FetchOptions

from .conftest import FAST

HTML = "<!doctype html><html><head><title>Hi</title></head><body><p>Hello.</p></body></html>"


async def test_200_html_page(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/story").respond_with_data(
        HTML,
        content_type="text/html; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"},
    )
    url = httpserver.url_for("/story")
    page = await fetch(url, FAST)
    assert page.status == 200
    assert page.url == url
    assert page.requested_url == url
    assert page.html == HTML
    assert page.body == HTML.encode()
    assert page.charset == "utf-8"
    assert page.fetched_at.tzinfo is UTC
    assert page.etag == '"v1"'
    assert page.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert isinstance(page.headers, dict)
    assert all(name == name.lower() for name in page.headers)


async def test_xhtml_is_accepted(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>',
        content_type="application/xhtml+xml",
    )
    page = await fetch(httpserver.url_for("/x"), FAST)
    assert "<p>x</p>" in page.html


async def test_headers_sent_user_agent_accept_encoding(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(HTML, content_type="text/html")
    await fetch(httpserver.url_for("/"), FAST)
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert f"reader/{__version__}" in DEFAULT_USER_AGENT
    assert "text/html" in request.headers["Accept"]
    assert request.headers["Accept-Encoding"] == "gzip, deflate, br"
    assert request.headers["Accept-Language"]
    assert "If-None-Match" not in request.headers


async def test_custom_user_agent_and_language(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(HTML, content_type="text/html")
    options = FetchOptions(user_agent="reader-test/1", accept_language="id-ID, id;q=0.9")
    await fetch(httpserver.url_for("/"), options)
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"] == "reader-test/1"
    assert request.headers["Accept-Language"] == "id-ID, id;q=0.9"


async def test_accept_language_from_locale(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    httpserver.expect_request("/").respond_with_data(HTML, content_type="text/html")
    await fetch(httpserver.url_for("/"), FAST)
    request, _ = httpserver.log[0]
    assert request.headers["Accept-Language"].startswith("id-ID, id;q=0.9, en;q=0.8")


async def test_shared_client_is_reused_and_not_closed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(HTML, content_type="text/html")
    async with make_client(FAST) as client:
        first = await fetch(httpserver.url_for("/"), FAST, client=client)
        second = await fetch(httpserver.url_for("/"), FAST, client=client)
        assert not client.is_closed
    assert first.html == second.html == HTML


async def test_set_cookie_not_kept_and_header_values_sanitized(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(
        HTML,
        content_type="text/html",
        headers={"Set-Cookie": "session=secret", "X-Title": "a\x9b31mred"},
    )
    page = await fetch(httpserver.url_for("/"), FAST)
    assert "set-cookie" not in page.headers
    assert "\x9b" not in page.headers["x-title"]


# ----------------------------------------------------------------- conditional requests


async def test_304_with_etag_and_last_modified(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if (
            request.headers.get("If-None-Match") == '"v1"'
            and request.headers.get("If-Modified-Since") == "Wed, 21 Oct 2015 07:28:00 GMT"
        ):
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(HTML, content_type="text/html")

    httpserver.expect_request("/").respond_with_handler(handler)
    page = await fetch(
        httpserver.url_for("/"),
        FAST,
        etag='"v1"',
        last_modified="Wed, 21 Oct 2015 07:28:00 GMT",
    )
    assert page.status == 304
    assert page.body == b""
    assert page.html == ""
    assert page.etag == '"v1"'


async def test_conditional_request_gets_full_page_when_changed(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(HTML, content_type="text/html", headers={"ETag": '"v2"'})

    httpserver.expect_request("/").respond_with_handler(handler)
    page = await fetch(httpserver.url_for("/"), FAST, etag='"v0"')
    assert page.status == 200
    assert page.etag == '"v2"'
    assert httpserver.log[0][0].headers["If-None-Match"] == '"v0"'


async def test_unconditional_304_is_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_response(Response(status=304))
    with pytest.raises(FetchError, match="not conditional"):
        await fetch(httpserver.url_for("/"), FAST)


async def test_etag_with_newline_is_not_sent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(HTML, content_type="text/html")
    page = await fetch(httpserver.url_for("/"), FAST, etag='"v1"\r\nX-Injected: 1')
    assert page.status == 200
    request, _ = httpserver.log[0]
    assert "X-Injected" not in request.headers
    assert "If-None-Match" not in request.headers


# ----------------------------------------------------------------- status codes


@pytest.mark.parametrize(
    ("status", "text"),
    [(404, "The server answered 404 Not Found."), (500, "The server answered 500 Internal")],
)
async def test_error_status_with_html_body(httpserver: HTTPServer, status: int, text: str) -> None:
    httpserver.expect_request("/").respond_with_data(
        "<html><body><h1>Error</h1><p>Sorry.</p></body></html>",
        status=status,
        content_type="text/html",
    )
    with pytest.raises(HTTPStatusError) as info:
        await fetch(httpserver.url_for("/"), FAST)
    assert info.value.status == status
    assert str(info.value).startswith(text)


async def test_error_reason_phrase_from_server_is_not_trusted(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_response(
        Response("x", status="599 \x1b]0;pwned\x07", content_type="text/html")
    )
    with pytest.raises(HTTPStatusError) as info:
        await fetch(httpserver.url_for("/"), FAST)
    assert info.value.status == 599
    assert "\x1b" not in str(info.value)
    assert "\x07" not in str(info.value)


# ----------------------------------------------------------------- content types


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("application/pdf", b"%PDF-1.7\n...", "is a PDF document, not a web page"),
        ("image/png", b"\x89PNG\r\n\x1a\n....", "is an image (PNG), not a web page"),
        ("application/json", b'{"a": 1}', "is JSON data, not a web page"),
        (
            "application/octet-stream",
            b"\x00\x01\x02",
            "is a binary file (application/octet-stream), not a web page",
        ),
        ("text/plain; charset=utf-8", b"<p>just text</p>", "is plain text, not a web page"),
    ],
)
async def test_non_html_content_types_refused(
    httpserver: HTTPServer, content_type: str, body: bytes, kind: str
) -> None:
    httpserver.expect_request("/doc").respond_with_data(body, content_type=content_type)
    url = httpserver.url_for("/doc")
    with pytest.raises(NotHTML) as info:
        await fetch(url, FAST)
    assert str(info.value) == f"{url} {kind}."


async def test_html_label_on_a_pdf_body_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(b"%PDF-1.4\n%...", content_type="text/html")
    with pytest.raises(NotHTML, match="PDF document"):
        await fetch(httpserver.url_for("/"), FAST)


def _no_content_type(body: bytes) -> Response:
    response = Response(body)
    del response.headers["Content-Type"]
    return response


async def test_missing_content_type_with_html_body_accepted(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_response(_no_content_type(HTML.encode()))
    page = await fetch(httpserver.url_for("/"), FAST)
    assert "content-type" not in page.headers
    assert page.html == HTML


@pytest.mark.parametrize(
    "body",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x00\x01binary\x00", b"just words, no markup"],
)
async def test_missing_content_type_with_other_body_refused(
    httpserver: HTTPServer, body: bytes
) -> None:
    httpserver.expect_request("/").respond_with_response(_no_content_type(body))
    with pytest.raises(NotHTML):
        await fetch(httpserver.url_for("/"), FAST)


async def test_empty_body_is_refused_with_a_clear_message(httpserver: HTTPServer) -> None:
    # Design decision: an empty 200 is an error, so the library can fall back to
    # a cached copy instead of storing an empty page over it.
    httpserver.expect_request("/").respond_with_data(b"", content_type="text/html")
    with pytest.raises(FetchError, match="empty page"):
        await fetch(httpserver.url_for("/"), FAST)


async def test_whitespace_only_body_is_empty(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(b" \r\n\t ", content_type="text/html")
    with pytest.raises(FetchError, match="empty page"):
        await fetch(httpserver.url_for("/"), FAST)


# ----------------------------------------------------------------- bad addresses


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/x", "", "not a url"]
)
async def test_bad_urls_refused_before_any_request(url: str) -> None:
    with pytest.raises(BadURL):
        await fetch(url, FAST)


# ----------------------------------------------------------------- meta refresh


def _refresh_page(target: str, delay: str = "0", text: str = "Redirecting...") -> str:
    return (
        f'<html><head><meta http-equiv="Refresh" content="{delay}; URL=\'{target}\'">'
        f"</head><body><p>{text}</p></body></html>"
    )


async def test_meta_refresh_followed_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(_refresh_page("/b"), content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(_refresh_page("/c"), content_type="text/html")
    httpserver.expect_request("/c").respond_with_data(HTML, content_type="text/html")
    page = await fetch(httpserver.url_for("/a"), FAST)
    assert page.url == httpserver.url_for("/b")
    assert page.requested_url == httpserver.url_for("/a")
    assert [r.path for r, _ in httpserver.log] == ["/a", "/b"]


@pytest.mark.parametrize(
    "page",
    [
        _refresh_page("/b", delay="30"),
        _refresh_page("/b", text="A real article. " * 100),
        _refresh_page("javascript:alert(1)"),
        _refresh_page("/a"),
    ],
    ids=["slow", "long-page", "javascript", "self"],
)
async def test_meta_refresh_not_followed(httpserver: HTTPServer, page: str) -> None:
    httpserver.expect_request("/a").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(HTML, content_type="text/html")
    result = await fetch(httpserver.url_for("/a"), FAST)
    assert result.url == httpserver.url_for("/a")
    assert [r.path for r, _ in httpserver.log] == ["/a"]


async def test_meta_refresh_counts_toward_max_redirects(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(_refresh_page("/b"), content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(HTML, content_type="text/html")
    options = FetchOptions(max_redirects=0, total_timeout=5)
    page = await fetch(httpserver.url_for("/a"), options)
    assert page.url == httpserver.url_for("/a")
