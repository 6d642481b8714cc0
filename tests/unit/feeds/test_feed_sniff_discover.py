"""content_kind (feed, page or neither, by the bytes first) and feed_links
(the feeds a page advertises)."""

from __future__ import annotations

import pytest

from reader.core.feeds.discover import feed_links
from reader.core.feeds.model import FeedLink
from reader.core.feeds.sniff import content_kind, feed_format, root_name


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', None, "feed"),
        (b'<rss version="0.91"><channel/></rss>', "text/html", "feed"),
        (b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom"/>', "text/plain", "feed"),
        (
            b'<?xml version="1.0"?><!-- c --><?xml-stylesheet href="a.xsl"?>'
            b'<!DOCTYPE rdf [<!ENTITY x "y">]><rdf:RDF xmlns:rdf="r" '
            b'xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>',
            None,
            "feed",
        ),
        ('<?xml version="1.0" encoding="utf-16"?><rss/>'.encode("utf-16"), None, "feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', None, "feed"),
        (b'{"items": [], "title": "x", "version": "https://jsonfeed.org/version/1"}', None, "feed"),
        (b'{"a": 1, "version": "2"}', "application/json", None),
        (b"<!doctype html><html><body>x</body></html>", "application/rss+xml", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', None, "html"),
        (b"<p>fragment</p>", "text/html", "html"),
        (b"just words", "text/plain", None),
        (b'<?xml version="1.0"?><catalogue/>', "application/xml", None),
        (b'<rdf:RDF xmlns:rdf="r"><x/></rdf:RDF>', None, None),
        (b"%PDF-1.7", "application/rss+xml", None),
        (b"", "application/rss+xml", None),
    ],
)
def test_content_kind(body: bytes, content_type: str | None, kind: str | None) -> None:
    assert content_kind(body, content_type) == kind


def test_feed_format() -> None:
    assert feed_format(b"<rss/>") == "rss"
    assert feed_format(b'<a:feed xmlns:a="http://www.w3.org/2005/Atom"/>') == "atom"
    assert feed_format(b'<rdf:RDF xmlns="http://purl.org/rss/1.0/"/>') == "rdf"
    assert feed_format(b'{"version":"https://jsonfeed.org/version/1.1"}') == "json"
    assert feed_format(b"<html/>") is None


def test_root_name_on_hostile_prologs() -> None:
    # Unclosed comments, declarations and long runs: None, in one pass (a
    # backtracking pattern would take minutes on these).
    for text in (" " * 200_000 + "x", "<!--" * 50_000, "<!DOCTYPE x [" + "<!ENTITY " * 20_000):
        assert root_name(text) is None
    assert root_name("<?xml version='1.0'?>\n<!-- a -->\n<rss>") == "rss"


PAGE = """<!doctype html><html><head>
<base href="https://kabar.example/berita/">
<link rel="stylesheet" type="text/css" href="/gaya.css">
<link rel="alternate" type="application/rss+xml" title="Komentar terbaru" href="/komentar/feed">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/7">
<link rel="alternate" type="application/json+oembed" href="/oembed?x=1">
<link rel="alternate" type="application/json" title="JSON" href="feed.json">
<link rel="alternate" type="application/rss+xml" title="Kabar &amp; Berita" href="rss.xml">
<link rel="Alternate Home" TYPE="application/atom+xml; charset=utf-8" href='/atom'>
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" href="rss.xml#again">
<link rel="alternate" hreflang="en" href="/en/">
<link rel="alternate" type="application/feed+json" href="https://kabar.example/feed.json?v=1">
</head><body><p>Isi</p></body></html>"""


def test_feed_links_order_and_filters() -> None:
    links = feed_links(PAGE, "https://kabar.example/halaman")
    assert links == [
        FeedLink("https://kabar.example/berita/rss.xml", "Kabar & Berita", "rss"),
        FeedLink("https://kabar.example/atom", "", "atom"),
        FeedLink("https://kabar.example/feed.json?v=1", "", "json"),
        FeedLink("https://kabar.example/berita/feed.json", "JSON", "json"),
        FeedLink("https://kabar.example/komentar/feed", "Komentar terbaru", "rss"),
    ]


def test_no_feed_links() -> None:
    assert feed_links("<html><head><title>x</title></head></html>", "https://a.example/") == []
    assert feed_links("", "https://a.example/") == []


def test_feed_links_without_base_use_the_page_url() -> None:
    html = '<link rel=alternate type=application/atom+xml href="../f.xml" title="\x1b[31mF">'
    assert feed_links(html, "https://a.example/x/y") == [
        FeedLink("https://a.example/f.xml", "F", "atom")
    ]


def test_comment_feeds_in_other_languages_go_last() -> None:
    html = (
        '<link rel="alternate" type="application/rss+xml" title="Feed de comentários" href="/c">'
        '<link rel="alternate" type="application/rss+xml" title="Kommentare" href="/k">'
        '<link rel="alternate" type="application/rss+xml" title="Blog" href="/feed">'
    )
    assert [link.url for link in feed_links(html, "https://a.example/")] == [
        "https://a.example/feed",
        "https://a.example/c",
        "https://a.example/k",
    ]
