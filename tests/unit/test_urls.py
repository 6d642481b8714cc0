"""URL normalisation, resolution, comparison and the http(s)-only allow-list."""

from __future__ import annotations

import pytest

from reader.core.errors import BadURL
from reader.core.urls import (
    comparable,
    host_of,
    is_followable,
    normalize_user_url,
    resolve,
    scheme_of,
    shorten,
    site_key,
    without_fragment,
)


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("example.com", "https://example.com"),
        ("example.com/news", "https://example.com/news"),
        ("www.example.co.id/berita?x=1", "https://www.example.co.id/berita?x=1"),
        ("news.example.com#top", "https://news.example.com#top"),
        ("example.com:8080/x", "https://example.com:8080/x"),
        ("//example.com/x", "https://example.com/x"),
        ("  example.com/a b  ", "https://example.com/a%20b"),
        ("http://example.com", "http://example.com"),
        ("HTTPS://Example.com/X", "HTTPS://Example.com/X"),
        ("localhost", "http://localhost"),
        ("localhost/x", "http://localhost/x"),
        ("localhost:8000/x", "http://localhost:8000/x"),
        ("api.localhost:3000", "http://api.localhost:3000"),
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("127.0.0.1", "http://127.0.0.1"),
        ("[::1]:8000/x", "http://[::1]:8000/x"),
        ("berita.example.co.id", "https://berita.example.co.id"),
        ("bücher.example/", "https://bücher.example/"),
    ],
)
def test_normalize_user_url(typed: str, url: str) -> None:
    assert normalize_user_url(typed) == url


def test_normalize_strips_escape_sequences_and_bidi() -> None:
    assert normalize_user_url("\x1b[31mexample.com/a\u202e") == "https://example.com/a"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("javascript:alert(1)", "not javascript: links"),
        ("JavaScript:alert(1)", "not javascript: links"),
        ("javascript:0", "not javascript: links"),
        ("file:///etc/passwd", "not file: links"),
        ("data:text/html,<script>alert(1)</script>", "not data: links"),
        ("mailto:editor@example.com", "not mailto: links"),
        ("ftp://example.com/x", "not ftp: links"),
        ("about:blank", "not about: links"),
        ("", "No address given"),
        ("   \t", "No address given"),
        ("hello world", "Not a web address"),
        ("junk", "Not a web address"),
        ("example.com:abc", "Not a web address"),
        ("http://", "no host"),
        ("http:example.com", "no host"),
        ("https://[::1", "Malformed address"),
        ("https://example.com:99999/", "Malformed address"),
        ("http://exa mple.com/", "Malformed host name"),
    ],
)
def test_normalize_user_url_refuses(typed: str, message: str) -> None:
    with pytest.raises(BadURL, match=message):
        normalize_user_url(typed)


def test_bad_url_message_is_sanitized() -> None:
    with pytest.raises(BadURL) as info:
        normalize_user_url("not a url \x1b]0;title\x07 " + "x" * 200)
    assert "\x1b" not in str(info.value)
    assert "\x07" not in str(info.value)
    assert len(str(info.value)) < 120


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("HTTPS://x", "https"), ("javascript:x", "javascript"), ("example.com", ""), ("/a:b", "")],
)
def test_scheme_of(url: str, scheme: str) -> None:
    assert scheme_of(url) == scheme


@pytest.mark.parametrize(
    ("base", "href", "url"),
    [
        ("https://example.com/a/b", "c", "https://example.com/a/c"),
        ("https://example.com/a/b", "../c d.html", "https://example.com/c%20d.html"),
        ("https://example.com/a/b", " \n/x\ty \r\n", "https://example.com/xy"),
        ("https://example.com/a/b", "//cdn.example.com/x", "https://cdn.example.com/x"),
        ("https://example.com/a/b", "?page=2", "https://example.com/a/b?page=2"),
        ("https://example.com/a/b", "#frag", "https://example.com/a/b#frag"),
        ("https://example.com/", "\x1b]52;c;aGk=\x07/x", "https://example.com/x"),
        ("https://example.com/", "/\u202ex", "https://example.com/x"),
        (None, "/x", "/x"),
    ],
)
def test_resolve(base: str | None, href: str, url: str) -> None:
    assert resolve(base, href) == url


@pytest.mark.parametrize("href", [None, "", "  \n ", "http://[::1"])
def test_resolve_unresolvable(href: str | None) -> None:
    assert resolve("https://example.com/", href) is None


def test_resolve_keeps_other_schemes_for_the_caller_to_refuse() -> None:
    url = resolve("https://example.com/", "java\nscript:alert(1)")
    assert url == "javascript:alert(1)"
    assert url is not None
    assert not is_followable(url)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/x", True),
        ("http://example.com", True),
        ("HTTP://EXAMPLE.COM", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("mailto:a@example.com", False),
        ("ftp://example.com/", False),
        ("https://", False),
        ("/relative", False),
        ("example.com", False),
        ("http://[::1", False),
    ],
)
def test_is_followable(url: str, ok: bool) -> None:
    assert is_followable(url) is ok


def test_comparable_ignores_scheme_www_fragment_tracking_and_slash() -> None:
    a = comparable("https://www.Example.com/news/story/?utm_source=tw&id=3&fbclid=x#top")
    b = comparable("http://example.com/news/story?id=3")
    assert a == b == "//example.com/news/story?id=3"


def test_comparable_keeps_meaningful_differences() -> None:
    assert comparable("https://example.com/a?id=3") != comparable("https://example.com/a?id=4")
    assert comparable("https://example.com/a") != comparable("https://example.com/b")
    assert comparable("https://example.com:8443/a") != comparable("https://example.com/a")
    assert comparable("https://example.com:443/a") == comparable("https://example.com/a")


def test_comparable_collapses_slashes_and_survives_junk() -> None:
    assert comparable("https://example.com//a//b/") == "//example.com/a/b"
    assert comparable("https://[::1/") == "https://[::1/"


def test_without_fragment() -> None:
    assert without_fragment("https://example.com/a#b") == "https://example.com/a"
    assert without_fragment("https://example.com/a") == "https://example.com/a"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.Example.com/a", "example.com"),
        ("https://news.example.co.id/", "news.example.co.id"),
        (None, ""),
        ("not a url", ""),
    ],
)
def test_host_of(url: str | None, host: str) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("news.example.co.id", "example.co.id"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("a.b.example.com", "example.com"),
        ("example.com", "example.com"),
    ],
)
def test_site_key(host: str, key: str) -> None:
    assert site_key(host) == key


def test_shorten() -> None:
    assert shorten("https://example.com/a") == "https://example.com/a"
    long = shorten("https://example.com/" + "x" * 200)
    assert len(long) == 80
    assert long.endswith("…")
    assert shorten("https://example.com/\x1b[2J\nnext") == "https://example.com/ next"
