"""parse_feed on our fixtures (RSS 0.91, RSS 2.0, RSS 1.0/RDF, Atom with
xml:base, JSON Feed 1.1) and on hostile or broken input."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.core.errors import FeedError
from reader.core.feeds.entries import MAX_ITEMS
from reader.core.feeds.model import ParsedFeed
from reader.core.feeds.parse import parse_feed
from reader.core.feeds.text import MAX_SUMMARY

FIXTURES = Path(__file__).parent / "fixtures"
WIB = timezone(timedelta(hours=7))


def load(name: str, url: str) -> ParsedFeed:
    return parse_feed((FIXTURES / name).read_bytes(), url)


def rss(items: str, *, head: str = "", title: str = "Kabar") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://kabar.example/</link>{items}</channel></rss>"
    ).encode()


def item(title: str = "Judul", link: str = "https://kabar.example/a", extra: str = "") -> str:
    return f"<item><title>{title}</title><link>{link}</link>{extra}</item>"


# --------------------------------------------------------------------------- formats


def test_rss_091_with_netscape_doctype_and_html_entities() -> None:
    feed = load("rss091.xml", "http://gazette.example/rss.xml")
    assert feed.kind == "rss"
    assert feed.title == "Harbour Town Gazette"
    assert feed.site_url == "http://gazette.example/"
    assert [i.title for i in feed.items] == [
        "Lighthouse keeper retires after forty winters",
        "Caf\u00e9 on Quay Street reopens",
    ]
    assert feed.items[1].url == "http://gazette.example/2024/quay-cafe.html"
    assert feed.items[1].guid == "//gazette.example/2024/quay-cafe.html"
    assert feed.problems == ()


def test_rss_20_items() -> None:
    feed = load("rss20.xml", "https://kabarlembah.example/rss")
    first = feed.items[0]
    assert first.guid == "kl-1001"
    assert first.author == "Sari Wulandari"
    assert first.published == datetime(2024, 5, 14, 8, 30, tzinfo=WIB)
    assert first.published is not None and first.published.utcoffset() == timedelta(hours=7)
    assert first.updated is None
    assert first.summary == (
        "Hujan yang datang lebih cepat membuat biji kopi matang sebelum waktunya."
    )
    second = feed.items[1]
    assert second.published == datetime(2024, 5, 13, 17, 5, tzinfo=WIB)  # ISO in pubDate
    assert second.url == "https://kabarlembah.example/daerah/jembatan-gantung?utm_source=rss"


def test_rss_20_duplicates_untitled_and_linkless() -> None:
    feed = load("rss20.xml", "https://kabarlembah.example/rss")
    assert [i.guid for i in feed.items].count("kl-1002") == 1
    untitled = feed.items[2]
    assert untitled.title.startswith("Pasar malam kembali ramai")
    assert untitled.title.endswith("\u2026") and len(untitled.title) <= 90
    assert len(feed.items) == 3
    assert "1 entry without a link skipped." in feed.problems
    assert "1 entry with a repeated id kept once." in feed.problems


def test_rss_10_rdf() -> None:
    feed = load("rdf.xml", "https://ridge.example/rss")
    assert feed.kind == "rdf"
    assert feed.title == "Ridge Weekly"
    assert [i.url for i in feed.items] == [
        "https://ridge.example/notes/snowline",
        "https://ridge.example/notes/trail",
    ]
    assert feed.items[0].author == "R. Okafor"
    assert feed.items[0].published == datetime(
        2024, 3, 2, 9, 15, tzinfo=timezone(timedelta(hours=-5))
    )


def test_rss_090() -> None:
    body = (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old Harbour</title>'
        b"<link>http://old.example/</link></channel><item><title>Boats return at dusk</title>"
        b"<link>http://old.example/boats</link></item></rdf:RDF>"
    )
    feed = parse_feed(body, "http://old.example/rss")
    assert feed.kind == "rdf"
    assert [(i.title, i.url) for i in feed.items] == [
        ("Boats return at dusk", "http://old.example/boats")
    ]


def test_atom_with_xml_base_and_html_titles() -> None:
    feed = load("atom_base.xml", "https://tide.example/blog/atom.xml")
    assert feed.kind == "atom"
    assert feed.title == "Tide & Current notes"
    assert feed.site_url == "https://tide.example/blog/"
    spring, moon = feed.items
    assert spring.url == "https://tide.example/blog/2024/spring-tides.html"
    assert spring.title == "Spring tides flood the lower market"
    assert spring.published == datetime(2024, 5, 30, 6, 45, tzinfo=timezone(timedelta(hours=9)))
    assert spring.updated == datetime(2024, 5, 31, 8, 0, tzinfo=timezone(timedelta(hours=9)))
    assert spring.author == "Mira Tan"
    assert moon.url == "https://tide.example/moon"
    assert moon.title == "A full moon schedule"
    assert moon.summary == "Tables for the coming month."
    assert moon.published == datetime(2024, 5, 20, 20, 0, tzinfo=UTC)


def test_json_feed_11() -> None:
    feed = load("jsonfeed11.json", "https://pesisir.example/feed.json")
    assert feed.kind == "json"
    assert feed.title == "Catatan Pesisir"
    assert feed.site_url == "https://pesisir.example/"
    boat, wind = feed.items
    assert boat.summary == "Perahu dicat biru dan putih."
    assert boat.author == "Dewi Anggraini"
    assert boat.published == datetime(2024, 4, 10, 7, 0, tzinfo=timezone(timedelta(hours=8)))
    assert wind.guid == "42"
    assert wind.url == "https://pesisir.example/2024/angin-barat"
    assert wind.author == "Redaksi Pesisir"
    assert feed.problems == ("1 entry without a link skipped.",)


def test_json_feed_10_author() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1", "title": "Lama", "items": '
        b'[{"id": "a", "url": "https://lama.example/a", "title": "Satu", '
        b'"author": {"name": "Budi"}}]}'
    )
    feed = parse_feed(body, "https://lama.example/feed.json")
    assert feed.items[0].author == "Budi"


# --------------------------------------------------------------------------- hostile


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<!doctype html><html><body><p>Halo</p></body></html>", "web page"),
        (b"<?xml version='1.0'?><catalogue><book/></catalogue>", "not a feed"),
        (b'{"title": "not a feed", "items": []}', "not a feed"),
        (b"plain words", "not a feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", ', "not valid JSON"),
    ],
)
def test_not_a_feed(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(body, "https://kabar.example/feed")


def test_empty_feed_has_no_items() -> None:
    feed = parse_feed(rss(""), "https://kabar.example/rss")
    assert feed.items == () and feed.title == "Kabar"


def test_malformed_xml_is_read_as_far_as_it_goes() -> None:
    body = rss(item("Satu", "https://kabar.example/1") + item("Dua & tiga", "/2"))[:-30]
    feed = parse_feed(body, "https://kabar.example/rss")
    assert [i.title for i in feed.items][:1] == ["Satu"]
    assert any("not well-formed" in p for p in feed.problems)


def test_junk_before_the_feed() -> None:
    feed = parse_feed(b"\n\nWarning: x\n" + rss(item()), "https://kabar.example/rss")
    assert len(feed.items) == 1
    assert "Text before the feed's first element was ignored." in feed.problems


def test_ten_thousand_items_are_capped() -> None:
    items = "".join(item(f"Berita {n}", f"https://kabar.example/{n}") for n in range(10_000))
    feed = parse_feed(rss(items), "https://kabar.example/rss")
    assert len(feed.items) == MAX_ITEMS
    assert feed.items[-1].title == f"Berita {MAX_ITEMS - 1}"
    assert any("more than 1,000 entries" in p for p in feed.problems)


def test_ten_thousand_unclosed_items_are_capped() -> None:
    items = "".join(f"<item><title>Berita {n}</title><link>/{n}</link>" for n in range(10_000))
    feed = parse_feed(rss(items), "https://kabar.example/rss")
    assert len(feed.items) == MAX_ITEMS
    assert any("more than 1,000 entries" in p for p in feed.problems)


def test_billion_laughs_is_not_expanded() -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 12)
    )
    body = rss(item("&a11;"), head=f"<!DOCTYPE rss [{entities}]>", title="&a11;")
    feed = parse_feed(body, "https://kabar.example/rss")
    assert len(feed.title) < 50
    assert all(len(i.title) < 50 for i in feed.items)
    assert "The feed's own entity definitions were ignored." in feed.problems


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA-123")
    uri = secret.as_uri()
    body = rss(
        item("a &xxe;", "https://kabar.example/1", extra="<description>&xxe;</description>"),
        head=f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{uri}">]>',
        title="&xxe;",
    )
    feed = parse_feed(body, "https://kabar.example/rss")
    text = feed.title + " ".join(i.title + i.summary for i in feed.items)
    assert "RAHASIA" not in text


def test_body_that_is_a_file_name_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss(item("RAHASIA")))
    with pytest.raises(FeedError):
        parse_feed(os.fsencode(secret), "https://kabar.example/rss")


def test_charset_lie_in_the_header() -> None:
    body = rss(item("Kopi \u2014 caf\u00e9"))
    feed = parse_feed(body, "https://kabar.example/rss", "application/rss+xml; charset=iso-8859-1")
    assert feed.items[0].title == "Kopi \u2014 caf\u00e9"


def test_header_charset_wins_over_the_declaration() -> None:
    body = rss(item("Caf\u00e9")).decode().encode("cp1252")  # declared utf-8, really cp1252
    feed = parse_feed(body, "https://kabar.example/rss", "text/xml; charset=windows-1252")
    assert feed.items[0].title == "Caf\u00e9"


def test_dates_in_the_future_and_1970_are_dropped() -> None:
    future = (datetime.now(UTC) + timedelta(days=30)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    soon = (datetime.now(UTC) + timedelta(hours=20)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    items = (
        item("a", "https://kabar.example/a", f"<pubDate>{future}</pubDate>")
        + item("b", "https://kabar.example/b", "<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>")
        + item("c", "https://kabar.example/c", f"<pubDate>{soon}</pubDate>")
        + item("d", "https://kabar.example/d", "<pubDate>kemarin sore</pubDate>")
    )
    feed = parse_feed(rss(items), "https://kabar.example/rss")
    a, b, c, d = feed.items
    assert a.published is None and b.published is None and d.published is None
    assert c.published is not None
    assert "2 dates before 1990 or in the future ignored." in feed.problems


def test_naive_dates_are_read_as_utc() -> None:
    items = item("a", "https://kabar.example/a", "<pubDate>2024-02-03T04:05:06</pubDate>")
    feed = parse_feed(rss(items), "https://kabar.example/rss")
    assert feed.items[0].published == datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,&lt;b&gt;x&lt;/b&gt;",
        "ftp://kabar.example/x",
        "mailto:redaksi@kabar.example",
    ],
)
def test_other_schemes_are_dropped_with_a_problem(link: str) -> None:
    feed = parse_feed(rss(item("x", link) + item()), "https://kabar.example/rss")
    assert [i.url for i in feed.items] == ["https://kabar.example/a"]
    assert any("other kinds of address" in p for p in feed.problems)


def test_escape_sequences_and_markup_in_titles() -> None:
    title = "\x1b]8;;https://evil.example\x07Klik\x1b]8;;\x07 &lt;b&gt;tebal&lt;/b&gt; \x1b[31mmerah\x1b[0m \u202eterbalik"
    body = rss(
        item(
            title,
            extra="<description>&lt;p&gt;Isi\x1b[2J ringkas&lt;/p&gt;&lt;style&gt;p{}&lt;/style&gt;</description>"
            "<author>\x07Ani\x1b[0m</author>",
        ),
        title="Kabar\x1b[5m Ramai\x00",
    )
    feed = parse_feed(body, "https://kabar.example/rss")
    entry = feed.items[0]
    assert entry.title == "Klik tebal merah terbalik"
    assert entry.summary == "Isi ringkas"
    assert entry.author == "Ani"
    assert feed.title == "Kabar Ramai"


def test_summaries_are_bounded_plain_text() -> None:
    long = "&lt;p&gt;" + "kata " * 3000 + "&lt;/p&gt;"
    feed = parse_feed(
        rss(item(extra=f"<description>{long}</description>")), "https://kabar.example/rss"
    )
    summary = feed.items[0].summary
    assert len(summary) <= MAX_SUMMARY
    assert "<" not in summary and summary.endswith("\u2026")


def test_relative_links_resolve_against_the_feed_url() -> None:
    feed = parse_feed(rss(item(link="../berita/1#komentar")), "https://kabar.example/rss/utama")
    assert feed.items[0].url == "https://kabar.example/berita/1"


def test_guid_link_when_the_item_has_no_link() -> None:
    body = rss(
        '<item><title>Satu</title><guid isPermaLink="true">https://kabar.example/1</guid></item>'
    )
    feed = parse_feed(body, "https://kabar.example/rss")
    assert feed.items[0].url == "https://kabar.example/1"
