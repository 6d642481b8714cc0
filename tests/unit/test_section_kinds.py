"""Section kinds from headings in many languages, skip links and other page
furniture that never head a list, and the structures around them. The snippets
are written for these tests in the shapes news sites use."""

from __future__ import annotations

import pytest

from reader.core.extract import extract_article
from reader.core.models import Section

URL = "https://news.example/2025/03/01/story-of-the-day"


def stories(prefix: str, n: int = 3) -> list[tuple[str, str]]:
    return [
        (f"/2025/02/{10 + i:02d}/{prefix}-story-number-{i}", f"{prefix.title()} story number {i}")
        for i in range(n)
    ]


def items(links: list[tuple[str, str]]) -> str:
    return "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)


PROSE = [
    f"<p>Paragraph {i} of the article tells the story at some length, with detail "
    f"and quotes from the people involved, as a real report would do it.</p>"
    for i in range(8)
]


def page(aside: str = "", *, inline: str = "", before_body: str = "", wrapper: str = "") -> str:
    body = "".join(PROSE[:4]) + inline + "".join(PROSE[4:])
    return (
        "<html><head><title>Story of the day - News</title></head><body>"
        f'{before_body}<div class="{wrapper}"><article><h1>Story of the day</h1>{body}</article>'
        f"<aside>{aside}</aside></div></body></html>"
    )


def found(html: str) -> list[tuple[str, str | None, int]]:
    return [(s.kind, s.heading, len(s.links)) for s in sections(html)]


def sections(html: str) -> list[Section]:
    return list(extract_article(html, URL).sections)


def box(heading: str, prefix: str = "x", cls: str = "widget") -> str:
    return f'<div class="{cls}"><h3>{heading}</h3><ul>{items(stories(prefix))}</ul></div>'


KINDS = {
    # English
    "More from The Daily Example": "more",
    "More in Science": "more",
    "Next Up In Culture": "more",
    "Elsewhere on Example News": "more",
    "You may also like": "picks",
    "You Might Also Like": "picks",
    "Most Read": "popular",
    "Most Viewed": "popular",
    "Trending Now": "popular",
    "Top Posts & Pages": "popular",
    "Top Stories": "picks",
    "Recent from Jane Doe": "latest",
    "Recent Posts": "latest",
    "Editors' Picks": "picks",
    "Don't Miss": "picks",
    "Read Next": "picks",
    "Related Coverage": "related",
    "More on this story": "related",
    # Korean
    "많이 본 뉴스": "popular",
    "주요뉴스": "picks",
    "관련기사": "related",
    "최신뉴스": "latest",
    # Portuguese
    "Mais lidas": "popular",
    "Últimas notícias": "latest",
    "Relacionadas": "related",
    "Veja também": "read_also",
    "Leia também": "read_also",
    "Mais de Esportes": "more",
    # Russian
    "Самое читаемое": "popular",
    "Последние новости": "latest",
    "По теме": "related",
    "Выбор редакции": "picks",
    "Читайте также": "read_also",
    # Italian
    "I più letti": "popular",
    "Ultime notizie": "latest",
    "Articoli correlati": "related",
    "Potrebbe interessarti": "picks",
    # Spanish
    "Lo más leído": "popular",
    "Últimas noticias": "latest",
    "Noticias relacionadas": "related",
    "Te puede interesar": "picks",
    "Más en Opinión": "more",
    # German
    "Meistgelesen": "popular",
    "Meistkommentiert": "popular",
    "Neueste Artikel": "latest",
    "Mehr zum Thema": "related",
    "Empfehlungen der Redaktion": "picks",
    "Mehr aus dem Ressort": "more",
    # French
    "Les plus lus": "popular",
    "Dernières infos": "latest",
    "Sur le même sujet": "related",
    "À la une": "picks",
    # Japanese
    "人気記事": "popular",
    "アクセスランキング": "popular",
    "新着記事": "latest",
    "関連記事": "related",
    "おすすめ記事": "picks",
    # Indonesian, as before
    "Berita Terkait": "related",
    "Terpopuler": "popular",
    "Berita Terbaru": "latest",
    "Berita Pilihan": "picks",
    # A heading that names no kind
    "Multimedia": "more",
    "Specials": "more",
}


@pytest.mark.parametrize(("heading", "kind"), sorted(KINDS.items()))
def test_heading_kind(heading: str, kind: str) -> None:
    assert found(page(box(heading))) == [(kind, heading, 3)]


def test_a_named_heading_is_more_whatever_the_widget_class_says() -> None:
    widget = box("Specials", cls="widget widget-recent-posts")
    assert found(page(widget)) == [("more", "Specials", 3)]
    widget = box("More from Sportsnet", cls="related-links-module")
    assert found(page(widget)) == [("more", "More from Sportsnet", 3)]


def test_a_generic_heading_takes_its_kind_from_the_class() -> None:
    assert found(page(box("Other news", cls="related-posts"))) == [("related", "Other news", 3)]
    assert found(page(box("Berita Lainnya", cls="box"))) == [("more", "Berita Lainnya", 3)]


def test_dont_miss_between_paragraphs_is_read_also() -> None:
    inline = f"<h3>DON'T MISS</h3><ul>{items(stories('d'))}</ul>"
    assert found(page(inline=inline)) == [("read_also", "DON'T MISS", 3)]
    inline = f"<h2>Jangan Lewatkan!</h2><ul>{items(stories('j'))}</ul><p>(abc/def)</p>"
    article = extract_article(page(inline=inline), URL)
    assert [(s.kind, len(s.links)) for s in article.sections] == [("read_also", 3)]
    assert "(abc/def)" in article.text  # the credit line after the box is the story's


def test_a_bold_label_line_over_link_lines_in_the_story_is_read_also() -> None:
    lines = "<br>".join(f'<a href="{h}">{t}</a> [ANALYSIS]' for h, t in stories("b"))
    inline = f"<p><strong>DON'T MISS</strong></p><p>{lines}</p>"
    article = extract_article(page(inline=inline), URL)
    assert [(s.kind, s.heading, len(s.links)) for s in article.sections] == [
        ("read_also", "DON'T MISS", 3)
    ]
    assert "B story number" not in article.text


SKIP_LINKS = [
    '<a class="skip-link screen-reader-text" href="#latest">Skip to content</a>',
    '<a href="#latest">Skip to main content</a>',
    '<a class="sr-only" href="#latest">Langsung ke konten</a>',
    '<a href="#latest">Zum Inhalt springen</a>',
    '<a href="#latest">Ir para o conteúdo</a>',
    '<a href="#latest">본문 바로가기</a>',
]


@pytest.mark.parametrize("skip", SKIP_LINKS)
def test_a_skip_link_never_heads_a_list(skip: str) -> None:
    target = f'<div id="latest"><ul>{items(stories("s", 4))}</ul></div>'
    html = page(before_body=f"<div>{skip}</div>{target}")
    assert all(s.heading is None or "kont" not in s.heading for s in sections(html))
    assert not any(s.heading and s.heading in skip for s in sections(html))


@pytest.mark.parametrize(
    "heading",
    ["Skip to navigation", "Langsung ke konten", "Accessibility", "About us", "Contact",
     "Follow us", "Newsletters", "Site Information", "Return to Top", "Subscribe to The Example"],
)  # fmt: skip
def test_furniture_labels_never_head_a_list(heading: str) -> None:
    assert found(page(box(heading))) == []


def test_a_date_is_not_a_heading_and_the_class_still_names_the_list() -> None:
    assert found(page(box("November 18", cls="trending-wrapper"))) == [("popular", None, 3)]
    assert found(page(box("Senin, 18 November 2019"))) == []


@pytest.mark.parametrize(
    "heading", ["From Around the Web", "Sponsored Stories", "Promo Content", "Iklan Partner"]
)
def test_ad_headings_drop_their_list(heading: str) -> None:
    assert found(page(box(heading, cls="related-posts"))) == []


def test_a_furniture_heading_ends_the_list_before_it() -> None:
    aside = (
        f'<div class="col"><h3>Terkini</h3><ul>{items(stories("t"))}</ul>'
        f"<h3>Follow us</h3><ul>{items(stories('f'))}</ul></div>"
    )
    assert found(page(aside)) == [("latest", "Terkini", 3)]


def test_story_links_holding_their_own_headline_tag_stay_in_the_list() -> None:
    cards = "".join(f'<a href="{h}"><h3>{t}</h3><p>2 hours ago</p></a>' for h, t in stories("c"))
    aside = f'<div class="promo"><h2>Top Stories</h2>{cards}</div>'
    assert found(page(aside)) == [("picks", "Top Stories", 3)]


def test_state_flags_of_a_page_wrapper_do_not_exclude_its_lists() -> None:
    html = page(box("Popular Articles"), wrapper="main-content has-section-nav page-ad-margins")
    assert found(html) == [("popular", "Popular Articles", 3)]


def test_a_heading_with_a_photo_credit_is_not_a_heading() -> None:
    aside = f"<div><h3>Story of the day © AGENCY / POOL</h3><ul>{items(stories('p'))}</ul></div>"
    assert found(page(aside)) == []
