"""Titles and site names chosen by agreement between the page's sources.

The pages are written for these tests in the shapes real pages have.
"""

from __future__ import annotations

import pytest

from reader.core.extract.dom import parse_html
from reader.core.extract.metadata import Metadata, extract_metadata
from reader.core.extract.titles import strip_site_suffix, title_key


def _meta(head: str, body: str = "", url: str | None = None) -> Metadata:
    html = f"<html><head>{head}</head><body>{body}<p>Story text.</p></body></html>"
    return extract_metadata(parse_html(html), url)


def test_short_heading_loses_the_site_suffix_its_title_shows() -> None:
    meta = _meta(
        "<title>Story 3 - Harbour News</title>",
        "<article><h1>Story 3</h1></article>",
        "http://127.0.0.1:8123/story-3.html",
    )
    assert meta.title == "Story 3"
    assert meta.site_name == "Harbour News"


@pytest.mark.parametrize("url", ["https://beritanusantara.example/", "http://127.0.0.1:8080/"])
def test_a_front_page_title_is_the_site_name_not_a_headline(url: str) -> None:
    """ "Beranda" (home) is not the site's name, nor "Berita Nusantara" a headline."""
    meta = _meta("<title>Berita Nusantara - Beranda</title>", "<h2>Berita terkini</h2>", url)
    assert meta.title == "Berita Nusantara"
    assert meta.site_name == "Berita Nusantara"


def test_a_site_name_with_one_word_left_is_not_cut() -> None:
    meta = _meta("<title>Weather | The Ledger</title>", "", "https://theledger.example/weather")
    assert meta.title == "Weather | The Ledger"


def test_a_part_that_is_not_the_site_stays() -> None:
    head = "<title>Inflation - why prices keep rising | The Ledger</title>"
    meta = _meta(head, "", "https://theledger.example/economy/prices")
    assert meta.title == "Inflation - why prices keep rising"
    assert meta.site_name == "The Ledger"


def test_heading_matching_a_meta_title_wins_when_metas_disagree() -> None:
    head = """<meta property="og:title" content="Ferry timetable changes for the winter">
    <meta name="twitter:title" content="Winter ferries: what changes on Monday">
    <title>Ferry timetable changes for the winter - The Ledger</title>"""
    body = "<h1>Winter ferries: what changes on Monday</h1>"
    meta = _meta(head, body, "https://theledger.example/ferries")
    assert meta.title == "Winter ferries: what changes on Monday"


def test_without_a_heading_the_meta_title_the_title_agrees_with_wins() -> None:
    head = """<meta property="og:title" content="Ferry timetable changes for the winter">
    <meta name="twitter:title" content="Winter ferries: what changes on Monday">
    <title>Winter ferries: what changes on Monday | The Ledger</title>"""
    meta = _meta(head, "", "https://theledger.example/ferries")
    assert meta.title == "Winter ferries: what changes on Monday"


def test_agreeing_metas_win_over_a_heading_that_only_the_title_repeats() -> None:
    head = """<meta property="og:title" content="Council approves the new bridge">
    <meta name="twitter:title" content="Council approves the new bridge">
    <title>Bridge vote: what the council decided - The Ledger</title>"""
    body = "<h1>Bridge vote: what the council decided</h1>"
    meta = _meta(head, body, "https://theledger.example/bridge")
    assert meta.title == "Council approves the new bridge"


def test_heading_and_json_ld_headline_agree() -> None:
    head = """<meta property="og:title" content="Our weekend picnic kit">
    <title>Our weekend picnic kit - Small Trails</title>
    <script type="application/ld+json">{"@type": "BlogPosting",
     "headline": "Five rules for a picnic with toddlers"}</script>"""
    body = "<h1>Five rules for a picnic with toddlers</h1>"
    meta = _meta(head, body, "https://smalltrails.example/picnic")
    assert meta.title == "Five rules for a picnic with toddlers"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            """<meta name="dc.title" content="Tide tables, name form">
            <meta property="dc:title" content="Tide tables, property form">
            <meta property="og:title" content="Tide tables for the harbour">
            <title>Harbour tides</title>""",
            "Tide tables, property form",
        ),
        (
            '<meta property="x:label dc:title" content="Tide tables for March">',
            "Tide tables for March",
        ),
        ('<meta name="parsely-title" content="Tide tables for April">', "Tide tables for April"),
    ],
)
def test_without_agreement_the_most_trusted_declared_title_wins(head: str, expected: str) -> None:
    meta = _meta(head + "<title>Page</title>", "<h1>A heading nobody repeats</h1>")
    assert meta.title == expected


def test_the_declared_title_keeps_its_own_punctuation() -> None:
    head = """<meta property="og:title" content='Baker says the new oven "changed everything"'>
    <title>Baker says the new oven "changed everything" - Crumb Weekly</title>"""
    body = "<h1>Baker says the new oven “changed\u00a0everything”</h1>"
    meta = _meta(head, body, "https://crumbweekly.example/oven")
    assert meta.title == 'Baker says the new oven "changed everything"'


def test_section_label_is_dropped_when_another_source_gives_the_headline() -> None:
    head = """<meta property="og:title" content="Ferry fares rise again">
    <title>Ferry fares rise again | Business | The Ledger</title>"""
    meta = _meta(head, "", "https://ledger-news.example/business/fares")
    assert meta.title == "Ferry fares rise again"


def test_the_source_in_brackets_is_part_of_the_headline() -> None:
    head = """<meta property="og:site_name" content="港ニュース">
    <meta property="og:title" content="新しいフェリーが港に就航しました（港湾日報） - 港ニュース">
    <title>新しいフェリーが港に就航しました （港湾日報） - 港ニュース</title>"""
    body = "<h1>新しいフェリーが港に就航しました</h1>"
    meta = _meta(head, body, "https://minato.example/a/1")
    assert meta.title == "新しいフェリーが港に就航しました（港湾日報）"
    assert meta.site_name == "港ニュース"


def test_site_name_before_a_colon_is_cut_but_a_series_name_is_not() -> None:
    head = """<meta property="og:site_name" content="Crumb Weekly">
    <meta property="og:title" content="Crumb Weekly: Rye bread rises in the north">"""
    assert _meta(head, "<h1>Rye bread rises in the north</h1>").title == (
        "Rye bread rises in the north"
    )
    head = """<meta property="og:site_name" content="Crumb Weekly">
    <title>Crumb Weekly Gift Guide: What to give a baker</title>"""
    assert _meta(head).title == "Crumb Weekly Gift Guide: What to give a baker"


def test_logo_heading_is_not_the_headline() -> None:
    body = """<header><h1 class="site-logo"><a href="/">Harbour News</a></h1></header>
    <article><h1>Night ferry back on the timetable</h1></article>"""
    meta = _meta("<title>Night ferry back on the timetable</title>", body)
    assert meta.title == "Night ferry back on the timetable"


def test_copyright_owner_is_a_site_label() -> None:
    head = "<title>Testing a small parser | Notes | Jo Marsh</title>"
    body = "<h1><a href='/'>Hello, I'm Jo</a></h1><footer><p>© 2021 Jo Marsh</p></footer>"
    meta = _meta(head, body)
    assert meta.title == "Testing a small parser | Notes"
    assert meta.site_name == "Jo Marsh"


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        # A page title is not a site name; its part naming the domain is.
        (
            '<meta name="application-name" content="Daily Planet - Latest News &amp; Headlines">',
            "https://dailyplanet.example/",
            "Daily Planet",
        ),
        (
            '<meta name="application-name" content="Daily Planet - Latest News &amp; Headlines">',
            "https://news.example.org/",
            "Daily Planet",
        ),
        (
            '<meta property="og:site_name" content="Ferry fares rise again for the third time '
            'this year">',
            "https://news.example.org/",
            "news.example.org",
        ),
        (
            '<meta property="og:site_name" content="Ferry fares rise again for the third time '
            '- Daily Planet">',
            "https://news.example.org/",
            "news.example.org",
        ),
        # Accents do not hide the domain's name.
        (
            '<meta property="og:site_name" content="Kabar Pésisir - Berita hari ini">',
            "https://www.kabarpesisir.example/a",
            "Kabar Pésisir",
        ),
        # A Twitter handle loses to the name in the title that names the domain...
        (
            '<meta name="twitter:site" content="@jo_writes"><title>Fixing a bike | Jo Marsh</title>',
            "https://jomarsh.example/bike",
            "Jo Marsh",
        ),
        # ... and is used only when it is the domain's name.
        (
            '<meta name="twitter:site" content="@HarbourNews"><title>Fixing a bike</title>',
            "https://harbournews.example/bike",
            "HarbourNews",
        ),
        (
            '<meta name="twitter:site" content="@HarbourNewsCoId"><title>Fixing a bike</title>',
            "https://life.harbournews.co.id/bike",
            "life.harbournews.co.id",
        ),
        (
            '<meta name="twitter:site" content="@hn_desk"><title>Fixing a bike</title>',
            "https://harbournews.example/bike",
            "harbournews.example",
        ),
        # The JSON-LD publisher before application-name.
        (
            """<meta name="application-name" content="Planet App">
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "x",
            "publisher": {"@type": "Organization", "name": "Planet Media Group"}}</script>""",
            "https://dailyplanet.example/",
            "Planet Media Group",
        ),
    ],
)
def test_site_name(head: str, url: str, expected: str) -> None:
    assert _meta(head, "", url).site_name == expected


@pytest.mark.parametrize(
    ("title", "site", "host", "expected"),
    [
        ("Harbour ferries return - The Ledger", "The Ledger", "", "Harbour ferries return"),
        ("The Ledger | Harbour ferries return", None, "ledger.example", "Harbour ferries return"),
        ("Harbour ferries return - BuzzLine News", "BuzzLine", "", "Harbour ferries return"),
        (
            "Harbour ferries - Timeline of events",
            "Time",
            "",
            "Harbour ferries - Timeline of events",
        ),
        ("Harbour ferries return | TheHill.com", None, "thehill.com", "Harbour ferries return"),
        ("Harbour ferries return | Section", "The Ledger", "", "Harbour ferries return | Section"),
        ("The Ledger - Home", "The Ledger", "", "The Ledger"),
        ("The Ledger - Weather", "The Ledger", "", "The Ledger - Weather"),
        ("Live: council votes - The Ledger", "The Ledger", "", "Live: council votes"),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, host: str, expected: str) -> None:
    assert strip_site_suffix(title, site, host) == expected


def test_title_key_ignores_typography() -> None:
    assert title_key("Dropbox’s ATF – a “framework”") == title_key('Dropbox ATF - a "Framework"')
    assert title_key("Story 3") != title_key("Story 4")


def test_a_front_page_whose_metas_name_the_site_is_titled_with_its_name() -> None:
    head = """<title>The Ledger - News from the harbour towns</title>
    <meta property="og:title" content="The Ledger">
    <meta property="og:site_name" content="The Ledger">"""
    body = "<main><h1><a href='/stories/tram.html'>Council approves the tram line</a></h1></main>"
    meta = _meta(head, body, "https://theledger.example/")
    assert meta.title == "The Ledger"


def test_an_article_whose_og_title_is_only_the_site_name_keeps_its_headline() -> None:
    head = """<title>Council approves the tram line - The Ledger</title>
    <meta property="og:title" content="The Ledger">
    <meta property="og:site_name" content="The Ledger">"""
    meta = _meta(head, "<h1>Council approves the tram line</h1>", "https://theledger.example/a")
    assert meta.title == "Council approves the tram line"


def test_a_second_language_is_not_a_site_name() -> None:
    head = "<title>Page not found / Halaman tidak ditemukan</title>"
    meta = _meta(head, "<h1>Page not found</h1>", "http://127.0.0.1:8765/missing")
    assert meta.title == "Page not found"
    assert meta.site_name == "127.0.0.1"
