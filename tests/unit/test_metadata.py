"""Metadata: titles, bylines, dates, site names, languages."""

from __future__ import annotations

import pytest

from reader.core.extract.byline import clean_byline
from reader.core.extract.dates import parse_date
from reader.core.extract.dom import parse_html
from reader.core.extract.metadata import extract_metadata
from reader.core.extract.titles import strip_site_suffix


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05T14:20:00+07:00", "2024-03-05T14:20:00+07:00"),
        ("2024-03-05T07:20:00Z", "2024-03-05T07:20:00+00:00"),
        ("2024-03-05", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("Tue, 05 Mar 2024 07:20:00 GMT", "2024-03-05T07:20:00+00:00"),
        ("Selasa, 5 Maret 2024 14:20 WIB", "2024-03-05T14:20:00+07:00"),
        ("5 Agustus 2023", "2023-08-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Updated March 5, 2024 at 2:20 pm EST", "2024-03-05T14:20:00-05:00"),
        ("05/03/2024", "2024-03-05"),
        ("nonsense", None),
        ("", None),
        ("31 February 2024", None),
        ("1850-01-01", None),
    ],
)
def test_parse_date(raw: str, expected: str | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        (
            "Harbour ferries return after storm - The Ledger",
            "The Ledger",
            "Harbour ferries return after storm",
        ),
        (
            "The Ledger | Harbour ferries return after storm",
            "The Ledger",
            "Harbour ferries return after storm",
        ),
        (
            # Only the site's name is cut; "News" could be part of a headline
            # (other sources show when it is a label: see test_titles.py).
            "Harbour ferries return after storm | News | The Ledger",
            "The Ledger",
            "Harbour ferries return after storm | News",
        ),
        (
            "Live: council votes on the new harbour plan - The Ledger",
            "The Ledger",
            "Live: council votes on the new harbour plan",
        ),
        ("Just a headline without suffix", None, "Just a headline without suffix"),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, expected: str) -> None:
    assert strip_site_suffix(title, site) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("Oleh: Budi Santoso", "Budi Santoso"),
        ("Penulis : Sari Wulandari", "Sari Wulandari"),
        ("Jane Doe | March 5, 2024", "Jane Doe"),
        ("Jane Doe March 5, 2024", "Jane Doe"),
        ("Dewi Lestari - Jurnalis", "Dewi Lestari"),
        ("https://www.facebook.com/someone", None),
        ("admin", None),
        ("webeditor42", None),
        ("", None),
    ],
)
def test_clean_byline(raw: str, expected: str | None) -> None:
    assert clean_byline(raw) == expected


def test_byline_is_not_the_site_name() -> None:
    assert clean_byline("The Ledger", site="The Ledger") is None


PAGE = """<!doctype html><html lang="en-GB"><head>
<title>Night buses return to the valley - The Valley Courier</title>
<meta property="og:site_name" content="The Valley Courier">
<meta property="og:title" content="Night buses return to the valley">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "The Valley Courier"},
  {"@type": "NewsArticle", "headline": "Night buses return to the valley",
   "datePublished": "2025-02-11T21:15:00+00:00",
   "author": [{"@type": "Person", "name": "Mira Holt"}, {"@type": "Person", "name": "Sam Okafor"}]}
]}
</script></head><body>
<header><h1><a href="/">The Valley Courier</a></h1></header>
<article><h1>Night buses return to the valley</h1>
<p>Text of the story goes here and goes on for a while.</p></article>
<form class="comment-form"><label class="comment-author">Name (required)</label></form>
</body></html>"""


def test_json_ld_graph_gives_title_byline_date_site_lang() -> None:
    meta = extract_metadata(parse_html(PAGE), "https://courier.example/news/buses")
    assert meta.title == "Night buses return to the valley"
    assert meta.byline == "Mira Holt, Sam Okafor"
    assert meta.published == "2025-02-11T21:15:00+00:00"
    assert meta.site_name == "The Valley Courier"
    assert meta.lang == "en-GB"


def test_fallbacks_without_structured_data() -> None:
    html = """<html><head><title>Pasar ikan dibuka lagi | Kabar Pesisir</title></head>
    <body><div class="post"><h1>Pasar ikan dibuka lagi</h1>
    <div class="meta"><span class="author-name">Oleh: Rini Hapsari</span>
    <time datetime="2024-07-01T08:00:00+07:00">1 Juli 2024</time></div>
    <figure><img src="a.jpg"><span class="photo-author">Foto: Arsip</span></figure>
    <p>Isi berita.</p></div></body></html>"""
    meta = extract_metadata(parse_html(html), "https://pesisir.example/pasar")
    assert meta.title == "Pasar ikan dibuka lagi"
    assert meta.byline == "Rini Hapsari"
    assert meta.published == "2024-07-01T08:00:00+07:00"
    assert meta.site_name == "Kabar Pesisir"


def test_commenter_and_photographer_are_not_bylines() -> None:
    html = """<html><head><title>A quiet story about the weather - Site</title></head><body>
    <figure><img src="x.jpg"><span class="author">Photo Agency</span></figure>
    <div class="comments"><span class="comment-author">Random Reader</span></div>
    <p>Body.</p></body></html>"""
    assert extract_metadata(parse_html(html), None).byline is None


def test_site_name_falls_back_to_host() -> None:
    meta = extract_metadata(
        parse_html("<html><body><p>x</p></body></html>"), "https://www.news.example/a"
    )
    assert meta.site_name == "news.example"
    assert meta.title == ""
