"""OPML import (nested outlines, categories, safe XML) and export (grouped by
first tag, page and list sources kept), and newsboat's urls file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import FeedError
from reader.core.feeds.model import OutlineEntry
from reader.core.feeds.newsboat import read_urls
from reader.core.feeds.opml import read_opml, write_opml
from reader.core.records import SOURCE_FEED, SOURCE_LIST, SOURCE_PAGE, Source

FIXTURES = Path(__file__).parent / "fixtures"


def test_read_nested_opml() -> None:
    entries = read_opml((FIXTURES / "nested.opml").read_bytes())
    assert entries == [
        OutlineEntry("https://kabarlembah.example/rss", "Kabar Lembah", ("Berita", "Lokal")),
        OutlineEntry(
            "https://ridge.example/rss",
            "Ridge Weekly",
            ("Berita", "Lokal", "English", "Mountains", "weekly"),
        ),
        OutlineEntry("https://tide.example/blog/atom.xml", "Tide notes", ("Berita",)),
        OutlineEntry("https://gazette.example/", "Harbour front page", (), "page"),
        OutlineEntry("https://kabar.example/", "Kabar · Terkini", ("berita",), "page", "Terkini"),
        OutlineEntry("https://lowercase.example/feed", "Unquoted & fine", ()),
    ]


def test_opml_1_0_without_head() -> None:
    data = (
        b'<opml version="1.0"><body><outline text="A" xmlUrl="http://a.example/rss"/></body></opml>'
    )
    assert read_opml(data) == [OutlineEntry("http://a.example/rss", "A")]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"https://kabar.example/rss",
        b'<rss version="2.0"><channel/></rss>',
        b"<!doctype html><html><body>x</body></html>",
    ],
)
def test_not_opml(data: bytes) -> None:
    with pytest.raises(FeedError, match="not an OPML file"):
        read_opml(data)


def test_opml_billion_laughs_and_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA-OPML")
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 12)
    )
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml [{entities}'
        f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<opml version="2.0"><body>'
        '<outline text="&a11;" xmlUrl="https://a.example/rss"/>'
        '<outline text="&xxe;" xmlUrl="https://b.example/rss"/>'
        "</body></opml>"
    ).encode()
    entries = read_opml(data)
    assert [e.url for e in entries] == ["https://a.example/rss", "https://b.example/rss"]
    assert all(len(e.title) < 50 and "RAHASIA" not in e.title for e in entries)


def test_malformed_opml_is_read_as_far_as_it_goes() -> None:
    data = b'<opml><body><outline text="A" xmlUrl="https://a.example/rss"/><outline text="B"'
    assert [e.url for e in read_opml(data)] == ["https://a.example/rss"]


def _source(n: int, url: str, kind: str, title: str, tags: tuple[str, ...], **kw: str) -> Source:
    return Source(id=n, url=url, kind=kind, title=title, tags=tags, **kw)  # type: ignore[arg-type]


SOURCES = [
    _source(1, "https://kabarlembah.example/rss", SOURCE_FEED, "Kabar Lembah", ("berita", "lokal")),
    _source(2, "https://ridge.example/rss", SOURCE_FEED, "Ridge Weekly", ()),
    _source(3, "https://gazette.example/", SOURCE_PAGE, "Harbour front page", ("english",)),
    Source(
        id=4,
        url="https://kabar.example/",
        kind=SOURCE_LIST,
        title="Kabar · Terkini",
        tags=("berita",),
        list_heading="Terkini",
    ),
    _source(5, "https://tide.example/atom?a=1&b=2", SOURCE_FEED, 'Tide <"notes">', ("a,b", "c/d")),
    Source(
        id=6,
        url="https://site.example/feed",
        kind=SOURCE_FEED,
        title="Situs \x1b[31mmerah",
        site_url="https://site.example/",
    ),
]


def test_write_opml_round_trip() -> None:
    data = write_opml(SOURCES)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<opml version=\"2.0\">")
    back = {e.url: e for e in read_opml(data)}
    assert back["https://kabarlembah.example/rss"] == OutlineEntry(
        "https://kabarlembah.example/rss", "Kabar Lembah", ("berita", "lokal")
    )
    assert back["https://ridge.example/rss"].tags == ()
    assert back["https://gazette.example/"] == OutlineEntry(
        "https://gazette.example/", "Harbour front page", ("english",), "page"
    )
    assert back["https://kabar.example/"] == OutlineEntry(
        "https://kabar.example/", "Kabar · Terkini", ("berita",), "page", "Terkini"
    )
    tide = back["https://tide.example/atom?a=1&b=2"]
    assert tide.title == 'Tide <"notes">'
    assert tide.tags == ("a b", "c d")
    assert back["https://site.example/feed"].title == "Situs merah"
    assert len(back) == len(SOURCES)


def test_write_opml_groups_by_first_tag() -> None:
    from lxml import etree

    root = etree.fromstring(write_opml(SOURCES))
    top = [o.get("text") for o in root.find("body")]  # type: ignore[union-attr]
    # folders in order, then the untagged sources
    assert top == ["a b", "berita", "english", "Ridge Weekly", "Situs merah"]


def test_write_opml_empty() -> None:
    assert read_opml(write_opml([])) == []


def test_newsboat_urls() -> None:
    entries, problems = read_urls((FIXTURES / "urls").read_text(encoding="utf-8"))
    assert entries == [
        OutlineEntry("https://kabarlembah.example/rss", "", ("berita", "lokal")),
        OutlineEntry("https://ridge.example/rss", "Ridge Weekly", ("mountain news", "english")),
        OutlineEntry("https://tide.example/blog/atom.xml", 'Tide "notes"', ("laut",)),
        OutlineEntry("https://spaced.example/rss", "", ("satu", "dua")),
    ]
    assert problems == [
        "line 5: a query feed (made from other feeds) is not a source; skipped.",
        "line 6: a feed made by running a program is not followed; skipped.",
        "line 7: a feed passed through a filter program is not followed; skipped.",
        "line 9: 'file:///home/me/feed.xml' is not a web address; skipped.",
        "line 10: a quote is not closed; skipped.",
    ]


def test_newsboat_empty_and_comments_only() -> None:
    assert read_urls("") == ([], [])
    assert read_urls("# nothing\n\n   \n") == ([], [])
    assert read_urls('""\n') == ([], ["line 1: '' is not a web address; skipped."])
