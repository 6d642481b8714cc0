"""parse_source reads a SOURCE once into a typed value that the library,
the loader and the fetcher pass along without reading the text again."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import BadURL, FileSourceError
from reader.core.locate import (
    LocalFile,
    StandardInput,
    WebAddress,
    parse_source,
    web_address,
)


@pytest.mark.parametrize(
    ("text", "url", "key"),
    [
        ("https://example.com/news", "https://example.com/news", "//example.com/news"),
        ("example.com/news/", "https://example.com/news/", "//example.com/news"),
        ("localhost:8000/x", "http://localhost:8000/x", "//localhost:8000/x"),
        ("example.com/a b", "https://example.com/a%20b", "//example.com/a%20b"),
    ],
)
def test_web_addresses_are_normalised_and_keyed(text: str, url: str, key: str) -> None:
    source = parse_source(text)
    assert source == WebAddress(url)
    assert isinstance(source, WebAddress)
    assert source.key == key
    assert str(source) == url


def test_the_key_ignores_what_does_not_change_the_page() -> None:
    a = WebAddress("https://www.example.com/story/?utm_source=x#top")
    b = WebAddress("http://example.com/story")
    assert a.key == b.key


def test_files_are_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "story.html"
    page.write_text("<p>x</p>")
    monkeypatch.chdir(tmp_path)
    assert parse_source("story.html") == LocalFile(page.resolve())
    assert parse_source(page.as_uri()) == LocalFile(page.resolve())
    source = parse_source(str(page))
    assert isinstance(source, LocalFile)
    assert source.uri == page.resolve().as_uri()


def test_a_dash_is_standard_input() -> None:
    assert parse_source("-") == StandardInput()


@pytest.mark.parametrize("text", ["javascript:alert(1)", "data:text/html,x", "file://host/x"])
def test_other_schemes_are_bad_urls(text: str) -> None:
    with pytest.raises(BadURL):
        parse_source(text)
    assert web_address(text) is None


def test_a_missing_file_name_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileSourceError, match=r"No such file: story\.html"):
        parse_source("story.html")
    assert web_address("story.html") is None
