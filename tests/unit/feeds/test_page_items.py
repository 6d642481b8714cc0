"""page_stories, list_stories and looks_like_index on pages we wrote: a front
page with a "Terkini" list and headline cards (plus navigation, login,
author, tag, share and footer links), and an article with two link lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.extract.pipeline import extract_article
from reader.core.feeds.page_items import (
    list_stories,
    looks_like_index,
    page_stories,
    url_names_a_story,
)
from reader.core.models import Article, Link, Section

FIXTURES = Path(__file__).parent / "fixtures"
FRONT_URL = "https://kabar.example/"
ARTICLE_URL = (
    "https://kabar.example/nasional/2024/05/14/warga-desa-hulu-memperbaiki-jembatan-gantung"
)


@pytest.fixture(scope="module")
def front() -> tuple[Article, str]:
    html = (FIXTURES / "frontpage.html").read_text(encoding="utf-8")
    return extract_article(html, FRONT_URL), html


@pytest.fixture(scope="module")
def article() -> tuple[Article, str]:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    return extract_article(html, ARTICLE_URL), html


def test_page_stories_lists_and_cards(front: tuple[Article, str]) -> None:
    page, html = front
    items = page_stories(page, FRONT_URL, html)
    titles = [i.title for i in items]
    assert len(items) == 10
    assert "Banjir surut, warga kembali membersihkan rumah" in titles
    assert "Warga desa hulu memperbaiki jembatan gantung bersama-sama" in titles
    for entry in items:
        assert entry.url.startswith("https://kabar.example/")
        assert entry.guid == entry.url.removeprefix("https:")
        assert entry.summary == "" and entry.published is None


def test_page_stories_leave_out_chrome(front: tuple[Article, str]) -> None:
    page, html = front
    urls = " ".join(i.url for i in page_stories(page, FRONT_URL, html))
    for word in (
        "/kategori/",
        "/login",
        "/daftar",
        "/penulis/",
        "/tag/",
        "facebook",
        "twitter",
        "/indeks",
        "/tentang-kami",
        "pedoman-media-siber",
        "iklan.lain.example",
    ):
        assert word not in urls


def test_page_stories_without_html_uses_the_lists(front: tuple[Article, str]) -> None:
    page, _ = front
    items = page_stories(page, FRONT_URL)
    assert 6 <= len(items) <= 10
    assert "Harga cabai turun setelah panen raya di tiga kabupaten" in [i.title for i in items]


def test_page_stories_dedupe_and_skip_the_page_itself() -> None:
    links = (
        Link("https://kabar.example/a/2024/satu-dua-tiga", "Satu dua tiga empat"),
        Link("https://kabar.example/a/2024/satu-dua-tiga#komentar", "Satu lagi"),
        Link("https://www.kabar.example/a/2024/satu-dua-tiga/", "Satu sekali lagi"),
        Link("https://kabar.example/", "Beranda kabar hari ini"),
        Link("https://kabar.example/b/2024/tanpa-judul", "  "),
    )
    page = Article(url=FRONT_URL, title="x", sections=(Section("latest", "Terkini", links),))
    items = page_stories(page, FRONT_URL)
    assert [(i.url, i.title) for i in items] == [
        ("https://kabar.example/a/2024/satu-dua-tiga", "Satu dua tiga empat")
    ]


def test_list_stories_by_heading(front: tuple[Article, str]) -> None:
    page, _ = front
    items = list_stories(page, "  TERKINI ")
    assert items is not None and len(items) == 6
    assert items[0].title == "Warga desa hulu memperbaiki jembatan gantung bersama-sama"
    assert list_stories(page, "Terpopuler") is None
    assert list_stories(page, "") is None


def test_list_stories_on_an_article(article: tuple[Article, str]) -> None:
    page, _ = article
    popular = list_stories(page, "terpopuler")
    assert popular is not None
    assert popular[0].title == "Harga cabai turun setelah panen raya di tiga kabupaten"
    also = list_stories(page, "Baca   juga")
    assert also is not None and len(also) == 3


def test_front_page_looks_like_an_index(front: tuple[Article, str]) -> None:
    page, html = front
    assert looks_like_index(page, html)
    assert looks_like_index(page)  # its lists alone hold 10 story links


def test_article_does_not_look_like_an_index(article: tuple[Article, str]) -> None:
    page, html = article
    assert not looks_like_index(page, html)
    assert not looks_like_index(page)


def test_a_short_page_at_a_story_address_is_not_an_index(front: tuple[Article, str]) -> None:
    page, html = front
    moved = Article(
        url=ARTICLE_URL, title=page.title, sections=page.sections, warnings=page.warnings
    )
    assert not looks_like_index(moved, html)


@pytest.mark.parametrize(
    ("url", "story"),
    [
        ("https://kabar.example/", False),
        ("https://kabar.example/indeks", False),
        ("https://kabar.example/index.php", False),
        ("https://kabar.example/nasional", False),
        ("https://kabar.example/?utm_source=x", False),
        ("https://kabar.example/nasional/2024/05/14/x", True),
        ("https://kabar.example/berita/warga-desa-hulu", True),
        ("https://kabar.example/read.php?id=5", True),
        ("https://kabar.example/p/12345", True),
    ],
)
def test_url_names_a_story(url: str, story: bool) -> None:
    assert url_names_a_story(url) is story


MIRROR_URL = "http://127.0.0.1:8931/kabar-frontpage.html"


def test_a_front_page_served_under_a_file_name_is_judged_by_its_canonical_address() -> None:
    """A copy of a front page served elsewhere under a file name (a mirror, a
    cache, a test server) still reads as an index page, and its teaser cards
    (links to its own site, named by the canonical address) are its stories."""
    html = (FIXTURES / "frontpage.html").read_text(encoding="utf-8")
    html = html.replace("<head>", '<head><link rel="canonical" href="https://kabar.example/">', 1)
    page = extract_article(html, MIRROR_URL)
    assert looks_like_index(page, html)
    assert not looks_like_index(page)  # without the html, only the address is known
    stories = page_stories(page, MIRROR_URL, html=html)
    at_home = extract_article(html, FRONT_URL)
    assert [s.title for s in stories] == [
        s.title for s in page_stories(at_home, FRONT_URL, html=html)
    ]


def test_forty_story_links_and_no_text_are_an_index_whatever_the_address() -> None:
    cards = "".join(
        f'<article class="card"><h3><a href="/daerah/2024/05/{n:02d}/'
        f'kabar-desa-nomor-{n}-hari-ini">Kabar desa nomor {n} hari ini</a></h3></article>'
        for n in range(1, 46)
    )
    html = f"<html><head><title>Kabar</title></head><body><main>{cards}</main></body></html>"
    page = extract_article(html, MIRROR_URL)
    assert looks_like_index(page, html)
    parts = html.split('<article class="card">')
    few = '<article class="card">'.join(parts[:20]) + "</main></body></html>"
    assert not looks_like_index(extract_article(few, MIRROR_URL), few)
