"""Broken networks, case by case (issue 5, part 2).

Most cases are tested where the fetcher is, in tests/net; `MATRIX` names the
test that covers each, and `test_the_matrix_is_complete` checks those tests
exist. The cases tested here are the ones that need the whole flow through
the Library: nothing bad enters the store after a failure, the final address
is what is stored after a redirect, a page with no article gets a clear
warning, and the same Library keeps working after each failure.
"""

from __future__ import annotations

import ast
import asyncio
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.cli import main
from reader.core.errors import ReaderError
from reader.core.fetch_options import FetchOptions
from reader.core.paths import resolve_paths
from reader.core.settings import Settings
from reader.library import Library
from tests.net.conftest import (
    StartServer,
    gzip_of_zeros,
    head,
    raw_server,  # noqa: F401 - a fixture, used by name
    read_request,
    unused_port,  # noqa: F401 - a fixture, used by name
)
from tests.net.test_charsets import CHINESE, JAPANESE
from tests.security.conftest import PtySession, reader_argv

ROOT = Path(__file__).resolve().parents[2]

#: The issue's list, in its words.
ISSUE_CASES = (
    "connection refused",
    "DNS failure",
    "slow headers",
    "a body that drips for minutes",
    "redirect loops",
    "too many redirects",
    "relative redirects",
    "scheme-changing redirects",
    "4xx/5xx with HTML bodies",
    "PDF/image/JSON/octet-stream",
    "no content type",
    "a body over the cap (stopped while streaming)",
    "a gzip bomb",
    "a truncated body",
    "wrong or absent charset: windows-1252",
    "wrong or absent charset: ISO-8859-1",
    "wrong or absent charset: Shift_JIS",
    "wrong or absent charset: GBK",
    "invalid UTF-8",
    "an empty body",
    "a page with no article (a front page, a login wall)",
    "a meta refresh",
    "each gets a clear message",
    "the app keeps working",
    "nothing bad enters the store",
)

#: Each case of the issue's list -> the tests that cover it.
MATRIX: dict[str, list[str]] = {
    "connection refused": [
        "tests/net/test_failures.py::test_connection_refused_is_offline",
        "tests/security/test_network_matrix.py::test_failures_store_nothing_and_the_library_goes_on",
    ],
    "DNS failure": ["tests/net/test_failures.py::test_dns_failure_is_offline"],
    "slow headers": [
        "tests/net/test_failures.py::test_slow_headers_read_timeout",
        "tests/net/test_failures.py::test_connect_timeout",
        "tests/security/test_network_matrix.py::test_stalled_and_cut_answers_through_the_library",
    ],
    "a body that drips for minutes": [
        "tests/net/test_failures.py::test_drip_feed_stopped_by_total_timeout",
        "tests/net/test_failures.py::test_drip_feed_of_headers_stopped_by_total_timeout",
        "tests/security/test_network_matrix.py::test_stalled_and_cut_answers_through_the_library",
    ],
    "redirect loops": ["tests/net/test_redirects.py::test_loop_is_refused"],
    "too many redirects": [
        "tests/net/test_redirects.py::test_eleven_in_a_row_is_too_many",
        "tests/net/test_redirects.py::test_ten_in_a_row_is_fine",
        "tests/net/test_redirects.py::test_max_redirects_option",
    ],
    "relative redirects": [
        "tests/net/test_redirects.py::test_relative_location",
        "tests/security/test_network_matrix.py::test_after_a_redirect_the_final_address_is_stored",
    ],
    "scheme-changing redirects": [
        "tests/net/test_redirects.py::test_redirect_to_other_scheme_refused",
        "tests/net/test_redirects.py::test_https_to_http_redirect_allowed",
        "tests/net/test_redirects.py::test_http_to_https_redirect_followed",
        "tests/net/test_redirects.py::test_javascript_redirect_refused_with_a_foreign_client",
    ],
    "4xx/5xx with HTML bodies": [
        "tests/net/test_fetch.py::test_error_status_with_html_body",
        "tests/net/test_fetch.py::test_error_reason_phrase_from_server_is_not_trusted",
    ],
    "PDF/image/JSON/octet-stream": [
        "tests/net/test_fetch.py::test_non_html_content_types_refused",
        "tests/net/test_fetch.py::test_html_label_on_a_pdf_body_refused",
    ],
    "no content type": [
        "tests/net/test_fetch.py::test_missing_content_type_with_html_body_accepted",
        "tests/net/test_fetch.py::test_missing_content_type_with_other_body_refused",
    ],
    "a body over the cap (stopped while streaming)": [
        "tests/net/test_limits.py::test_12_mib_body_stopped_while_streaming",
        "tests/net/test_limits.py::test_declared_content_length_over_the_cap_refused_before_reading",
        "tests/net/test_limits.py::test_one_byte_over_the_cap_is_refused",
    ],
    "a gzip bomb": [
        "tests/net/test_limits.py::test_gzip_bomb_stopped_quickly_in_little_memory",
        "tests/net/test_limits.py::test_brotli_bomb_stopped_in_little_memory",
    ],
    "a truncated body": [
        "tests/net/test_failures.py::test_truncated_body_is_a_fetch_error",
        "tests/net/test_failures.py::test_reset_in_the_middle_of_the_body",
        "tests/security/test_network_matrix.py::test_stalled_and_cut_answers_through_the_library",
    ],
    "wrong or absent charset: windows-1252": [
        "tests/net/test_charsets.py::test_wrong_declared_charset_utf8_for_windows_1252",
        "tests/net/test_charsets.py::test_charset_detected_when_none_declared[windows-1252]",
    ],
    "wrong or absent charset: ISO-8859-1": [
        "tests/net/test_charsets.py::test_iso_8859_1_decodes_as_windows_1252",
        "tests/net/test_charsets.py::test_wrong_declared_charset_latin1_for_utf8",
        "tests/net/test_charsets.py::test_charset_detected_when_none_declared[iso-8859-1]",
    ],
    "wrong or absent charset: Shift_JIS": [
        "tests/net/test_charsets.py::test_charset_detected_when_none_declared[shift_jis]",
        "tests/security/test_network_matrix.py::test_cjk_pages_with_a_wrong_label[shift_jis-utf-8]",
        "tests/security/test_network_matrix.py::test_cjk_pages_with_a_wrong_label[shift_jis-iso-8859-1]",
    ],
    "wrong or absent charset: GBK": [
        "tests/net/test_charsets.py::test_charset_detected_when_none_declared[gbk]",
        "tests/security/test_network_matrix.py::test_cjk_pages_with_a_wrong_label[gbk-utf-8]",
        "tests/security/test_network_matrix.py::test_gbk_labelled_latin_follows_the_label_safely",
    ],
    "invalid UTF-8": ["tests/net/test_charsets.py::test_invalid_utf8_bytes_are_replaced"],
    "an empty body": [
        "tests/net/test_fetch.py::test_empty_body_is_refused_with_a_clear_message",
        "tests/net/test_fetch.py::test_whitespace_only_body_is_empty",
    ],
    "a page with no article (a front page, a login wall)": [
        "tests/security/test_network_matrix.py::test_page_without_an_article_opens_with_a_warning",
    ],
    "a meta refresh": [
        "tests/net/test_fetch.py::test_meta_refresh_followed_once",
        "tests/net/test_fetch.py::test_meta_refresh_not_followed",
        "tests/security/test_network_matrix.py::test_after_a_redirect_the_final_address_is_stored",
    ],
    "each gets a clear message": [
        "tests/security/test_network_matrix.py::test_failures_store_nothing_and_the_library_goes_on",
    ],
    "the app keeps working": [
        "tests/security/test_network_matrix.py::test_failures_store_nothing_and_the_library_goes_on",
        "tests/security/test_pty_terminal.py::test_hostile_page_in_a_real_terminal",
    ],
    "nothing bad enters the store": [
        "tests/security/test_network_matrix.py::test_failures_store_nothing_and_the_library_goes_on",
        "tests/security/test_network_matrix.py::test_a_failed_refresh_keeps_the_saved_copy",
    ],
}


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_the_matrix_is_complete() -> None:
    """Every case of the issue names tests, and those tests exist."""
    assert list(MATRIX) == list(ISSUE_CASES)
    for case, nodes in MATRIX.items():
        assert nodes, case
        for node in nodes:
            file, _, name = node.partition("::")
            path = ROOT / file
            assert path.is_file(), f"{case}: no file {file}"
            function, _, param = name.partition("[")
            assert function in _functions(path), f"{case}: no test {node}"
            if param:
                source = path.read_text(encoding="utf-8")
                for part in param.rstrip("]").split("-"):
                    assert part in source, f"{case}: no parameter {part!r} for {node}"


# --------------------------------------------------------------------------- helpers

PARAGRAPHS = "".join(
    f"<p>Paragraph {i}: the ferry to the northern islands runs again this week after the "
    "repairs to the pier, and the harbour master expects the usual summer crowds.</p>"
    for i in range(8)
)
GOOD = (
    "<html><head><title>Ferry runs again - Harbour News</title></head><body>"
    f"<article><h1>Ferry runs again</h1>{PARAGRAPHS}</article></body></html>"
)
#: Fast failures, and a small cap so that "too large" costs little.
OPTIONS = FetchOptions(
    connect_timeout=1.0, read_timeout=0.5, total_timeout=3.0, max_bytes=256 * 1024
)


def make_library(home: Path) -> Library:
    return Library(Settings(fetch=OPTIONS), resolve_paths(home))


def _clear(message: str) -> None:
    """One plain sentence: no traceback, no control characters, not empty."""
    assert message.strip()
    assert "\n" not in message
    assert "Traceback" not in message
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", message), message
    assert len(message) < 400


def _respond(server: HTTPServer, path: str, response: Response) -> str:
    server.expect_request(path).respond_with_response(response)
    return server.url_for(path)


def _no_type(body: bytes) -> Response:
    response = Response(body)
    del response.headers["Content-Type"]
    return response


# --------------------------------------------------------------------------- the flow


async def test_failures_store_nothing_and_the_library_goes_on(
    httpserver: HTTPServer,
    tmp_path: Path,
    unused_port: int,  # noqa: F811
) -> None:
    """After each failure: a clear message, no page, article or visit stored
    for it, and the same Library opens a good page."""
    bomb = gzip_of_zeros(16 << 20)
    html = "text/html; charset=utf-8"
    cases: dict[str, Callable[[], str]] = {
        "404 with an HTML body": lambda: _respond(
            httpserver,
            "/404",
            Response("<html><body><h1>Not here</h1></body></html>", 404, content_type=html),
        ),
        "500 with an HTML body": lambda: _respond(
            httpserver,
            "/500",
            Response("<html><body><p>Oops</p></body></html>", 500, content_type=html),
        ),
        "a PDF": lambda: _respond(
            httpserver, "/doc.pdf", Response(b"%PDF-1.7\n...", content_type="application/pdf")
        ),
        "an image labelled as HTML": lambda: _respond(
            httpserver, "/img", Response(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", content_type=html)
        ),
        "JSON": lambda: _respond(
            httpserver, "/api", Response(b'{"a": 1}', content_type="application/json")
        ),
        "octet-stream": lambda: _respond(
            httpserver, "/bin", Response(b"\0\1\2", content_type="application/octet-stream")
        ),
        "no content type, binary body": lambda: _respond(httpserver, "/raw", _no_type(b"\0\1x")),
        "an empty body": lambda: _respond(httpserver, "/empty", Response(b"", content_type=html)),
        "a body over the cap": lambda: _respond(
            httpserver, "/big", Response(b"<p>" + b"x" * 300_000, content_type=html)
        ),
        "a gzip bomb": lambda: _respond(
            httpserver,
            "/bomb",
            Response(bomb, content_type=html, headers={"Content-Encoding": "gzip"}),
        ),
        "a corrupt gzip body": lambda: _respond(
            httpserver,
            "/corrupt",
            Response(
                b"\x1f\x8b\x08\x00" + b"garbage!" * 4,
                content_type=html,
                headers={"Content-Encoding": "gzip"},
            ),
        ),
        "a redirect loop": lambda: (
            _respond(httpserver, "/loop-a", Response("", 302, headers={"Location": "/loop-b"})),
            _respond(httpserver, "/loop-b", Response("", 302, headers={"Location": "/loop-a"})),
        )[0],
        "a redirect to javascript:": lambda: _respond(
            httpserver, "/to-js", Response("", 302, headers={"Location": "javascript:alert(1)"})
        ),
        "a redirect to file:": lambda: _respond(
            httpserver, "/to-file", Response("", 301, headers={"Location": "file:///etc/passwd"})
        ),
        "a redirect without a Location": lambda: _respond(
            httpserver, "/nowhere", Response("", 302)
        ),
        "connection refused": lambda: f"http://127.0.0.1:{unused_port}/story",
    }
    lib = make_library(tmp_path / "home")
    good = _respond(httpserver, "/good", Response(GOOD, content_type=html))
    try:
        for case, make in cases.items():
            url = make()
            with pytest.raises(ReaderError) as info:
                await lib.open(url)
            _clear(str(info.value))
            assert lib.store.load_page(url) is None, case
            assert lib.store.load_article(url) is None, case
            assert url not in [visit.url for visit in lib.history()], case
            reading = await lib.open(good, refresh=True)
            assert reading.article.title == "Ferry runs again", case
        assert (await lib.open(good)).from_store  # waits for storing in the background
        stats = lib.cache_stats()
        assert stats.pages == 1 and stats.articles == 1
        assert lib.bookmarks() == []
    finally:
        await lib.close()


async def test_stalled_and_cut_answers_through_the_library(
    raw_server: StartServer,  # noqa: F811
    httpserver: HTTPServer,
    tmp_path: Path,
) -> None:
    """Slow headers, a body that drips, a body cut short: a Timeout or a
    FetchError, nothing stored, and the Library goes on."""

    async def slow_headers(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(10)

    async def drip(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(head("200 OK", "Content-Type: text/html"))
        while True:
            writer.write(b"<p>x")
            await writer.drain()
            await asyncio.sleep(0.1)

    async def cut(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        body = GOOD.encode()
        writer.write(head("200 OK", "Content-Type: text/html", f"Content-Length: {len(body)}"))
        writer.write(body[: len(body) // 2])
        await writer.drain()
        writer.close()

    lib = make_library(tmp_path / "home")
    good = _respond(httpserver, "/good", Response(GOOD, content_type="text/html"))
    try:
        for handler in (slow_headers, drip, cut):
            url = await raw_server(handler) + "/story"
            with pytest.raises(ReaderError) as info:
                await asyncio.wait_for(lib.open(url), 10)
            _clear(str(info.value))
            assert lib.store.load_page(url) is None
            assert (await lib.open(good)).article.title == "Ferry runs again"
        assert (await lib.open(good)).from_store
        assert lib.cache_stats().pages == 1
    finally:
        await lib.close()


async def test_after_a_redirect_the_final_address_is_stored(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A relative redirect and a meta refresh: one page, stored under the
    address it came from, the requested address an alias of it."""
    html = "text/html"
    _respond(httpserver, "/news/old", Response("", 301, headers={"Location": "../story/new"}))
    final = _respond(httpserver, "/story/new", Response(GOOD, content_type=html))
    refresh = (
        '<html><head><meta http-equiv="refresh" content="0; url=/story/new"></head>'
        "<body><p>Moved.</p></body></html>"
    )
    _respond(httpserver, "/moved", Response(refresh, content_type=html))
    lib = make_library(tmp_path / "home")
    try:
        for requested in (httpserver.url_for("/news/old"), httpserver.url_for("/moved")):
            reading = await lib.open(requested, refresh=True)
            assert reading.page.url == final
            again = await lib.open(requested)  # from the store, once it is stored
            assert again.from_store and again.page.url == final
            stored = lib.store.load_page(requested)
            assert stored is not None and stored.page.url == final
            assert lib.cache_stats().pages == 1
        again = await lib.open(httpserver.url_for("/news/old"))
        assert again.from_store and again.page.url == final
    finally:
        await lib.close()


async def test_a_failed_refresh_keeps_the_saved_copy(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """The server turns bad after a page was saved (an error, a PDF, a bomb, an
    empty answer): revalidation gives nothing new and the saved copy stays."""
    url = httpserver.url_for("/story")
    httpserver.expect_request("/story").respond_with_data(GOOD, content_type="text/html")
    lib = make_library(tmp_path / "home")
    try:
        await lib.open(url)
        saved = await lib.open(url)
        assert saved.from_store
        bad: list[Response] = [
            Response("<html><body>Down</body></html>", 503, content_type="text/html"),
            Response(b"%PDF-1.4\n", content_type="application/pdf"),
            Response(
                gzip_of_zeros(8 << 20),
                content_type="text/html",
                headers={"Content-Encoding": "gzip"},
            ),
            Response(b"", content_type="text/html"),
        ]
        for response in bad:
            httpserver.clear()
            httpserver.expect_request("/story").respond_with_response(response)
            assert await lib.revalidate(saved) is None
            with pytest.raises(ReaderError):
                await lib.open(url, refresh=True)
            kept = lib.store.load_article(url)
            assert kept is not None and kept.article.title == "Ferry runs again"
    finally:
        await lib.close()


LOGIN_WALL = """<html><head><title>Sign in - The Daily Example</title></head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a></nav>
<div class="paywall"><h1>Subscribe to keep reading</h1>
<p>You have read all your free articles this month.</p>
<form action="/login" method="post"><label>Email <input name="email"></label>
<label>Password <input type="password" name="pw"></label><button>Sign in</button></form>
<p><a href="/subscribe">Subscribe</a> for $1 a week.</p></div></body></html>"""


@pytest.mark.parametrize("page", ["front_page", "login_wall"])
async def test_page_without_an_article_opens_with_a_warning(
    httpserver: HTTPServer, tmp_path: Path, page: str
) -> None:
    """A front page or a login wall is not an error: it opens, with a warning
    saying the text looks wrong; nothing is bookmarked, the library goes on."""
    if page == "front_page":
        body = (ROOT / "tests/fixtures/pages/front_page.html").read_bytes()
    else:
        body = LOGIN_WALL.encode()
    url = _respond(httpserver, f"/{page}", Response(body, content_type="text/html"))
    good = _respond(httpserver, "/good", Response(GOOD, content_type="text/html"))
    lib = make_library(tmp_path / "home")
    try:
        reading = await lib.open(url)
        warnings = reading.article.warnings
        assert warnings, "no warning for a page without an article"
        assert any("too short" in w or "No article text" in w for w in warnings)
        for warning in warnings:
            _clear(warning)
        if page == "front_page":
            assert reading.article.sections  # its link lists are what it is good for
        again = await lib.open(url)
        assert again.from_store and again.article.warnings == warnings
        assert lib.bookmarks() == []
        assert (await lib.open(good)).article.title == "Ferry runs again"
    finally:
        await lib.close()


def test_the_app_shows_the_no_article_warning(
    pty_session: type[PtySession], tmp_path: Path
) -> None:
    page = tmp_path / "login.html"
    page.write_text(LOGIN_WALL, encoding="utf-8")
    session = pty_session(reader_argv("--home", str(tmp_path / "home"), str(page)))
    session.wait_for("Subscribe to keep reading", timeout=20)
    try:
        session.wait_for("too short", "No article text", "incomplete", timeout=3)
    finally:
        session.send("q")
        session.wait_exit()


def test_extract_warns_about_a_page_without_an_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "login.html"
    page.write_text(LOGIN_WALL, encoding="utf-8")
    main(["extract", str(page)])
    err = capsys.readouterr().err
    assert "too short" in err or "No article text" in err


async def test_a_login_wall_does_not_replace_a_saved_article(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("/story")
    httpserver.expect_request("/story").respond_with_data(GOOD, content_type="text/html")
    lib = make_library(tmp_path / "home")
    try:
        await lib.open(url)
        saved = await lib.open(url)
        httpserver.clear()
        httpserver.expect_request("/story").respond_with_data(LOGIN_WALL, content_type="text/html")
        await lib.revalidate(saved)
        kept = await lib.open(url)  # from the store, once a new copy is stored
        assert kept.from_store and kept.article.title == "Ferry runs again"
    finally:
        await lib.close()


# --------------------------------------------------------------------------- charsets


def _cjk_page(body: str) -> str:
    return f"<html><head><title>t</title></head><body><article>{body * 6}</article></body></html>"


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("shift_jis", "utf-8"), ("shift_jis", "iso-8859-1"), ("gbk", "utf-8")],
    ids=["shift_jis-utf-8", "shift_jis-iso-8859-1", "gbk-utf-8"],
)
async def test_cjk_pages_with_a_wrong_label(
    httpserver: HTTPServer, tmp_path: Path, encoding: str, label: str
) -> None:
    """A declared charset the bytes clearly are not is overruled by detection."""
    text = _cjk_page(JAPANESE if encoding == "shift_jis" else CHINESE)
    url = _respond(
        httpserver,
        "/cjk",
        Response(text.encode(encoding), content_type=f"text/html; charset={label}"),
    )
    lib = make_library(tmp_path / "home")
    try:
        reading = await lib.open(url)
        assert reading.page.html == text
        assert ("日本語" if encoding == "shift_jis" else "中文文本") in reading.article.text
    finally:
        await lib.close()


async def test_gbk_labelled_latin_follows_the_label_safely(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """GBK served as ISO-8859-1 decodes without errors in windows-1252, so, as in
    browsers, the label wins: the text is mojibake, but it opens, it is safe
    text, and the store has it."""
    url = _respond(
        httpserver,
        "/gbk",
        Response(_cjk_page(CHINESE).encode("gbk"), content_type="text/html; charset=iso-8859-1"),
    )
    lib = make_library(tmp_path / "home")
    try:
        reading = await lib.open(url)
        assert reading.page.charset == "cp1252"
        text = reading.article.text
        assert text and not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
        assert (await lib.open(url)).from_store
    finally:
        await lib.close()


# --------------------------------------------------------------------------- other requests


async def test_no_cookies_are_kept_or_sent(httpserver: HTTPServer, tmp_path: Path) -> None:
    """A cookie lives for the redirects of one request (a site that sets one
    and redirects to itself works); the next request carries none."""
    seen: list[str | None] = []

    def check(request: Request) -> Response:
        seen.append(request.headers.get("Cookie"))
        if request.headers.get("Cookie") == "checked=1":
            return Response(GOOD, content_type="text/html")
        return Response("", 302, headers={"Location": "/check", "Set-Cookie": "checked=1"})

    httpserver.expect_request("/check").respond_with_handler(check)
    lib = make_library(tmp_path / "home")
    try:
        await lib.open(httpserver.url_for("/check"))
        await lib.open(httpserver.url_for("/check"), refresh=True)
    finally:
        await lib.close()
    assert seen == [None, "checked=1", None, "checked=1"]
    seen.clear()

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("Cookie"))
        return Response(
            GOOD, content_type="text/html", headers={"Set-Cookie": "session=abc; Path=/"}
        )

    httpserver.expect_request("/a").respond_with_handler(handler)
    httpserver.expect_request("/b").respond_with_handler(handler)
    lib = make_library(tmp_path / "home")
    try:
        await lib.open(httpserver.url_for("/a"))
        await lib.open(httpserver.url_for("/b"))
        await lib.open(httpserver.url_for("/a"), refresh=True)
    finally:
        await lib.close()
    assert seen == [None, None, None]
