"""Broken pieces of feeds, OPML and pages stuck together at random (seeded):
the readers raise FeedError or return, never anything else."""

from __future__ import annotations

import contextlib
import random

import pytest

from reader.core.errors import FeedError
from reader.core.feeds.discover import feed_links
from reader.core.feeds.newsboat import read_urls
from reader.core.feeds.opml import read_opml
from reader.core.feeds.parse import parse_feed
from reader.core.feeds.sniff import content_kind

PIECES = [
    b'<rss version="2.0">', b"<channel>", b"<item>", b"</item>", b"<title>", b"</title>",
    b"<link>", b"</link>", b"http://a.example/x", b"&amp;", b"&#0;", b"&#xD800;",
    b"&#99999999;", b"<![CDATA[", b"]]>", b'<!DOCTYPE x [<!ENTITY a "b">]>', b"\x00",
    b"\xff\xfe", b"\x1b[31m", b'<feed xmlns="http://www.w3.org/2005/Atom">', b"<entry>",
    b'<link href="javascript:x"/>', b'<link href="//[::1"/>', b"<link>http://[zz/</link>",
    b"<pubDate>Mon, 99 Foo 2024</pubDate>", b"<published>9999-12-31T23:59:59+14:00</published>",
    b"<updated>2024-02-30T25:61:00Z</updated>",
    b'{"version":"https://jsonfeed.org/version/1.1","items":[{"url":', b"null", b"{}", b"]}",
    b'"date_published":"2024-13-45"', b'"id":[1]', b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="base64"?>', b'<opml><body><outline xmlUrl="', b'"/>',
    b"</body></opml>", b'<outline text="a">', b"</outline>",
    b'<rdf:RDF xmlns="http://purl.org/rss/1.0/">', b'<base href="http://[x">',
    b'<link rel="alternate" type="application/rss+xml" href="', b"<guid>", b"</guid>",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_random_broken_input(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        data = b"".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))
        text = data.decode("latin-1")
        with contextlib.suppress(FeedError):
            parse_feed(data, "http://a.example/f")
        with contextlib.suppress(FeedError):
            read_opml(data)
        read_urls(text)
        feed_links(text, "http://a.example/")
        content_kind(data, None)


def test_forbidden_character_references() -> None:
    feed = parse_feed(
        b'<rss version="2.0"><channel><title>A&#xD800;B&#0;</title><item><title>x&#1;y</title>'
        b"<link>http://a.example/1</link></item></channel></rss>",
        "http://a.example/f",
    )
    assert feed.title == "AB" and feed.items[0].title == "xy"
    entries = read_opml(b'<opml><body><outline text="a&#xDFFF;b" xmlUrl="http://a.example/r"/>')
    assert entries[0].title == "ab"
