"""HTML -> Blocks -> text and Markdown."""

from __future__ import annotations

import lxml.html

from reader.core.extract.blocks import html_to_blocks
from reader.core.extract.markdown import article_markdown, blocks_to_markdown
from reader.core.models import Article, Block, BlockKind


def blocks(html: str, base: str | None = "https://site.example/news/a") -> list[Block]:
    return html_to_blocks(lxml.html.fragment_fromstring(html, create_parent="div"), base)


def test_paragraphs_headings_and_inline_styles() -> None:
    out = blocks(
        "<h2>Sub <em>head</em></h2><p>Some <b>bold</b> and <i>italic</i>"
        " text with <a href='/x#frag'>a link</a>.</p><p>  Second\n   paragraph. </p>"
    )
    assert [b.kind for b in out] == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert out[0].level == 2 and out[0].text == "Sub head"
    assert out[1].text == "Some bold and italic text with a link."
    link = next(s for s in out[1].spans if s.href)
    assert link.text == "a link" and link.href == "https://site.example/x"
    assert any(s.bold and s.text == "bold" for s in out[1].spans)
    assert out[2].text == "Second paragraph."


def test_unsafe_links_lose_their_address_but_keep_text() -> None:
    out = blocks(
        "<p><a href='javascript:alert(1)'>click</a> and <a href='file:///etc/passwd'>f</a></p>"
    )
    assert out[0].text == "click and f"
    assert all(s.href is None for s in out[0].spans)


def test_lists_nested_and_ordered() -> None:
    out = blocks("<ul><li>One</li><li>Two<ol start='3'><li>Three</li><li>Four</li></ol></li></ul>")
    items = [(b.kind, b.level, b.marker, b.text) for b in out]
    assert items == [
        (BlockKind.LIST_ITEM, 0, "•", "One"),
        (BlockKind.LIST_ITEM, 0, "•", "Two"),
        (BlockKind.LIST_ITEM, 1, "3.", "Three"),
        (BlockKind.LIST_ITEM, 1, "4.", "Four"),
    ]


def test_quote_code_table_image_caption_rule() -> None:
    out = blocks(
        "<blockquote><p>Quoted words.</p></blockquote>"
        "<pre>def f():\n    return 1</pre>"
        "<table><tr><th>Name</th><th>Votes</th></tr><tr><td>Ana</td><td>12</td></tr></table>"
        "<figure><img src='/p.jpg' alt='A harbour at dawn'><figcaption>The harbour.</figcaption></figure>"
        "<hr>"
    )
    kinds = [b.kind for b in out]
    assert kinds == [
        BlockKind.QUOTE,
        BlockKind.CODE,
        BlockKind.TABLE,
        BlockKind.IMAGE,
        BlockKind.CAPTION,
        BlockKind.RULE,
    ]
    assert out[1].text == "def f():\n    return 1"
    assert out[2].text.splitlines()[0] == "| Name | Votes |"
    assert "| Ana  | 12    |" in out[2].text
    assert out[3].text == "A harbour at dawn"
    assert out[3].spans[0].href == "https://site.example/p.jpg"


def test_double_br_splits_paragraphs_single_br_breaks_line() -> None:
    out = blocks("<div>First line<br>same paragraph<br><br>Next paragraph</div>")
    assert [b.text for b in out] == ["First line\nsame paragraph", "Next paragraph"]


def test_control_characters_are_removed() -> None:
    out = blocks("<p>Safe\x1b]52;c;ZXZpbA==\x07 text\u202e here\x1b[2J.</p>")
    assert out[0].text == "Safe text here."


def test_article_text_excludes_images_captions_and_rules() -> None:
    out = blocks(
        "<p>Body one.</p><figure><img alt='Alt words' src='/i.png'><figcaption>Cap.</figcaption></figure><p>Body two.</p>"
    )
    article = Article(url=None, title="T", blocks=tuple(out))
    assert article.text == "Body one.\n\nBody two."
    assert article.word_count == 4
    assert article.reading_minutes == 1


def test_markdown() -> None:
    out = blocks(
        "<h2>Heading</h2><p>A <b>bold</b> [word] and <a href='https://x.example/a b'>link</a>.</p>"
        "<ul><li>one</li><li>two</li></ul><blockquote><p>quote</p></blockquote>"
        "<p>1. not a list</p><pre>code</pre>"
    )
    md = blocks_to_markdown(out)
    assert md == (
        "## Heading\n\n"
        "A **bold** \\[word\\] and [link](https://x.example/a%20b).\n\n"
        "- one\n- two\n\n"
        "> quote\n\n"
        "1\\. not a list\n\n"
        "```\ncode\n```"
    )


def test_store_round_trip() -> None:
    out = blocks("<h3>H</h3><p>x <a href='/y'>y</a></p><ol><li>i</li></ol>")
    article = Article(url="https://site.example/", title="T", blocks=tuple(out), warnings=("w",))
    again = Article.from_store(article.to_store())
    assert again.blocks == article.blocks
    assert again.to_json(markdown=article_markdown(again)) == article.to_json(
        markdown=article_markdown(article)
    )


def test_json_and_store_fields() -> None:
    """`reader extract --format json` prints the README's fields in its order; the
    store keeps the same minus what the blocks give back, plus the blocks."""
    out = blocks("<h3>H</h3><p>x <a href='/y'>y</a></p>")
    article = Article(url="https://site.example/", title="T", blocks=tuple(out))
    data = article.to_json(markdown=article_markdown(article))
    assert list(data) == [
        "url", "title", "byline", "published", "site_name", "lang", "text", "markdown",
        "word_count", "warnings", "sections",
    ]  # fmt: skip
    assert data["markdown"] == "### H\n\nx [y](https://site.example/y)"
    assert list(article.to_store()) == [
        "url", "title", "byline", "published", "site_name", "lang", "warnings", "sections",
        "blocks", "extractor_version", "pages",
    ]  # fmt: skip


def test_an_emptied_inline_element_keeps_its_space() -> None:
    from reader.core.extract.article import clean_body

    body = lxml.html.fragment_fromstring(
        "<div><p>The commission on data and freedoms<strong> </strong>(CNIL) objected.</p></div>"
    )
    clean_body(body, title="", byline=None)
    assert blocks_of(body)[0].text == "The commission on data and freedoms (CNIL) objected."


def blocks_of(el: lxml.html.HtmlElement) -> list[Block]:
    return html_to_blocks(el, None)


def test_text_straight_inside_a_list_is_kept() -> None:
    out = blocks("<ul> (My goal is to edit video, too.) </ul><ul>You didn't try <b>vlc</b>!</ul>")
    assert [b.text for b in out] == ["(My goal is to edit video, too.)", "You didn't try vlc!"]
