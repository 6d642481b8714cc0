"""Bylines: every source in order of trust, and what is never a byline.

The snippets are written for these tests in the shapes of real news pages.
"""

from __future__ import annotations

import json
import time

import pytest

from reader.core.extract import extract_article
from reader.core.extract.byline import clean_byline
from reader.core.extract.dom import parse_html
from reader.core.extract.metadata import extract_metadata

BODY = (
    "<p>" + "The harbour board met on Tuesday to talk about the new ferry timetable. " * 6 + "</p>"
)


def page(head: str = "", body: str = "", title: str = "Ferries run late again") -> str:
    return (
        f"<html><head><title>{title} - The Ledger</title>"
        f'<meta property="og:site_name" content="The Ledger">{head}</head>'
        f"<body><article><h1>{title}</h1>{body}{BODY}</article></body></html>"
    )


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def byline(html: str, url: str | None = "https://ledger.example/news/ferries") -> str | None:
    return extract_metadata(parse_html(html), url).byline


# ---------------------------------------------------------------- JSON-LD


def test_json_ld_single_person() -> None:
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Mira Holt"}})
    assert byline(page(head)) == "Mira Holt"


def test_json_ld_several_people_objects_and_strings() -> None:
    head = ld(
        {
            "@type": "Article",
            "author": [{"@type": "Person", "name": "Mira Holt"}, "Sam Okafor", "Mira Holt"],
        }
    )
    assert byline(page(head)) == "Mira Holt, Sam Okafor"


def test_json_ld_in_graph_and_main_entity() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Ledger"},
            {
                "@type": "WebPage",
                "mainEntity": {"@type": "NewsArticle", "author": {"name": "Ines Varga"}},
            },
        ],
    }
    assert byline(page(ld(graph))) == "Ines Varga"


def test_json_ld_person_before_organisation() -> None:
    head = ld(
        {
            "@type": "NewsArticle",
            "author": [
                {"@type": "NewsMediaOrganization", "name": "Ledger Newsroom"},
                {"@type": "Person", "name": "Tomas Reyes"},
            ],
        }
    )
    assert byline(page(head)) == "Tomas Reyes"


def test_json_ld_organisation_only_when_nothing_else() -> None:
    head = ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Ledger Wire"}})
    assert byline(page(head)) == "Ledger Wire"
    with_line = page(head, '<p class="byline">By Tomas Reyes</p>')
    assert byline(with_line) == "Tomas Reyes"


def test_json_ld_author_reference_resolved_in_graph() -> None:
    graph = {
        "@graph": [
            {"@type": "Article", "author": {"@id": "https://ledger.example/#/person/7"}},
            {"@type": "Person", "@id": "https://ledger.example/#/person/7", "name": "Ana Ruiz"},
        ]
    }
    assert byline(page(ld(graph))) == "Ana Ruiz"


def test_json_ld_references_resolved_after_scripts_are_dropped() -> None:
    # The pipeline reads JSON-LD once, then drops the scripts: the reference is
    # resolved when the script is read (author and publisher alike).
    graph = {
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "Ferries run late again",
                "author": [{"@id": "#/person/7"}, {"@id": "#/person/8"}],
                "publisher": {"@id": "#/org"},
            },
            {"@type": "Person", "@id": "#/person/7", "name": "Ana Ruiz"},
            {"@type": "Person", "@id": "#/person/8", "name": "Budi Hartono"},
            {"@type": "Organization", "@id": "#/org", "name": "Harbour Ledger"},
        ]
    }
    html = (
        f"<html><head><title>Ferries run late again</title>{ld(graph)}</head><body><article>"
        f"<h1>Ferries run late again</h1><p>{'The morning ferry left late. ' * 30}</p>"
        "</article></body></html>"
    )
    article = extract_article(html, "https://ledger.example/ferries")
    assert article.byline is not None
    assert "Ana Ruiz" in article.byline and "Budi Hartono" in article.byline
    assert article.site_name == "Harbour Ledger"


def test_json_ld_author_and_creator_disagree_the_page_decides() -> None:
    head = ld(
        {
            "@type": "NewsArticle",
            "author": {"@type": "Person", "name": "Budi Hartono"},
            "creator": {"@type": "Person", "name": "Sekar Ayu Lestari"},
        }
    )
    shown = page(head, '<div class="info">Oleh Sekar Ayu Lestari</div>')
    assert byline(shown) == "Sekar Ayu Lestari"
    assert byline(page(head)) == "Budi Hartono"


# ---------------------------------------------------------------- meta tags


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta name="author" content="Lidia Brandt">', "Lidia Brandt"),
        ('<meta property="article:author" content="Lidia Brandt">', "Lidia Brandt"),
        ('<meta name="parsely-author" content="Owen Pike">', "Owen Pike"),
        ('<meta name="sailthru.author" content="Owen Pike">', "Owen Pike"),
        ('<meta name="byl" content="By OWEN PIKE">', "OWEN PIKE"),
        ('<meta name="DC.creator" content="Rosa Lind">', "Rosa Lind"),
        ('<meta property="dc:creator twitter:site_name" content="Rosa Lind">', "Rosa Lind"),
    ],
)
def test_author_meta_tags(head: str, expected: str) -> None:
    assert byline(page(head)) == expected


def test_dublin_core_creator_before_a_generic_author_meta() -> None:
    head = (
        '<meta name="author" content="Site Admin Team"><meta name="dc.creator" content="Rosa Lind">'
    )
    assert byline(page(head)) == "Rosa Lind"


def test_article_author_url_is_skipped_for_the_name() -> None:
    head = (
        '<meta property="article:author" content="https://www.facebook.com/theledger">'
        '<meta name="author" content="Nadia Osei">'
    )
    assert byline(page(head)) == "Nadia Osei"


def test_several_author_metas_are_joined() -> None:
    head = (
        '<meta property="article:author" content="Nadia Osei">'
        '<meta property="article:author" content="Piet de Vries">'
    )
    assert byline(page(head)) == "Nadia Osei, Piet de Vries"


def test_twitter_handle_and_organisation_meta_give_way_to_the_page() -> None:
    head = (
        '<meta name="twitter:creator" content="@ledger"><meta name="author" content="Ledger Media">'
    )
    assert byline(page(head, '<p class="byline">By Hana Sato</p>')) == "Hana Sato"
    assert byline(page(head)) == "Ledger Media"


@pytest.mark.parametrize("author", ["PT Ledger Media Nusantara Tbk", "Ledger.co.id", "Ledger.Co"])
def test_company_or_domain_author_meta_is_no_byline(author: str) -> None:
    assert byline(page(f'<meta name="author" content="{author}">')) is None


def test_parsely_page_json() -> None:
    head = """<meta name="parsely-page" content='{"title": "x", "author": "Greta Holm"}'>"""
    assert byline(page(head)) == "Greta Holm"


# ---------------------------------------------------------------- markup


def test_rel_author_link() -> None:
    body = '<p class="meta">By <a rel="author" href="/staff/hana">Hana Sato</a></p>'
    assert byline(page(body=body)) == "Hana Sato"


def test_itemprop_author_with_nested_name() -> None:
    body = (
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<img src="/h.jpg" alt=""><span itemprop="name">Hana Sato</span>'
        '<span itemprop="jobTitle">Transport reporter</span></div>'
    )
    assert byline(page(body=body)) == "Hana Sato"


def test_several_itemprop_authors_in_one_line_are_joined() -> None:
    body = (
        '<p class="meta">By <span itemprop="author">Hana Sato</span> and '
        '<span itemprop="author">Eli Brook</span></p>'
    )
    assert byline(page(body=body)) == "Hana Sato, Eli Brook"


def test_personal_blog_author_named_like_the_site() -> None:
    html = """<html><head><title>Testing the parser | Notes | Ola Berg</title></head><body>
    <header><h1>Hello, I am Ola.</h1></header><article><h2>Testing the parser</h2>
    <p>Text of the post about parsers and tests and other things worth writing down.</p>
    <aside><span itemprop="author" itemscope itemtype="http://schema.org/Person">
    <span itemprop="name">Ola Berg</span> &mdash;</span> <time>2014-02-01</time></aside>
    </article></body></html>"""
    assert byline(html, None) == "Ola Berg"


# ---------------------------------------------------------------- byline lines


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<p class="byline">By Hana Sato</p>', "Hana Sato"),
        ('<div class="art-meta"><span class="by">by</span> <a href="/a/eli">Eli Brook</a>'
         '<span class="date">4 Mar 2019</span><a href="#comments">12</a></div>', "Eli Brook"),
        ('<div class="info">By\n\t\t\tGreta Holm\n\t</div>', "Greta Holm"),
        ('<div class="info">Selasa, 5 Maret 2024 | 10:15 WIB Oleh : Rina Kartika</div>',
         "Rina Kartika"),
        ('<div class="byline">Pewarta: Sulastri</div>', "Sulastri"),
        ('<table><tr><td>Penulis : Kontributor Kota Batu, Agus Salim</td></tr>'
         "<tr><td>Editor : Dewi Anjani</td></tr></table>", "Agus Salim"),
        ('<p class="lead-in">Laporan wartawan Kabar Pesisir, Yudi Pranata</p>', "Yudi Pranata"),
        ('<div class="info"><span class="reporter">Laporan: Yudi Pranata</span> '
         '<span class="tgl">Senin, 3 Maret 2025</span></div>', "Yudi Pranata"),
        ('<p class="credit">Reporter: Putri Ayu | Editor: Bagas Wirawan</p>', "Putri Ayu"),
        ('<p>Written by Lena Vogt<br>Edited by Ian Moss</p>', "Lena Vogt"),
        ('<p class="byline">By Ana Ruiz, Ben Ode and Chidi Eze</p>', "Ana Ruiz, Ben Ode and Chidi Eze"),
        ('<div class="info"><span>2017-01-05</span><span>作者：王小明</span></div>', "王小明"),
        ('<p class="meta">Автор: Ольга Смирнова</p>', "Ольга Смирнова"),
    ],
)  # fmt: skip
def test_byline_lines(body: str, expected: str) -> None:
    assert byline(page(body=body)) == expected


@pytest.mark.parametrize(
    "body",
    [
        '<div class="red"><table><tr><td><strong>Redaktur</strong></td><td>:</td>'
        "<td>Dewi Anjani</td></tr></table></div>",
        '<table class="grey"><tr><td>Editor</td><td>: Dewi Anjani</td></tr>'
        "<tr><td>Sumber</td><td>: Kantor Berita</td></tr></table>",
        '<div class="red">Red: Dewi Anjani</div>',
    ],
)
def test_editor_line_when_no_writer_is_named(body: str) -> None:
    assert byline(page(body=body)) == "Dewi Anjani"


def test_editor_line_gives_way_to_the_writer() -> None:
    body = '<p class="x">Editor: Dewi Anjani</p><p class="y">Penulis: Agus Salim</p>'
    assert byline(page(body=body)) == "Agus Salim"


def test_byline_nearest_the_headline_wins_over_a_teaser_column() -> None:
    html = """<html><head><title>Satellite lost over the steppe</title></head><body>
    <div class="rail"><div class="follow-author"><ul>
      <li class="author-follow"><a href="/v/1">Kay Moor Readers share their plans for the long weekend</a></li>
      <li class="author-follow"><a href="/v/2">Lou Park What the new budget means for you</a></li>
    </ul></div></div>
    <div class="main"><header><h1>Satellite lost over the steppe</h1></header>
    <div class="attribution"><div class="author">IRINA VOLKOVA</div><div>Associated Wire</div></div>
    <p>Text of the story about the satellite, long enough to read as a story.</p></div>
    </body></html>"""
    assert byline(html, None) == "IRINA VOLKOVA"


# ---------------------------------------------------------------- never


@pytest.mark.parametrize(
    "body",
    [
        # a date
        '<p class="byline">Published March 3, 2024 at 6:01 am</p>',
        # the site's name
        '<p class="byline">By The Ledger</p>',
        # an address
        '<p class="byline">By https://ledger.example/staff</p>',
        # a follow button
        '<div class="byline"><a href="https://twitter.example/ledger">Follow @ledger</a></div>',
        # an ad network's widget
        '<div class="trc-widget"><span>Sponsored Links</span> <span>by Taboola</span></div>',
        # a commenter
        '<div class="comments"><p class="comment-author">By Casual Reader</p></div>',
        '<div itemscope itemtype="https://schema.org/Comment"><p>Nice piece.</p>'
        '<span itemprop="author">Casual Reader</span></div>',
        # a photographer
        '<figure><img src="/f.jpg" alt=""><figcaption>Photo by Jonas Weber</figcaption></figure>',
        '<div class="photo-credit"><span class="author">Jonas Weber</span></div>',
        # a sentence, a subheading and a job title
        "<p>By Friday the ferries were running on time again.</p>",
        "<h2>By The Numbers</h2>",
        '<div class="byline__title">Staff Writer</div>',
        # site credits in the footer
        '<ul class="foot"><li><a href="/cms">Content Management</a> by <b>Inter<span>Red</span></b></li></ul>',
    ],
)  # fmt: skip
def test_never_a_byline(body: str) -> None:
    assert byline(page(body=body)) is None


def test_headline_is_never_the_byline() -> None:
    html = """<html><head><title>Getting Lean With Better Ads</title></head><body>
    <div class="post-header"><h1 class="post-title">Getting Lean With Better Ads</h1>
    <div class="post-date">10.15.15</div><div class="post-author">By
        Sam Carter</div></div>
    <p>Text of the story about ads, long enough to read like a story here.</p></body></html>"""
    assert byline(html, None) == "Sam Carter"


def test_headline_in_an_author_box_is_not_a_name() -> None:
    body = '<div class="author">Ferries run late again</div>'
    assert byline(page(body=body)) is None


def test_related_story_bylines_are_not_the_byline() -> None:
    related = "".join(
        f'<li><a href="/s/{i}"><h3>Another story about the port number {i}</h3></a>'
        f'<span class="byline">Staff Writer {chr(65 + i)}</span></li>'
        for i in range(3)
    )
    body = f'<aside class="related"><ul>{related}</ul></aside>'
    assert byline(page(body=body)) is None


def test_pipeline_reads_the_byline_after_scripts_are_dropped() -> None:
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Mira Holt"}})
    article = extract_article(page(head), "https://ledger.example/news/ferries")
    assert article.byline == "Mira Holt"
    line = page(body='<p class="byline">By Hana Sato</p>')
    assert extract_article(line, "https://ledger.example/news/ferries").byline == "Hana Sato"


# ---------------------------------------------------------------- tidying


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Lena Vogt veröffentlicht am 3. Mai 2021", "Lena Vogt"),
        ("Ana Ruiz, MS, RD on", "Ana Ruiz, MS, RD"),
        ("Hana Sato 2 hours ago", "Hana Sato"),
        ("Eli Brook , Ana Ruiz", "Eli Brook, Ana Ruiz"),
        ("Jane Doe Follow", "Jane Doe"),
        ("View all posts by Jane Doe", "Jane Doe"),
        ("Penulis: Kontributor Kota Batu, Agus Salim", "Agus Salim"),
        ("Laporan Reporter Kabar Kota, Rina Sari", "Rina Sari"),
        ("Taboola", None),
        ("Follow @ledger", None),
        ("(adsbygoogle = window.adsbygoogle || []).push({});", None),
        ("Photo: Jonas Weber", None),
    ],
)
def test_clean_byline_more(raw: str, expected: str | None) -> None:
    assert clean_byline(raw) == expected


def test_hostile_pages_stay_fast() -> None:
    huge_meta = f'<meta name="author" content="{"By " * 200_000}">'
    many_lines = "".join(f"<div><span>By</span> Name{i} Person</div>" for i in range(3000))
    nested = "<div>" * 200 + "By " + "x " * 50_000 + "</div>" * 200
    start = time.perf_counter()
    assert byline(page(huge_meta)) is None
    byline(page(body=many_lines))
    assert byline(page(body=nested)) is None
    assert time.perf_counter() - start < 5.0
