"""Feeds (issue 11): the feed parsers side by side, and the index-page test
on the corpus.

- Parsing: the same feeds, in the same run, through feedparser (what
  `parse_feed` uses), fastfeedparser and feedparser-rs (the `bench` extra:
  `pip install -e '.[bench]'`; a parser not installed gives no row), and
  through `parse_feed` itself (feedparser plus our checking and cleaning).
  The feeds: the 4 real RSS feeds of ../shared/corpus/idnews/frontpages and
  feeds we build (RSS 2.0 of 20 and 100 items with HTML descriptions, Atom
  of 50 entries with xml:base, RSS 1.0 of 30, a 1,000-item RSS 2.0). Each
  feed is parsed `rounds` times per parser, parsers interleaved; median
  and p95 over all those samples, in ms per feed; and how many entries each
  parser found in all (they must agree).
- Index pages: `looks_like_index` (with the page's html, as the library
  calls it) on the HTML front pages of idnews/frontpages and on every
  article page of the corpus sets; the stories `page_stories` finds on the
  front pages.

`python -m bench --only feeds` prints the rows.
"""

from __future__ import annotations

import gzip
import io
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import corpus_sets, load_set
from bench.stats import p95

Row = tuple[str, str, str, str, str]

#: The front pages' own addresses (their canonical/og:url), so that links
#: resolve and "same site" means what it does on the web.
FRONT_PAGE_URLS = {
    "kompas": "http://indeks.kompas.com/",
    "liputan6": "http://www.liputan6.com/indeks",
    "okezone": "http://www.okezone.com/",
    "tempo": "http://www.tempo.co/",
    "tempoen": "http://en.tempo.co/",
    "viva": "http://www.viva.co.id/indeks",
}
FEED_URLS = {
    "antara": "http://www.antaranews.com/rss/terkini",
    "detik": "http://rss.detik.com/index.php/detikcom",
    "kapanlagi": "http://www.kapanlagi.com/feed/",
    "republika": "http://www.republika.co.id/rss",
}


# --------------------------------------------------------------------------- feeds


def _para(n: int) -> str:
    words = "the river town market opened early because the ferry came in before dawn"
    return " ".join(words.split()[: 6 + n % 7])


def rss20(items: int) -> bytes:
    """An RSS 2.0 feed of `items` entries with HTML descriptions."""
    body = "".join(
        f"<item><title>Story number {i}: {_para(i)}</title>"
        f"<link>https://bench.example/news/{2024_000 + i}/story-{i}.html</link>"
        f'<guid isPermaLink="false">bench-{i}</guid>'
        f"<pubDate>Tue, 14 May 2024 {i % 24:02d}:30:00 +0700</pubDate>"
        f"<description><![CDATA[<p>{_para(i)} <b>{_para(i + 3)}</b></p>"
        f'<img src="/i/{i}.jpg"/><p>{_para(i + 5)}</p>]]></description></item>'
        for i in range(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench News</title><link>https://bench.example/</link>{body}</channel></rss>"
    ).encode()


def atom(entries: int) -> bytes:
    """An Atom feed with xml:base and relative links."""
    body = "".join(
        f'<entry xml:base="{2024 + i % 3}/"><id>tag:bench.example,2024:{i}</id>'
        f'<title type="html">Entry {i} &lt;em&gt;{_para(i)}&lt;/em&gt;</title>'
        f'<link rel="alternate" href="entry-{i}.html"/>'
        f"<published>2024-05-{1 + i % 28:02d}T06:45:00+09:00</published>"
        f"<updated>2024-05-{1 + i % 28:02d}T08:00:00+09:00</updated>"
        f"<author><name>Writer {i % 5}</name></author><summary>{_para(i)}</summary></entry>"
        for i in range(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:base="https://bench.example/blog/"><title>Bench Atom</title>{body}</feed>'
    ).encode()


def rdf(items: int) -> bytes:
    """An RSS 1.0 (RDF) feed."""
    body = "".join(
        f'<item rdf:about="https://bench.example/n/{i}"><title>Note {i}</title>'
        f"<link>https://bench.example/n/{i}</link><description>{_para(i)}</description>"
        f"<dc:date>2024-03-02T09:15:00-05:00</dc:date></item>"
        for i in range(items)
    )
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://bench.example/rss"><title>Bench RDF</title>'
        f"<link>https://bench.example/</link></channel>{body}</rdf:RDF>"
    ).encode()


def bench_feeds(corpus: Path) -> dict[str, tuple[bytes, str]]:
    """name -> (body, url): the corpus's real feeds and ours."""
    feeds: dict[str, tuple[bytes, str]] = {}
    for name, url in FEED_URLS.items():
        path = corpus / "idnews" / "frontpages" / f"{name}-mainpage.html.gz"
        if path.exists():
            feeds[f"{name} (real RSS)"] = (gzip.decompress(path.read_bytes()), url)
    feeds["rss 2.0, 20 items"] = (rss20(20), "https://bench.example/rss")
    feeds["rss 2.0, 100 items"] = (rss20(100), "https://bench.example/rss")
    feeds["atom, 50 entries"] = (atom(50), "https://bench.example/blog/atom.xml")
    feeds["rss 1.0, 30 items"] = (rdf(30), "https://bench.example/rss")
    feeds["rss 2.0, 1,000 items"] = (rss20(1000), "https://bench.example/rss")
    return feeds


def _parsers() -> dict[str, Callable[[bytes, str], int]]:
    """name -> parse(body, url) returning the number of entries found."""
    import feedparser

    from reader.core.feeds.parse import parse_feed

    parsers: dict[str, Callable[[bytes, str], int]] = {
        # feedparser as it comes: its HTML sanitizer and relative-URI resolution
        # on (parse_feed turns both off: it makes plain text of the HTML itself).
        "feedparser": lambda body, url: len(
            feedparser.parse(io.BytesIO(body), response_headers={"content-location": url}).entries
        ),
        "parse_feed (feedparser + ours)": lambda body, url: len(parse_feed(body, url).items),
    }
    try:
        import fastfeedparser

        parsers["fastfeedparser"] = lambda body, url: len(fastfeedparser.parse(body).entries)
    except ImportError:
        pass
    try:
        import feedparser_rs

        parsers["feedparser-rs"] = lambda body, url: len(feedparser_rs.parse(body).entries)
    except ImportError:
        pass
    return parsers


#: The feed whose own figures get a row: the size of a usual news feed.
TYPICAL_FEED = "rss 2.0, 20 items"


@dataclass
class ParserFigures:
    """One parser's timings over all feeds."""

    samples: list[float] = field(default_factory=list)
    typical: list[float] = field(default_factory=list)
    """The samples of `TYPICAL_FEED`."""
    entries: int = 0
    failures: list[str] = field(default_factory=list)


def measure_parsers(corpus: Path, rounds: int = 7) -> dict[str, ParserFigures]:
    """Every parser on every feed, `rounds` times, interleaved."""
    feeds = bench_feeds(corpus)
    parsers = _parsers()
    figures = {name: ParserFigures() for name in parsers}
    for round_no in range(rounds):
        for feed_name, (body, url) in feeds.items():
            for name, parse in parsers.items():
                start = time.perf_counter()
                try:
                    found = parse(body, url)
                except Exception as exc:  # a parser failing is a figure too
                    figures[name].failures.append(f"{feed_name}: {type(exc).__name__}")
                    continue
                elapsed = (time.perf_counter() - start) * 1000
                figures[name].samples.append(elapsed)
                if feed_name == TYPICAL_FEED:
                    figures[name].typical.append(elapsed)
                if round_no == 0:
                    figures[name].entries += found
    return figures


def parser_rows(corpus: Path, rounds: int = 7) -> list[Row]:
    """One row per parser: median and p95 ms per feed, entries found."""
    figures = measure_parsers(corpus, rounds)
    feeds = len(bench_feeds(corpus))
    reference = figures["feedparser"]
    ref_median = statistics.median(reference.samples)
    rows: list[Row] = []
    for name, fig in figures.items():
        if not fig.samples:
            continue
        median = statistics.median(fig.samples)
        failed = f", {len(set(fig.failures))} failed" if fig.failures else ""
        shown = "feedparser (its defaults)" if name == "feedparser" else name
        rows.append(
            (
                f"parse a feed: {shown} "
                f"({feeds} feeds x {rounds}, {fig.entries:,} entries{failed})",
                f"{median:.2f} ms (p95 {p95(fig.samples):.2f})",
                f"feedparser {ref_median:.2f} ms ({ref_median / median:.1f}x)"
                if name != "feedparser"
                else "-",
                "median and p95, same run",
                "",
            )
        )
    typical = ", ".join(
        f"{name.split(' ')[0]} {statistics.median(fig.typical):.2f}"
        for name, fig in figures.items()
        if fig.typical
    )
    rows.append((f"parse a feed of {TYPICAL_FEED} (median ms)", typical, "-", "-", ""))
    return rows


# --------------------------------------------------------------------------- index pages


@dataclass
class IndexFigures:
    """How `looks_like_index` reads the corpus."""

    front_pages: int = 0
    front_as_index: int = 0
    articles: int = 0
    articles_as_index: list[str] = field(default_factory=list)
    stories: list[int] = field(default_factory=list)


def measure_index(corpus: Path) -> IndexFigures:
    """`looks_like_index` on the front pages and the article pages."""
    from reader.core.extract.pipeline import extract_article
    from reader.core.feeds.page_items import looks_like_index, page_stories
    from reader.core.feeds.sniff import content_kind

    fig = IndexFigures()
    for name, url in FRONT_PAGE_URLS.items():
        path = corpus / "idnews" / "frontpages" / f"{name}-mainpage.html.gz"
        if not path.exists():
            continue
        raw = gzip.decompress(path.read_bytes())
        if content_kind(raw, "text/html") != "html":
            continue
        html = raw.decode("utf-8", "replace")
        article = extract_article(html, url)
        fig.front_pages += 1
        fig.front_as_index += looks_like_index(article, html)
        fig.stories.append(len(page_stories(article, url, html)))
    for set_name in corpus_sets(corpus):
        for page in load_set(corpus, set_name):
            given = page.url or ""
            url = given if given.startswith("http") else f"https://{page.page_id}.example/"
            article = extract_article(page.html, url)
            fig.articles += 1
            if looks_like_index(article, page.html):
                fig.articles_as_index.append(f"{set_name}/{page.page_id}")
    return fig


def index_rows(corpus: Path) -> list[Row]:
    """Front pages read as index pages, articles not."""
    fig = measure_index(corpus)
    shown = ", ".join(fig.articles_as_index) or "none"
    stories = f"median {statistics.median(fig.stories):.0f} stories" if fig.stories else "-"
    return [
        (
            "front pages read as index pages (idnews/frontpages, HTML ones)",
            f"{fig.front_as_index} of {fig.front_pages}",
            stories,
            "all",
            "ok" if fig.front_as_index == fig.front_pages else "MISSED",
        ),
        (
            "article pages read as index pages (every corpus set)",
            f"{len(fig.articles_as_index)} of {fig.articles}",
            shown,
            "none (nytimes-5 is the Times' Spanish front page)",
            "ok" if set(fig.articles_as_index) <= {"mozilla-dev/nytimes-5"} else "MISSED",
        ),
    ]


def rows(corpus: Path) -> list[Row]:
    """Every row of the feeds group."""
    return [*parser_rows(corpus), *index_rows(corpus)]


def main(argv: Any = None) -> None:  # pragma: no cover - a manual run
    """`python -m bench.feeds [CORPUS]`: print the rows."""
    import sys

    corpus = Path((argv or sys.argv[1:] or ["../shared/corpus"])[0])
    for row in rows(corpus):
        print(" | ".join(row))


if __name__ == "__main__":  # pragma: no cover
    main()
