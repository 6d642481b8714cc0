"""Hostile HTML, generated: extraction and the section finder never raise,
always return terminal-safe text and only http(s) links, and finish in time.

The default run is short and reproducible (150 examples, derandomized). For a
long exploratory run:

    READER_FUZZ_LONG=1 .venv/bin/python -m pytest tests/security/test_fuzz.py
    READER_FUZZ_LONG=20000 ...   # a number sets the examples per property

The regression tests at the end hold the exact inputs of what fuzzing and
review found (see SECURITY.md, "Findings").
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import time
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.extract.dom import parse_html
from reader.core.extract.markdown import article_markdown
from reader.core.extract.pipeline import extract_article
from reader.core.extract.sections import find_sections
from reader.core.fetch.meta_refresh import meta_refresh_target
from reader.core.models import Article
from reader.core.sanitize import is_safe
from reader.core.urls import is_followable
from tests.security.conftest import EVERYTHING, PAYLOADS

# --------------------------------------------------------------------------- settings

_LONG = os.environ.get("READER_FUZZ_LONG", "")
_EXAMPLES = (int(_LONG) if _LONG.isdigit() and int(_LONG) > 1 else 3000) if _LONG else 0


def _settings(examples: int) -> settings:
    return settings(
        max_examples=_EXAMPLES or examples,
        derandomize=not _LONG,
        database=None,
        deadline=None,  # our own bound below: hypothesis' deadline is per example and noisy
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


#: The main property; the others see the same pages, so fewer suffice.
FUZZ = _settings(150)
FUZZ_SMALL = _settings(50)

#: Seconds one page may take, for pages under 200 kB (a typical page: 20-50 ms).
TIME_BOUND = 2.0
BIG_PAGE = 200_000

# --------------------------------------------------------------------------- strategies

TAGS = (  # noqa: SIM905 - a word list
    "div p span a article nav aside ul ol li h1 h2 h3 h4 h6 table thead tr td th script "
    "style iframe template svg math section header footer main blockquote q pre code figure "
    "figcaption img picture source br hr b i em strong small time noscript form button "
    "select option label title meta base link head body html font center marquee dl dt dd "
    "details summary object embed video audio canvas frameset frame xmp plaintext textarea"
).split()
VOID = frozenset({"img", "br", "hr", "meta", "base", "link", "source", "embed", "frame"})
CLASSES = (  # noqa: SIM905 - a word list
    "related terkait baca-juga bacajuga read-also also-read most-read popular terpopuler "
    "latest terbaru nav navbar menu share social sidebar widget widget-title tab tabs title "
    "byline author date caption hidden d-none sr-only ads advertisement comments story "
    "article content post-body entry-content headline list-berita"
).split()
HREFS = (
    "javascript:alert(1)",
    " JaVaScRiPt:void(0)",
    "java\tscript:alert(1)",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "file://server/share",
    "data:text/html;base64,PHNjcmlwdD4=",
    "mailto:desk@example.com",
    "tel:+1555",
    "about:blank",
    "ftp://files.example/x",
    "#",
    "#p1",
    "#top",
    "/",
    "/news/2025/03/05/story-one-here",
    "../news/2025/x-y-z",
    "?page=2",
    "//cdn.example/news/2025/a-b-c",
    "https://example.com/news/2025/a-b-c?utm_source=x&id=1",
    "http://www.example.com/news/2025/03/05/story.html",
    "http://[::1",
    "http://[::1]:99999/x",
    "http://a b.example/",
    "http://%zz/",
    "https://",
    "http:///path",
    "http://xn--/",
    "http://user:pass@evil.example@good.example/x",
    "http://evil.example/\x1b]52;c;ZXZpbA==\x07x",
    "/news/2025/\u202estory-evil\u202c",
    "/news/\x85/2025/x-y-z",
    "\x00http://x.example/a-b-c",
    "&#x6a;avascript:alert(1)",
    "&#106;&#97;vascript:alert(1)",
)
SNIPPETS = (
    *(sequence for sequence, _ in PAYLOADS.values()),
    EVERYTHING,
    "[bold]",
    "[/]",
    "[/bold]",
    "[@click=app.quit]",
    "[link=file:///etc/passwd]x[/link]",
    "$x {y} %s",
    "&#27;]52;c;ZXZpbA==&#7;",
    "&#x1b;[2J",
    "&#x9b;6n",
    "&#155;",
    "&#0;",
    "&#xd800;",
    "&#xDFFF;",
    "&#x202e;",
    "&#8238;",
    "&#x2066;",
    "&#1114112;",
    "&#99999999999;",
    "&#x;",
    "&amp",
    "&bogus;",
    "&",
    "<",
    ">",
    "</",
    "<!--",
    "-->",
    "<![CDATA[x]]>",
    "<?xml version='1.0'?>",
    "<!DOCTYPE html>",
    "</p>",
    "</div></div></div>",
    "Baca juga: ",
    "Read also: ",
    "BACA JUGA:",
    "By ",
    "Oleh ",
    "Related",
    "Most read",
    "Berita Terkait",
    "Terpopuler",
    "Advertisement",
    "Selasa, 12 Maret 2024 10:15 WIB",
    "March 5, 2025",
    " , | / – — - ",
    " :::: »»» ››› ",
)
HOSTILE_CHARS = (
    "\x1b\x9b\x9d\x90\x98\x9e\x9f\x9c\x07\x00\x01\x08\r\n\t\x0b\x0c\x0e\x7f\x80\x85\x8d"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u2028\u2029\ufeff\ufff9\ud800\udbff\udc00\udfff\u00a0\u3000\u200b\u0301"
    "[]/\\;:<>&\"'=#%@!?.,-|»›·"
)

_chars = st.one_of(st.sampled_from(HOSTILE_CHARS), st.characters())
_run_char = st.sampled_from(list(" \n\t\u00a0\u3000:,-|/.<&»x1"))
words = st.text(_chars, max_size=24)
long_run = st.builds(lambda c, n: c * n, _run_char, st.integers(200, 20_000))
long_word = st.builds(
    lambda c, n: c * n, st.sampled_from(list("xW字\u0301")), st.integers(500, 12_000)
)
text = st.lists(
    st.one_of(words, words, st.sampled_from(SNIPPETS), long_run, long_word), max_size=6
).map("".join)


def _attr_value(value: str) -> str:
    return htmllib.escape(value, quote=True) if "&#" not in value else value.replace('"', "")


attributes = st.dictionaries(
    st.sampled_from(
        [
            "class",
            "id",
            "href",
            "src",
            "alt",
            "title",
            "lang",
            "hidden",
            "style",
            "rel",
            "name",
            "property",
            "content",
            "datetime",
            "data-src",
            "role",
            "aria-hidden",
            "dir",
        ]
    ),
    st.one_of(
        st.sampled_from(CLASSES),
        st.lists(st.sampled_from(CLASSES), min_size=1, max_size=3).map(" ".join),
        st.sampled_from(HREFS),
        st.sampled_from(["display:none", "visibility: hidden", "rtl", "true", "#p1", "p1"]),
        text,
    ),
    max_size=4,
)


def _element(tag: str, attrs: dict[str, str], children: list[str], closed: bool) -> str:
    rendered = "".join(f' {name}="{_attr_value(value)}"' for name, value in attrs.items())
    if tag in VOID:
        return f"<{tag}{rendered}>"
    return f"<{tag}{rendered}>{''.join(children)}" + (f"</{tag}>" if closed else "")


def _nodes(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        _element,
        st.sampled_from(TAGS),
        attributes,
        st.lists(children, max_size=5),
        st.booleans() | st.just(True),
    )


def _deep(tag: str, depth: int, inner: str, closed: bool) -> str:
    end = tag.split(maxsplit=1)[0]
    return f"<{tag}>" * depth + inner + (f"</{end}>" * depth if closed else "")


nodes = st.recursive(text.map(htmllib.escape) | text, _nodes, max_leaves=30)
deep = st.builds(
    _deep,
    st.sampled_from(
        [
            "div",
            "ul><li",
            "b",
            "table><tr><td",
            "a href='/news/2025/a-b-c'",
            "p",
            "blockquote",
            "span class='related'",
            "svg",
            "template",
            "font",
        ]
    ),
    st.integers(50, 1500),
    nodes,
    st.booleans(),
)
HEADLINES = (
    "Council approves the new budget for the schools",
    "Harbour ferry runs again after the pier repairs",
    "Rates vote delayed for the second time this month",
    "Presiden meresmikan jalan tol baru di Lampung hari ini",
)
#: A headline-like link text (so the finder takes it for a story) with
#: hostile pieces put in it.
headline = st.builds(
    lambda words, piece, at: " ".join([*words[:at], piece, *words[at:]]),
    st.sampled_from(HEADLINES).map(str.split),
    st.sampled_from(SNIPPETS) | words,
    st.integers(0, 8),
)
#: An article-like address (so the finder takes the link for a story).
story_href = st.builds(
    lambda day, slug: f"/news/2025/03/{day:02d}/{slug}-story-here",
    st.integers(1, 28),
    st.sampled_from(["one", "two", "rates", "a\x1b]52;c;ZXZpbA==\x07b", "\u202eevil", "x\ty"]),
)
story_list = st.builds(
    lambda cls, heading, items: (
        f'<div class="{cls}"><h3>{heading}</h3><ul>'
        + "".join(f'<li><a href="{_attr_value(h)}">{t}</a></li>' for h, t in items)
        + "</ul></div>"
    ),
    st.sampled_from(CLASSES),
    st.sampled_from(["Related", "Baca Juga", "Most read", "Berita Terkait"]) | text,
    st.lists(st.tuples(story_href | st.sampled_from(HREFS) | text, headline | text), max_size=8),
)
json_ld = st.builds(
    lambda title, author, date: (
        '<script type="application/ld+json">'
        + json.dumps(
            {
                "@type": "NewsArticle",
                "headline": title,
                "author": {"name": author},
                "datePublished": date,
            }
        ).replace("</", "<\\/")
        + "</script>"
    ),
    text,
    text,
    text,
)
head = st.lists(
    st.one_of(
        st.builds(lambda t: f"<title>{t}</title>", text),
        st.builds(
            lambda p, c: f'<meta {p}="{_attr_value(c)}">',
            st.sampled_from(
                [
                    'property="og:title" content',
                    'name="author" content',
                    'property="og:site_name" content',
                    'name="description" content',
                    'property="article:published_time" content',
                    "charset",
                ]
            ),
            text,
        ),
        st.builds(lambda h: f'<base href="{_attr_value(h)}">', st.sampled_from(HREFS) | text),
        json_ld,
    ),
    max_size=4,
).map("".join)
pages = st.one_of(
    st.builds(
        lambda lang, head, body: (
            f'<html lang="{_attr_value(lang)}"><head>{head}</head>'
            f"<body>{''.join(body)}</body></html>"
        ),
        text,
        head,
        st.lists(st.one_of(nodes, story_list, deep), max_size=5),
    ),
    st.lists(st.one_of(nodes, story_list), max_size=6).map("".join),
    text,
)
page_urls = st.sampled_from(
    [
        "https://news.example.com/news/2025/03/05/the-story",
        "http://127.0.0.1:8000/a",
        None,
        "file:///tmp/page.html",
        "http://evil.example/\x1b]0;pwned\x07/x",
        "",
    ]
)

# --------------------------------------------------------------------------- checks

#: What must never come out: ESC and other C0 controls but tab and newline,
#: DEL, C1 controls, bidi controls, line/paragraph separators, lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ud800-\udfff]"
)


def strings(value: Any, path: str = "article") -> Iterator[tuple[str, str]]:
    """Every string inside a JSON-like value, with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")


def check_article(article: Article) -> None:
    """The property every extraction result has."""
    data = article.to_store()
    data["text"] = article.text
    data["markdown"] = article_markdown(article)
    for where, value in strings(data):
        if where == "article.url":
            continue  # the caller's own address, given back as it was
        assert not UNSAFE.search(value), f"{where} = {value[:200]!r}"
        assert is_safe(value), f"{where} = {value[:200]!r}"
    for section in article.sections:
        for link in section.links:
            assert _web(link.url), link.url
    for block in article.blocks:
        for span in block.spans:
            assert span.href is None or _web(span.href), span.href


def _web(url: str) -> bool:
    """An absolute http(s) address with a host (checked without reader.core.urls)."""
    return re.match(r"https?://[^/?#\s]+", url) is not None and is_followable(url)


def timed_extract(html: str, url: str | None) -> Article:
    # CPU time, not wall-clock time: the bound is about the extractor's work,
    # and must not trip when other tests load the machine (pytest -n).
    started = time.process_time()
    article = extract_article(html, url)
    elapsed = time.process_time() - started
    bound = TIME_BOUND if len(html) < BIG_PAGE else TIME_BOUND * len(html) / BIG_PAGE
    assert elapsed < bound, f"{elapsed:.2f} s for {len(html)} characters"
    return article


# --------------------------------------------------------------------------- properties


@FUZZ
@given(html=pages, url=page_urls)
def test_extraction_never_raises_and_is_safe(html: str, url: str | None) -> None:
    check_article(timed_extract(html, url))


@FUZZ_SMALL
@given(html=pages, url=page_urls)
def test_section_finder_on_the_raw_tree(html: str, url: str | None) -> None:
    """The finder alone, on a tree that still has its scripts and templates."""
    try:
        root = parse_html(html)
    except Exception:
        return  # parse failures are the pipeline's business (an empty Article)
    started = time.process_time()
    found = find_sections(root, url)
    assert time.process_time() - started < TIME_BOUND
    for item in found:
        section = item.section
        assert section.heading is None or is_safe(section.heading)
        assert section.heading is None or not UNSAFE.search(section.heading)
        for link in section.links:
            assert _web(link.url) and not UNSAFE.search(link.url), link.url
            assert not UNSAFE.search(link.text) and is_safe(link.text), link.text


_ARTICLE = "<p>" + "The council met on Tuesday to discuss the new road and its costs. " * 8 + "</p>"
related_page = st.builds(
    lambda title, cls, heading, items, base: (
        f"<html><head><title>{title}</title>{base}</head><body><article>{_ARTICLE}</article>"
        f'<div class="{cls}"><h3>{heading}</h3><ul>'
        + "".join(f'<li><a href="{_attr_value(h)}">{t}</a></li>' for h, t in items)
        + "</ul></div></body></html>"
    ),
    headline,
    st.sampled_from(["related", "terkait", "most-read", "baca-juga", "latest"]),
    headline | st.sampled_from(["Related", "Baca Juga", "Most read"]),
    st.lists(st.tuples(story_href | st.sampled_from(HREFS), headline), min_size=2, max_size=6),
    st.sampled_from(["", '<base href="http://news.example/\x1b[2J">', '<base href="http://[::1">']),
)


@FUZZ_SMALL
@given(html=related_page, url=page_urls)
def test_related_lists_are_safe(html: str, url: str | None) -> None:
    """Pages the finder does take link lists from, with hostile pieces in the
    link texts, addresses, heading and <base>: the lists are safe."""
    check_article(timed_extract(html, url))


@FUZZ_SMALL
@given(html=pages)
def test_meta_refresh_target_is_http_and_quick(html: str) -> None:
    refresh = '<meta http-equiv="refresh" content="0; url=/next">'
    for page in (html, refresh + html):
        started = time.process_time()
        target = meta_refresh_target(page, "https://news.example.com/a")
        assert time.process_time() - started < TIME_BOUND
        assert target is None or is_followable(target)


# --------------------------------------------------------------------------- findings

_BODY = "<p>" + "The council met on Tuesday to discuss the plans for the new road. " * 10 + "</p>"
_ITEMS = "".join(
    f'<li><a href="/news/2025/story-number-{i}-here">Story number {i} about the town</a></li>'
    for i in range(5)
)
_PAGE_URL = "http://news.example/news/2025/03/05/page"


def _quick(html: str, bound: float = 1.0) -> Article:
    started = time.perf_counter()
    article = extract_article(html, _PAGE_URL)
    elapsed = time.perf_counter() - started
    assert elapsed < bound, f"{elapsed:.2f} s"
    check_article(article)
    return article


def test_finding_section_link_addresses_carried_escapes() -> None:
    """Finding 1: the section finder kept escape sequences, C1 and bidi
    controls inside link addresses (`reader extract --format json` printed
    U+202E raw, and the store kept the addresses)."""
    html = (
        f"<html><body><article>{_BODY}</article><div class='related'><h3>Related</h3><ul>"
        '<li><a href="/news/2025/a\x1b]52;c;ZXZpbA==\x07b-story-one">First related story</a></li>'
        '<li><a href="/news/2025/\u202esecond-story">Second related story here</a></li>'
        '<li><a href="http://news.example/news/2025/third\x85-story\t\n">Third related one</a></li>'
        "</ul></div></body></html>"
    )
    article = _quick(html)
    urls = [link.url for section in article.sections for link in section.links]
    assert urls == [
        "http://news.example/news/2025/ab-story-one",
        "http://news.example/news/2025/second-story",
        "http://news.example/news/2025/third-story",
    ]


def test_finding_control_characters_crashed_extraction() -> None:
    """Finding 2: a C0 control in a text that gets merged when an element is
    dropped made lxml raise ValueError out of extract_article (the exact
    input hypothesis found, then the same through character references)."""
    url = "https://news.example.com/news/2025/03/05/the-story"
    for html in (
        '<div class="byline"><h3>00A0000000</h3><ul></ul></div>\x1f',
        '<div class="byline"><h3>00A0000000</h3><ul></ul></div>&#31;',
        '<div class="byline"><h3>A</h3><ul></ul></div>\x1b]0;pwned\x07 tail',
        '<div class="byline"><h3>A</h3><ul></ul></div>&#x1B;]52;c;ZXZpbA==&#7; tail',
        '<p title="a\x1bb">x</p><div><span></span>\x08\x0b\x0c</div>',
    ):
        article = extract_article(html, url)
        check_article(article)
        assert "pwned" not in article.text and "ZXZpbA" not in article.text


def test_finding_page_address_with_escapes() -> None:
    """Relative links resolved against a page address carrying controls kept
    them (`urls.resolve` cleaned the href, not the result)."""
    html = (
        f"<html><body><article>{_BODY}<p><a href='x/y'>in the text</a></p></article></body></html>"
    )
    article = extract_article(html, "http://news.example/\x1b]0;pwned\x07/page")
    check_article(article)
    hrefs = [s.href for b in article.blocks for s in b.spans if s.href]
    assert hrefs == ["http://news.example//x/y"]


def test_finding_malformed_base_href_crashed_extraction() -> None:
    """Finding 5 (a long fuzzing run): `<base href="http://[::1">` on a page
    without an address (`reader extract -`) raised ValueError out of the
    section finder: a traceback from the CLI."""
    for url in (None, "", "https://news.example.com/a"):
        for base in ("http://[::1", "http://[::1]:99999/", "//[x"):
            html = f'<html><head><base href="{base}"></head><body><p>x</p></body></html>'
            check_article(extract_article(html, url))
            find_sections(parse_html(html), url)


def test_finding_base_href_with_escapes() -> None:
    html = (
        '<html><head><base href="http://news.example/\x1b[2J\u2066"></head><body>'
        f"<article>{_BODY}</article><div class='related'><h3>Related</h3><ul>{_ITEMS}</ul></div>"
        "</body></html>"
    )
    article = _quick(html)
    assert article.sections
    assert all(
        link.url.startswith("http://news.example/news/") for link in article.sections[0].links
    )


def test_finding_tab_label_of_punctuation_was_quadratic() -> None:
    """Finding 2: a tab link whose text is a long run of ':' (or '»', '-', ...)
    took 6 s at 40 kB (quadratic trailing-punctuation regex)."""
    html = (
        f"<html><body><article>{_BODY}</article><div>"
        f'<a href="#p1">{":" * 40_000}x</a><a href="#p2">Latest</a>'
        f'<div id="p1"><ul>{_ITEMS}</ul></div><div id="p2"><ul>{_ITEMS}</ul></div>'
        "</div></body></html>"
    )
    _quick(html)


def test_finding_byline_of_separators_was_quadratic() -> None:
    """Finding 3: an author of 'a , , , ... b' took 3.5 s at 10 kB and minutes
    at 100 kB (quadratic role-suffix regex)."""
    author = "a" + " ," * 5_000 + "b"
    html = (
        f'<html><head><meta name="author" content="{author}"></head><body><article>'
        f'<p class="byline">By {author}</p>{_BODY}</article></body></html>'
    )
    _quick(html)


def test_finding_meta_refresh_scan_was_quadratic() -> None:
    """Finding 4: a page with a quick meta refresh and many unclosed <script>
    or <!-- (or '<' without '>') took 14 s at 144 kB, on the event loop."""
    refresh = '<meta http-equiv="refresh" content="0;url=/b">'
    # Sizes at which the old code took seconds (it grew with the square).
    for filler, count in (
        ("<script>x", 8_000),
        ("<!--x", 8_000),
        ("<style>x", 8_000),
        ("<", 60_000),
    ):
        html = refresh + filler * count
        started = time.perf_counter()
        assert meta_refresh_target(html, "http://a.example/a") is None
        assert time.perf_counter() - started < 1.0, filler
    short = refresh + "<script>" + "x" * 5000 + "</script><p>Moved.</p>"
    assert meta_refresh_target(short, "http://a.example/a") == "http://a.example/b"
