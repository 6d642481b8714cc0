"""Finding a story's other pages (reader/core/extract/pagination.py) and
joining them (reader/core/multipage.py), on pages written for the project in
the shapes of real news sites (tests/net/multipage_site.py,
tests/fixtures/multipage/)."""

from __future__ import annotations

import pickle
from pathlib import Path

from lxml.html import document_fromstring

from reader.core.extract.pagination import find_page_links, same_story
from reader.core.extract.pipeline import extract_article
from reader.core.extract.problems import BEST_EFFORT, MOSTLY_LINKS, NO_TEXT, too_short
from reader.core.models import Article, Block, BlockKind, Link, PageLinks, Section, Span
from reader.core.multipage import (
    follow_note,
    join_pages,
    page_empty,
    page_failed,
    page_too_slow,
    too_many_pages,
    whole_story,
    whole_view_failed,
)
from tests.net.multipage_site import (
    LEAD_ID,
    READ_ALSO_ID,
    article_html,
    numbered_pager,
    page_paragraphs,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "multipage"
SITE = "https://kabar.example"
PATH = "/read/2026/11/05/warga-pesisir-bersiap-hadapi-musim-angin-barat"
STORY = SITE + PATH


def links(html: str, url: str) -> PageLinks | None:
    return find_page_links(document_fromstring(html), url)


def page(pager: str = "", head: str = "", paragraphs: list[str] | None = None) -> str:
    return article_html(
        "Warga pesisir bersiap",
        paragraphs or [LEAD_ID, *page_paragraphs("angin", 1)],
        pager=pager,
        head=head,
    )


# -- finding -------------------------------------------------------------------


def test_indonesian_numbered_pager_gives_page_two() -> None:
    found = links(page(numbered_pager(PATH, 1, 3)), STORY)
    assert found == PageLinks(whole=None, next=STORY + "?page=2")


def test_on_page_two_the_next_is_page_three_not_page_one() -> None:
    found = links(page(numbered_pager(PATH, 2, 3)), STORY + "?page=2")
    assert found is not None and found.next == STORY + "?page=3"
    by_path = links(page(numbered_pager(PATH, 2, 3, query=False)), STORY + "/2")
    assert by_path is not None and by_path.next == STORY + "/3"


def test_halaman_link_and_suffix_pages() -> None:
    html = page(
        '<p><a href="/read/2026/11/05/cerita-panjang-dari-pesisir-2.html">Halaman 2</a></p>'
    )
    found = links(html, SITE + "/read/2026/11/05/cerita-panjang-dari-pesisir.html")
    assert found is not None
    assert found.next == SITE + "/read/2026/11/05/cerita-panjang-dari-pesisir-2.html"
    wrong = page(
        '<p><a href="/read/2026/11/05/cerita-panjang-dari-pesisir-2.html">Halaman 5</a></p>'
    )
    assert links(wrong, SITE + "/read/2026/11/05/cerita-panjang-dari-pesisir.html") is None


def test_next_words_in_several_languages() -> None:
    for text in ("Selanjutnya", "Berikutnya", "Halaman Selanjutnya", "Next page", "Next »", "›"):
        html = page(f'<a href="{PATH}/2">{text}</a>')
        found = links(html, STORY)
        if text == "›":
            assert found is None  # an arrow alone, without rel=next, says too little
            continue
        assert found is not None and found.next == STORY + "/2", text


def test_english_rel_next_in_head_and_on_a_link() -> None:
    url = "https://harbour.example/2026/11/the-long-winter-of-the-island-ferries"
    head = '<link rel="next" href="/2026/11/the-long-winter-of-the-island-ferries/page/2">'
    found = links(page(head=head), url)
    assert found is not None and found.next == url + "/page/2"
    anchor = page('<a rel="next" href="the-long-winter-of-the-island-ferries/2">›</a>')
    found = links(anchor, url)
    assert found is not None and found.next == url + "/2"


def test_whole_story_views() -> None:
    for href, text in (
        ("?page=all", "Tampilkan semua"),
        ("?single=1", "Lihat semua"),
        (f"{PATH}?showall=1", "Show full article"),
        (f"{PATH}/all", "View as single page"),
        (f"{PATH}?view=single", "Read full story on one page"),
        ("?single", "Tampilkan dalam satu halaman"),
    ):
        found = links(page(f'<a href="{href}">{text}</a>' + numbered_pager(PATH, 1, 3)), STORY)
        assert found is not None and found.whole is not None, href
        assert same_story(STORY, found.whole) and found.next == STORY + "?page=2"


def test_lihat_semua_to_a_section_is_not_the_whole_story() -> None:
    html = page('<h3>Berita Terkini</h3><a href="/indeks">Lihat semua</a>')
    assert links(html, STORY) is None


def test_cross_site_and_other_stories_refused() -> None:
    other_host = f'<link rel="next" href="https://elsewhere.example{PATH}?page=2">'
    assert links(page(head=other_host), STORY) is None
    next_post = '<link rel="next" href="/read/2026/11/06/nelayan-pulang-membawa-hasil-tangkapan">'
    assert links(page(head=next_post), STORY) is None
    by_number = '<link rel="next" href="/read/124">'
    assert links(page(head=by_number), SITE + "/read/123") is None


def test_section_index_older_posts_not_followed() -> None:
    html = (FIXTURES / "section_index.html").read_text()
    assert links(html, "https://harbour.example/news") is None
    assert links(html, "https://harbour.example/category/islands?page=1") is None
    article = extract_article(html, "https://harbour.example/news")
    assert article.page_links is None


def test_tracking_parameters_do_not_make_another_story() -> None:
    found = links(page(numbered_pager(PATH, 1, 3)), STORY + "?utm_source=feed&utm_medium=rss")
    assert found is not None and found.next == STORY + "?page=2"
    other = page(f'<a href="{PATH}?id=7&page=2">2</a>')
    assert links(other, STORY + "?id=8") is None


def test_zero_based_page_numbers() -> None:
    html = page(f'<a href="{PATH}?page=1">2</a> <a href="{PATH}?page=2">3</a>')
    found = links(html, STORY)
    assert found is not None and found.next == STORY + "?page=1"
    # Counted from 1, with page 1 linked as ?page=1: page 1 is not the next.
    html = page(f'<a href="{PATH}?page=1">1</a> <a href="{PATH}?page=2">2</a>')
    found = links(html, STORY)
    assert found is not None and found.next == STORY + "?page=2"


def test_fixture_pages_through_the_extractor() -> None:
    indonesian = (FIXTURES / "indonesian_page1.html").read_text()
    article = extract_article(indonesian, STORY)
    assert article.page_links == PageLinks(whole=None, next=STORY + "?page=2")
    english = (FIXTURES / "english_rel_next.html").read_text()
    url = "https://harbour.example/2026/11/the-long-winter-of-the-island-ferries"
    article = extract_article(english, url)
    assert article.page_links == PageLinks(whole=None, next=url + "/2")


def test_only_on_a_page_that_reads_as_an_article() -> None:
    short = page(numbered_pager(PATH, 1, 3), paragraphs=["Hanya satu kalimat pendek di sini."])
    assert links(short, STORY) is not None  # the finder sees the pager ...
    assert extract_article(short, STORY).page_links is None  # ... the extractor drops it


def test_page_links_survive_pickling_and_are_never_stored() -> None:
    article = extract_article(page(numbered_pager(PATH, 1, 3)), STORY)
    assert article.page_links is not None
    again = pickle.loads(pickle.dumps(article))
    assert again.page_links == article.page_links
    assert "page_links" not in article.to_store() and "pages" not in article.to_json(markdown="")
    assert Article.from_store(article.to_store()).page_links is None


def test_no_address_no_links() -> None:
    assert links(page(numbered_pager(PATH, 1, 3)), "") is None
    assert links(page(numbered_pager(PATH, 1, 3)), "file:///tmp/story.html") is None


# -- joining -------------------------------------------------------------------


def para(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, (Span(text),))


def test_join_drops_repeats_merges_sections_keeps_warnings() -> None:
    related = Section("related", "Berita Terkait", (Link(SITE + "/a", "A"), Link(SITE + "/b", "B")))
    first = Article(
        url=STORY,
        title="Judul",
        byline="Sari",
        blocks=(para(LEAD_ID), para("Satu."), para(READ_ALSO_ID)),
        sections=(related,),
    )
    second = Article(
        url=STORY + "?page=2",
        title="Judul (2)",
        byline="Other",
        blocks=(
            Block(BlockKind.HEADING, (Span("Judul"),), level=1),
            para(LEAD_ID.upper()),
            para("Dua."),
            para(READ_ALSO_ID + " "),
        ),
        sections=(
            Section("related", "Berita terkait", (Link(SITE + "/b", "B"), Link(SITE + "/c", "C"))),
            Section("more", None, (Link(STORY + "?page=3", "3"),)),
        ),
        warnings=("The article text looks too short (12 words).", "Odd markup."),
    )
    joined = join_pages(
        [first, second], [STORY, STORY + "?page=2", STORY + "?page=3"], ["Page 4 failed."]
    )
    assert [b.text for b in joined.blocks] == [LEAD_ID, "Satu.", READ_ALSO_ID, "Dua."]
    assert (joined.title, joined.byline, joined.url) == ("Judul", "Sari", STORY)
    assert joined.pages == (STORY, STORY + "?page=2", STORY + "?page=3")
    assert [s.heading for s in joined.sections] == ["Berita Terkait"]
    assert [link.url for link in joined.sections[0].links] == [SITE + f"/{c}" for c in "abc"]
    assert joined.warnings == ("Odd markup.", "Page 4 failed.")
    assert joined.text.count("KOTA PESISIR") == 1


def test_whole_story_used_only_when_same_and_longer() -> None:
    opening = [para(p) for p in page_paragraphs("angin", 1)]
    first = Article(url=STORY, title="Judul", blocks=tuple(opening[:2]))
    longer = Article(url=STORY + "?page=all", title="Judul", blocks=tuple(opening))
    joined = whole_story(first, longer, STORY + "?page=all")
    assert joined is not None and joined.pages == (STORY + "?page=all",)
    assert joined.url == STORY and joined.word_count == longer.word_count
    assert whole_story(first, Article(url=None, title="Judul", blocks=(opening[0],)), "x") is None
    other = Article(
        url=None, title="Lain", blocks=tuple(para(p + " lain") for p in ("a" * 50,) * 9)
    )
    assert whole_story(first, other, STORY + "?page=all") is None


def test_hostile_hrefs_are_ignored() -> None:
    hrefs = [
        "http://[::1",
        f"https://kabar.example:99999{PATH}?page=2",
        f"javascript:go('{PATH}?page=2')",
        f"data:text/html,{PATH}?page=2",
        f"{PATH}?page=2\x1b]52;c;bad\x07",
        "?page=" + "9" * 5000,
        f"{PATH}?page=2&page=all",
    ]
    html = page("".join(f'<a href="{h}" rel="next">Selanjutnya</a>' for h in hrefs))
    found = links(html, STORY)
    assert found is None or all(
        "\x1b" not in (u or "") and (u or "").startswith(SITE) for u in (found.next, found.whole)
    )


def test_notes_said_while_following_are_recognised_in_a_stored_story() -> None:
    # A stored story keeps these notes when it is joined again; the
    # extractor's own warnings about a page are not among them.
    notes = [
        whole_view_failed("timed out"),
        too_many_pages(10),
        page_too_slow(6),
        page_failed(3, "the server answered 500"),
        page_empty(4),
    ]
    assert all(follow_note(note) for note in notes)
    assert notes[3] == "Page 3 of the story could not be read (the server answered 500)."
    extractor = [too_short(12), MOSTLY_LINKS, NO_TEXT, BEST_EFFORT]
    assert not any(follow_note(warning) for warning in extractor)
