"""The published date: each source, its order of trust, and the rules that keep a
wrong date out (modified dates, sidebars, lists, comments, "Updated ..." labels)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reader.core.extract.dates import find_published, parse_date, url_date
from reader.core.extract.dom import drop_scripts, parse_html, prune
from reader.core.extract.jsonld import json_ld_articles
from reader.core.extract.metadata import extract_metadata


def published(html: str, url: str | None = None) -> tuple[str | None, bool]:
    """find_published on a page prepared the way the pipeline prepares it."""
    root = parse_html(html)
    ld = list(json_ld_articles(root))
    drop_scripts(root)
    prune(root)
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        if key and el.get("content") is not None:
            meta.setdefault(key.strip().lower(), el.get("content", "").strip())
    return find_published(root, meta, ld, url)


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>Ferry timetable changes for winter</title>{head}</head><body>{body}</body></html>"


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


# --- JSON-LD ---------------------------------------------------------------------------


def test_json_ld_graph_published_not_modified() -> None:
    html = page(
        ld(
            '{"@context": "https://schema.org", "@graph": ['
            '{"@type": "WebSite", "name": "Harbour Times"},'
            '{"@type": "NewsArticle", "dateModified": "2024-03-09T10:00:00+01:00",'
            ' "datePublished": "2024-03-02T08:30:00+01:00", "headline": "Ferry timetable"}]}'
        )
    )
    assert published(html) == ("2024-03-02T08:30:00+01:00", True)


def test_json_ld_top_level_array() -> None:
    html = page(
        ld(
            '[{"@type": "BreadcrumbList", "itemListElement": []},'
            ' {"@type": ["Article", "NewsArticle"], "datePublished": "2023-11-05"}]'
        )
    )
    assert published(html) == ("2023-11-05", True)


def test_json_ld_nested_main_entity() -> None:
    html = page(
        ld(
            '{"@type": "WebPage", "dateModified": "2024-01-09",'
            ' "mainEntity": {"@type": "BlogPosting", "datePublished": "2024-01-04T07:00:00Z"}}'
        )
    )
    assert published(html) == ("2024-01-04T07:00:00+00:00", True)


def test_json_ld_type_as_full_address() -> None:
    html = page(ld('{"@type": "https://schema.org/NewsArticle", "datePublished": "2022-06-30"}'))
    assert published(html) == ("2022-06-30", True)


def test_json_ld_modified_only_is_not_published() -> None:
    html = page(
        ld('{"@type": "NewsArticle", "dateModified": "2024-05-05T09:00:00Z"}')
        + '<meta property="article:modified_time" content="2024-05-05T09:00:00Z">'
    )
    assert published(html) == (None, False)


def test_json_ld_created_when_no_published() -> None:
    html = page(
        ld('{"@type": "Article", "dateCreated": "2021-02-03", "dateModified": "2022-01-01"}')
    )
    assert published(html) == ("2021-02-03", True)


def test_json_ld_in_cdata_wrapper() -> None:
    html = page(
        ld('\n<![CDATA[\n{"@type": "NewsArticle", "datePublished": "2003-02-28T21:51:08Z"}\n]]>\n')
        + '<meta property="article:published_time" content="2015-12-11T14:28:34Z">'
    )
    assert published(html) == ("2003-02-28T21:51:08+00:00", True)


def test_json_ld_trailing_comma_and_broken_quotes() -> None:
    comma = page(
        ld('{"@type": "NewsArticle", "keywords": ["a", "b", ], "datePublished": "2019-11-18"}')
    )
    assert published(comma) == ("2019-11-18", True)
    quotes = page(
        ld(
            '{"@type": "Article", "description": "the "Lights" show opens",\n'
            ' "datePublished": "2018-04-18", "dateModified": "2018-09-15"}'
        )
    )
    assert published(quotes) == ("2018-04-18", True)


def test_json_ld_before_meta() -> None:
    html = page(
        '<meta property="article:published_time" content="2015-12-11T14:28:34Z">'
        + ld('{"@type": "NewsArticle", "datePublished": "2015-10-15T02:19:15Z"}')
    )
    assert published(html)[0] == "2015-10-15T02:19:15+00:00"


# --- offsets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2017-02-23T17:18:13-08:00", "2017-02-23T17:18:13-08:00"),
        ("2016-02-16T13:01:52+0700", "2016-02-16T13:01:52+07:00"),
        ("2015-10-15T02:19:15.607Z", "2015-10-15T02:19:15.607000+00:00"),
        ("2019-11-19T02:24:00", "2019-11-19T02:24:00"),
    ],
)
def test_publisher_offset_kept(raw: str, expected: str) -> None:
    html = page(f'<meta property="article:published_time" content="{raw}">')
    assert published(html) == (expected, True)


# --- microdata and meta names ---------------------------------------------------------


def test_microdata_date_published() -> None:
    html = page(
        body='<article itemscope itemtype="https://schema.org/NewsArticle">'
        "<h1>Ferry timetable changes for winter</h1>"
        '<time itemprop="datePublished" datetime="2024-10-01T06:00:00+02:00">1 October</time>'
        '<time itemprop="dateModified" datetime="2024-10-03T06:00:00+02:00">3 October</time>'
        "</article>"
    )
    assert published(html) == ("2024-10-01T06:00:00+02:00", True)


def test_microdata_in_related_list_ignored() -> None:
    html = page(
        '<meta property="article:published_time" content="2024-10-01T06:00:00+02:00">',
        '<div class="related-stories"><div itemscope itemtype="https://schema.org/NewsArticle">'
        '<a href="/other">Older story</a><meta itemprop="datePublished" content="2023-01-01">'
        "</div></div><h1>Ferry timetable changes for winter</h1>",
    )
    assert published(html) == ("2024-10-01T06:00:00+02:00", True)


@pytest.mark.parametrize(
    "attribute",
    [
        'property="article:published_time"',
        'name="pubdate"',
        'name="publish-date"',
        'name="publish_date"',
        'name="sailthru.date"',
        'name="parsely-pub-date"',
        'name="DC.date.issued"',
        'name="dcterms.created"',
        'name="date"',
    ],
)
def test_meta_names_in_use(attribute: str) -> None:
    html = page(f'<meta {attribute} content="2020-07-14T18:05:00-04:00">')
    assert published(html) == ("2020-07-14T18:05:00-04:00", True)


def test_meta_day_only_takes_same_day_time_from_elsewhere() -> None:
    html = page(
        '<meta name="pubdate" content="2020-07-14">'
        '<meta property="article:published_time" content="2020-07-14T18:05:00-04:00">'
    )
    assert published(html)[0] == "2020-07-14T18:05:00-04:00"


# --- <time> and visible dates by the headline -----------------------------------------

SIDEBAR_FIRST = """
<div class="sidebar"><h3>Most read</h3><ul>
 <li><a href="/a">Lighthouse repainted</a> <time datetime="2015-10-07T09:00:00+07:00">7 Okt</time></li>
 <li><a href="/b">Harbour dredged</a> <span class="date">Rabu, 7 Oktober 2015</span></li></ul></div>
<div class="read">
 <h1>Ferry timetable changes for winter</h1>
 <div class="byline">Oleh Dewi Lestari</div>
 <time datetime="2015-11-04T21:04:00+07:00">Rabu, 4 November 2015 | 21:04 WIB</time>
 <p>The first paragraph of the story runs long enough to read like body text, and it
 mentions that the old timetable started on 1 March 2012, which is not the date.</p>
</div>
<aside><time datetime="2015-11-01">1 Nov</time></aside>
<div class="comments"><span class="date">5 November 2015</span></div>
"""


def test_header_time_not_sidebar_time() -> None:
    assert published(page(body=SIDEBAR_FIRST)) == ("2015-11-04T21:04:00+07:00", False)


def test_sidebar_dates_alone_give_nothing() -> None:
    body = SIDEBAR_FIRST.replace('<time datetime="2015-11-04T21:04:00+07:00">', "<b>").replace(
        "21:04 WIB</time>", "</b>"
    )
    body = body.replace("Rabu, 4 November 2015 | ", "")
    assert published(page(body=body)) == (None, False)


def test_date_in_body_text_is_not_published() -> None:
    body = (
        "<h1>Ferry timetable changes for winter</h1><p>On 12 March 2019 the council said the"
        " ferries would run later, and a long paragraph of ordinary story text follows here.</p>"
    )
    assert published(page(body=body)) == (None, False)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kamis, 5 November 2015 11:13 WIB", "2015-11-05T11:13:00+07:00"),
        ("5 Nov 2015 | 14:56", "2015-11-05T14:56:00"),
        ("Senin, 02 Des 2024 08:15 WIB", "2024-12-02T08:15:00+07:00"),
        ("Selasa, 23 Februari 2016, 17:15 WITA", "2016-02-23T17:15:00+08:00"),
        ("Rabu, 4 Mei 2016 09:00 WIT", "2016-05-04T09:00:00+09:00"),
        ("Jum'at, 17 Februari 2017 - 13:30 wib", "2017-02-17T13:30:00+07:00"),
        ("Kamis, 05/11/2015 10:08 WIB", "2015-11-05T10:08:00+07:00"),
        ("Published March 3, 2024", "2024-03-03"),
        ("posted on April 21, 2015, at 11:29 a.m.", "2015-04-21T11:29:00"),
        ("By Rina Putri on 16 Feb 2016 at 09:10 WIB", "2016-02-16T09:10:00+07:00"),
    ],
)
def test_visible_dates_under_the_headline(line: str, expected: str) -> None:
    body = (
        f'<div class="story"><h1>Ferry timetable changes for winter</h1><span>{line}</span>'
        "<p>Story text.</p></div>"
    )
    assert published(page(body=body)) == (expected, False)


def test_headline_found_as_h2_matching_the_title() -> None:
    body = (
        '<h1 class="logo">Harbour Times</h1><div class="top">Senin, 7 Desember 2026</div>'
        '<ul class="nav"><li><a href="/">Home</a></li></ul>'
        + "<p>" + "Filler words of the page chrome. " * 10 + "</p>"
        + "<h2>Ferry timetable changes for winter</h2>"
        + '<div class="grey">Rabu, 4 November 2015 | 21:04 WIB</div>'
    )  # fmt: skip
    assert published(page(body=body)) == ("2015-11-04T21:04:00+07:00", False)


def test_updated_date_is_not_published() -> None:
    body = (
        "<h1>Ferry timetable changes for winter</h1>"
        "<p>Updated March 5, 2024 at 2:20 pm EST</p><p>Published March 3, 2024</p>"
    )
    assert published(page(body=body)) == ("2024-03-03", False)
    only_updated = "<h1>Ferry timetable changes for winter</h1><p>Diperbarui: 5 Maret 2024</p>"
    assert published(page(body=only_updated)) == (None, False)


def test_time_marked_updated_is_skipped() -> None:
    body = (
        "<h1>Ferry timetable changes for winter</h1>"
        '<time class="updated" datetime="2024-03-05T10:00:00+00:00">5 March</time>'
        '<time class="entry-date published" datetime="2024-03-01T10:00:00+00:00">1 March</time>'
    )
    assert published(page(body=body)) == ("2024-03-01T10:00:00+00:00", False)


def test_published_label_inside_a_wrapper_named_for_the_modified_date() -> None:
    # A wire service's shape: one wrapper, classed for the modified date, holds both.
    body = (
        "<h1>Ferry timetable changes for winter</h1>"
        '<div class="Page-dateModified"><span>Published</span> '
        '<time datetime="2024-03-01T15:04:00-08:00">3:04 PM PST, March 1, 2024</time> '
        '<span>Updated</span> <time class="updated" datetime="2024-03-02T08:30:00-08:00">'
        "8:30 AM PST, March 2, 2024</time></div>"
    )
    assert published(page(body=body)) == ("2024-03-01T15:04:00-08:00", False)
    only_modified = (
        '<h1>Ferry timetable changes for winter</h1><div class="date-modified">March 2, 2024</div>'
    )
    assert published(page(body=only_modified)) == (None, False)


# --- the date in the address ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/read/2015/11/05/100026/ferry-timetable", "2015-11-05"),
        ("https://news.example/2019/nov/18/ferry-timetable", "2019-11-18"),
        ("https://news.example/story/2019-11-19/ferry-timetable", "2019-11-19"),
        ("https://news.example/ferry-timetable-20191115/", "2019-11-15"),
        ("https://news.example/20151105/ferry", "2015-11-05"),
        ("https://news.example/2015/11/ferry-timetable.html", None),
        ("https://news.example/berita/16/02/15/ferry", None),
        ("https://news.example/news/201911181077343476-ferry/", None),
        ("https://news.example/2015/13/45/ferry", None),
        ("https://news.example/ferry?date=2015/11/05/", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, expected: str | None) -> None:
    assert url_date(url) == expected


def test_url_date_when_page_states_none() -> None:
    html = page(body="<h1>Ferry timetable changes for winter</h1><p>Story.</p>")
    assert published(html, "https://news.example/2015/11/05/ferry") == ("2015-11-05", True)


def test_url_date_beats_a_contradicting_visible_date() -> None:
    body = "<h1>Ferry timetable changes for winter</h1><span>Rabu, 7 Oktober 2015</span>"
    assert published(page(body=body), "https://news.example/2015/11/04/ferry") == (
        "2015-11-04",
        True,
    )


def test_visible_time_agreeing_with_url_is_kept_and_trusted() -> None:
    body = (
        "<h1>Ferry timetable changes for winter</h1><span>Rabu, 4 November 2015 | 21:04 WIB</span>"
    )
    assert published(page(body=body), "https://news.example/2015/11/04/ferry") == (
        "2015-11-04T21:04:00+07:00",
        True,
    )


def test_structured_date_beats_url() -> None:
    html = page('<meta property="article:published_time" content="2015-11-05T00:30:00+07:00">')
    assert (
        published(html, "https://news.example/2015/11/04/ferry")[0] == "2015-11-05T00:30:00+07:00"
    )


# --- parse_date in more languages, and sanity ------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5 de marzo de 2024", "2024-03-05"),
        ("14 mars 2015 à 14h30", "2015-03-14T14:30:00"),
        ("3. März 2024, 09:15 Uhr", "2024-03-03T09:15:00"),
        ("12 de setembro de 2018 às 10:00", "2018-09-12T10:00:00"),
        ("3 марта 2024", "2024-03-03"),
        ("2024년 3월 5일", "2024-03-05"),
        ("2024年3月5日", "2024-03-05"),
        ("05/29/2007 09:49:00", "2007-05-29T09:49:00"),
        ("Dec 2, 2016 8:05 pm GMT+7", "2016-12-02T20:05:00+07:00"),
        ("2 Dec 2016 20:05 UTC+05:30", "2016-12-02T20:05:00+05:30"),
        ("2 December 2016 20:05 +0700", "2016-12-02T20:05:00+07:00"),
        ("1 Juli 2024 pukul 08.00 WIB", "2024-07-01T08:00:00+07:00"),
    ],
)
def test_parse_date_languages(raw: str, expected: str | None) -> None:
    assert parse_date(raw) == expected


def test_future_date_is_not_published() -> None:
    later = (date.today() + timedelta(days=30)).isoformat()
    html = page(f'<meta property="article:published_time" content="{later}">')
    assert published(html) == (None, False)


def test_text_date_is_marked_as_text() -> None:
    """The pipeline drops a date read off the page text when the page is no article."""
    body = '<h1>Ferry timetable changes for winter</h1><span class="date">4 November 2015</span>'
    meta = extract_metadata(parse_html(page(body=body)), "https://news.example/ferry")
    assert meta.published == "2015-11-04"
    assert meta.published_from_text
