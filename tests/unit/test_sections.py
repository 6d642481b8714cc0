"""The link-section finder on small pages, one structure per test."""

from __future__ import annotations

from reader.core.extract import extract_article
from reader.core.models import Section

URL = "https://news.example/2025/03/01/story-of-the-day"


def stories(prefix: str, n: int) -> list[tuple[str, str]]:
    return [
        (
            f"/2025/02/{10 + i:02d}/{prefix}-story-number-{i}",
            f"{prefix.title()} story number {i} today",
        )
        for i in range(n)
    ]


def items(links: list[tuple[str, str]]) -> str:
    return "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)


def page(body: str) -> str:
    prose = "".join(
        f"<p>Paragraph {i} of the article tells the story at some length, with detail "
        f"and quotes from the people involved, as a real report would.</p>"
        for i in range(8)
    )
    return (
        f"<html><head><title>Story of the day - News</title></head><body>"
        f"<article><h1>Story of the day</h1>{prose}</article>{body}</body></html>"
    )


def sections(body: str) -> list[Section]:
    return list(extract_article(page(body), URL).sections)


def test_headed_list_kinds_in_several_languages() -> None:
    cases = {
        "Berita Terkait": "related",
        "Related stories": "related",
        "Terpopuler": "popular",
        "Meistgelesen": "popular",
        "Terkini": "latest",
        "Últimas noticias": "latest",
        "Pilihan Editor": "picks",
        "Editor's picks": "picks",
        "Berita Lainnya": "more",
        "More from the newsroom": "more",
    }
    for heading, kind in cases.items():
        found = sections(f"<div><h3>{heading}</h3><ul>{items(stories('x', 3))}</ul></div>")
        assert [(s.kind, s.heading, len(s.links)) for s in found] == [(kind, heading, 3)], heading


def test_links_are_absolute_deduplicated_and_never_the_page_itself() -> None:
    links = [
        *stories("a", 3),
        (stories("a", 1)[0][0] + "#comments", "A story number 0 today"),
        (URL + "?utm_source=x", "Story of the day"),
    ]
    found = sections(f"<h3>Terkini</h3><ul>{items(links)}</ul>")
    assert len(found) == 1
    urls = [link.url for link in found[0].links]
    assert urls == [f"https://news.example{href}" for href, _ in stories("a", 3)]


def test_tab_widget_gives_one_section_per_tab() -> None:
    body = (
        '<div class="tabs"><ul><li><a href="#pop">Terpopuler</a></li>'
        '<li><a href="#com">Terkomentari</a></li></ul>'
        f'<div id="pop">{items(stories("p", 3))}</div>'
        f'<div id="com" style="display:none">{items(stories("c", 3))}</div></div>'
    )
    found = sections(body)
    assert [(s.kind, s.heading, len(s.links)) for s in found] == [
        ("popular", "Terpopuler", 3),
        ("popular", "Terkomentari", 3),
    ]


def test_two_columns_and_an_ad_slot_under_one_heading_are_one_section() -> None:
    body = (
        "<section><h2>Berita Terkait</h2>"
        f'<ul class="left">{items(stories("l", 2))}</ul><div class="ad-slot"></div>'
        f'<ul class="right">{items(stories("r", 2))}</ul></section>'
    )
    found = sections(body)
    assert [(s.kind, len(s.links)) for s in found] == [("related", 4)]


def test_card_grid_with_linked_headlines() -> None:
    cards = "".join(
        f'<div class="card"><a href="{h}"><img src="/i.jpg" alt=""></a><h3><a href="{h}">{t}</a></h3>'
        f'<span class="time">2 jam lalu</span></div>'
        for h, t in stories("k", 4)
    )
    found = sections(
        f'<div class="box"><div class="box-title">Rekomendasi</div><div class="grid">{cards}</div></div>'
    )
    assert [(s.kind, s.heading, len(s.links)) for s in found] == [("picks", "Rekomendasi", 4)]


def test_unheaded_list_needs_a_telling_class() -> None:
    assert sections(f"<ul>{items(stories('n', 4))}</ul>") == []
    found = sections(f'<ul class="related-posts">{items(stories("n", 4))}</ul>')
    assert [(s.kind, s.heading) for s in found] == [("related", None)]


def test_inline_read_also_lines_are_each_a_section() -> None:
    html = page("").replace(
        "<p>Paragraph 2",
        '<p>Baca Juga: <a href="/2025/01/01/satu-cerita-lain">Satu cerita lain yang terkait</a></p>'
        '<p><strong>Read also:</strong> <a href="/2025/01/02/another-one">Another story on this</a></p>'
        "<p>Paragraph 2",
    )
    found = extract_article(html, URL).sections
    assert [(s.kind, s.heading, len(s.links)) for s in found] == [
        ("read_also", "Baca Juga", 1),
        ("read_also", "Read also", 1),
    ]
    assert "Satu cerita" not in extract_article(html, URL).text


def test_navigation_footer_tags_pagination_and_share_are_not_sections() -> None:
    body = (
        f"<nav><h3>Terpopuler</h3><ul>{items(stories('m', 4))}</ul></nav>"
        '<div class="tags"><h3>Tags</h3><a href="/tag/a">alpha beta</a><a href="/tag/b">beta gamma</a></div>'
        '<div class="pagination"><a href="?page=2">2</a><a href="?page=3">3</a><a href="?page=2">Next</a></div>'
        '<div class="share"><h3>Share</h3><a href="https://www.facebook.com/sharer/sharer.php?u=x">Share on Facebook now</a>'
        '<a href="https://twitter.com/intent/tweet?url=x">Share on Twitter right now</a></div>'
        '<div class="archive"><h4>Archives</h4><a href="/2025/02/">February 2025</a><a href="/2025/01/">January 2025</a></div>'
    )
    assert sections(body) == []


def test_unsafe_links_never_reach_a_section() -> None:
    links = [
        ("javascript:alert(1)", "Click here to win a prize now"),
        ("file:///etc/passwd", "Read the password file now"),
        ("data:text/html,x", "A data link for you here"),
        *stories("s", 2),
    ]
    found = sections(f"<h3>Related</h3><ul>{items(links)}</ul>")
    assert [link.url.split(":")[0] for s in found for link in s.links] == ["https", "https"]


def test_sections_are_removed_from_the_article_body() -> None:
    article = extract_article(page(f"<h3>Terkini</h3><ul>{items(stories('z', 3))}</ul>"), URL)
    assert article.sections
    assert "Z story number" not in article.text
