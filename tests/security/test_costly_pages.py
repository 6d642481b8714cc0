"""Pages that cost too much: link farms, nesting past libxml2's depth limit,
huge attribute values, enormous element counts, and cancelling an extraction.

No timed assertions (performance lives in bench/): each test checks that the
caps in `reader.core.extract.limits` applied (the work a stage sees is
bounded), that the page says so, and that the text is still found.
"""

from __future__ import annotations

import threading

import lxml.html
import pytest
from lxml.html import HtmlElement

from reader.core.extract import limits
from reader.core.extract.dom import parse_html
from reader.core.extract.limits import ExtractionCancelled
from reader.core.extract.pipeline import extract_article

WORDS = " ".join(f"word{i}" for i in range(120))
PAGE = "https://example.com/news/2024/the-story.html"


def _link(i: int) -> str:
    return f'<a href="/news/2024/story-number-{i}-here.html">Story number {i} is here</a>'


def _farm(links: int, per_list: int | None, article_first: bool) -> str:
    lists: list[str] = []
    step = per_list or links
    for start in range(0, links, step):
        items = "".join(f"<li>{_link(i)}</li>" for i in range(start, min(links, start + step)))
        lists.append(f"<h2>Related {start}</h2><ul>{items}</ul>")
    article = f"<article><h1>The story</h1><p>{WORDS}</p><p>{WORDS}</p></article>"
    body = article + "".join(lists) if article_first else "".join(lists) + article
    return f"<html><head><title>The story</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("per_list", "article_first"),
    [(None, True), (None, False), (20, True), (3, False)],
    ids=["one-list", "one-list-before-article", "lists-of-20", "lists-of-3"],
)
def test_link_farm_is_capped_and_the_article_still_read(
    per_list: int | None, article_first: bool
) -> None:
    links = limits.MAX_LINKS + 3000
    article = extract_article(_farm(links, per_list, article_first), PAGE)
    assert f"The page has {links:,} links; only the first {limits.MAX_LINKS:,} were read." in (
        article.warnings
    )
    assert "word119" in " ".join(b.text for b in article.blocks)
    listed = sum(len(s.links) for s in article.sections)
    assert listed <= limits.MAX_LINKS
    assert all(len(s.links) <= limits.MAX_SECTION_LINKS for s in article.sections)


def test_parsed_tree_keeps_at_most_max_links() -> None:
    root = parse_html(_farm(limits.MAX_LINKS * 3, None, article_first=False))
    assert int(root.xpath("count(//a)")) == limits.MAX_LINKS
    assert "word119" in root.text_content()


def test_links_in_running_text_past_the_cap_keep_their_words() -> None:
    root: HtmlElement = lxml.html.document_fromstring(
        "<html><body>"
        + "".join(f"<p>Before {_link(i)} after {i}.</p>" for i in range(50))
        + "</body></html>"
    )
    assert limits.trim_links(root, limit=10) == 50
    assert sum(1 for _ in root.iter("a")) == 10
    text = "".join(root.itertext())
    assert "Story number 49 is here" in text and "after 49." in text


def test_one_section_lists_at_most_max_section_links() -> None:
    items = "".join(f"<li>{_link(i)}</li>" for i in range(limits.MAX_SECTION_LINKS + 100))
    html = f"<html><body><p>{WORDS}</p><h2>Related stories</h2><ul>{items}</ul></body></html>"
    article = extract_article(html, PAGE)
    assert article.sections
    assert max(len(s.links) for s in article.sections) == limits.MAX_SECTION_LINKS


def test_many_tiny_sections_are_bounded() -> None:
    boxes = "".join(
        f"<div class='related'><h3>Related</h3><ul><li>{_link(2 * i)}</li>"
        f"<li>{_link(2 * i + 1)}</li></ul></div>"
        for i in range(limits.MAX_LINKS // 2 + 500)
    )
    article = extract_article(f"<html><body><p>{WORDS}</p>{boxes}</body></html>", PAGE)
    assert sum(len(s.links) for s in article.sections) <= limits.MAX_LINKS
    assert any("links; only the first" in w for w in article.warnings)


@pytest.mark.parametrize("depth", [300, 1000, 2100, 5000])
def test_text_nested_past_the_parser_depth_limit_is_found(depth: int) -> None:
    html = (
        f"<html><body>{'<div>' * depth}<p>{WORDS}</p>{'</div>' * depth}<p>after</p></body></html>"
    )
    article = extract_article(html, PAGE)
    text = " ".join(b.text for b in article.blocks)
    assert "word0" in text and "word119" in text
    assert "No article text was found on this page." not in article.warnings
    if depth > limits.MAX_DEPTH:
        assert any("levels deep" in w for w in article.warnings)


@pytest.mark.parametrize("wrapper", ["span", "section", "font"])
def test_deep_nesting_with_text_at_every_level_is_flattened(wrapper: str) -> None:
    depth = limits.MAX_DEPTH + 500
    html = (
        "<html><body>"
        + "".join(f"<{wrapper}><p>level {i} {WORDS[:60]}</p>" for i in range(depth))
        + f"</{wrapper}>" * depth
        + "</body></html>"
    )
    article = extract_article(html, PAGE)
    text = " ".join(b.text for b in article.blocks)
    assert f"level {depth - 1}" in text
    assert any("layout flattened" in w for w in article.warnings)


@pytest.mark.parametrize("name", ["class", "id", "style"])
def test_huge_attribute_values_are_cut(name: str) -> None:
    value = "x " * 1_000_000
    root = parse_html(f"<html><body><div {name}='{value}'><p>{WORDS}</p></div></body></html>")
    div = root.find(".//div")
    assert div is not None
    assert len(div.get(name) or "") <= limits.MAX_ATTRIBUTE
    assert "word119" in root.text_content()


def test_class_text_of_the_whole_page_is_capped() -> None:
    cls = "share-ad " * 100
    boxes = "".join(f"<div class='{cls}'><p>{i}</p></div>" for i in range(600))
    root = parse_html(f"<html><body>{boxes}</body></html>")
    total = sum(len(el.get("class") or "") for el in root.iter("div"))
    assert total <= limits.MAX_CLASS_TEXT + 600 * limits.SHORT_ATTRIBUTE


@pytest.mark.parametrize("tag", ["div", "p", "i"])
def test_enormous_element_counts_are_cut_and_said(tag: str) -> None:
    count = limits.MAX_ELEMENTS + 5000
    html = f"<html><body><p>{WORDS}</p>{f'<{tag}>x</{tag}>' * count}</body></html>"
    notes: list[str] = []
    root = parse_html(html, notes)
    assert int(root.xpath("count(//*)")) <= limits.MAX_ELEMENTS
    assert any("too long to read whole" in n for n in notes)
    assert "word119" in root.text_content()


def test_cancelled_extraction_raises_and_later_ones_run() -> None:
    html = _farm(3000, 20, article_first=True)
    started = threading.Event()
    outcome: list[BaseException | None] = []
    original = limits.checkpoint

    def run() -> None:
        try:
            extract_article(html, PAGE)
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    def cancel_at_first_checkpoint() -> None:
        if not started.is_set():
            started.set()
            limits.cancel_running()
        original()

    with pytest.MonkeyPatch.context() as patch:
        for module in ("pipeline", "article"):
            patch.setattr(f"reader.core.extract.{module}.checkpoint", cancel_at_first_checkpoint)
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    assert isinstance(outcome[0], ExtractionCancelled)
    assert "word119" in " ".join(b.text for b in extract_article(html, PAGE).blocks)


def test_cancel_running_does_not_touch_extractions_started_after() -> None:
    limits.cancel_running()
    limits.begin()
    limits.checkpoint()  # no raise: this extraction began after the cancel


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_json_ld_nested_past_the_recursion_limit_is_ignored(depth: int) -> None:
    """A page's JSON-LD nested 100,000 deep is not data we can use: the
    article is read without it, never a RecursionError."""
    from reader.core.extract.pipeline import extract_article

    page = (
        '<html><head><script type="application/ld+json">'
        + "[" * depth
        + "</script></head><body><article><p>"
        + "A story told in plain sentences. " * 30
        + "</p></article></body></html>"
    )
    article = extract_article(page, "https://news.example/a")
    assert "plain sentences" in article.text
