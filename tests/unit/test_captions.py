"""Photo captions and gallery furniture (reader.core.extract.captions)."""

from __future__ import annotations

import lxml.html
import pytest

from reader.core.extract.blocks import html_to_blocks
from reader.core.extract.captions import (
    CAPTION_MARK,
    CREDIT_LINE,
    SLIDE_COUNTER,
    is_caption_element,
    mark_captions,
    tidy_captions,
)
from reader.core.extract.dom import text_of
from reader.core.models import Block, BlockKind, Span


def blocks(html: str) -> list[Block]:
    return html_to_blocks(lxml.html.fragment_fromstring(html, create_parent="div"), None)


def kinds_and_text(out: list[Block]) -> list[tuple[BlockKind, str]]:
    return [(b.kind, b.text) for b in out]


def block(kind: BlockKind, text: str) -> Block:
    return Block(kind, (Span(text),))


def test_caption_run_with_toggles_is_shown_once_as_a_caption() -> None:
    full = "A heron lands on the flooded footpath by the old mill on Tuesday, May 6."
    out = blocks(
        "<ul class='slides'><li><img src='a.jpg' alt=''>"
        f"<div class='caption-full'>{full}<a class='more-caption'> less</a></div>"
        "<div class='caption-truncated'>A heron lands on the flooded footpath by"
        "<a class='more-caption'> ... more</a></div></li></ul>"
        f"<div class='caption'><div class='caption-full'>{full}<a> less</a></div></div>"
        "<p>The river rose two metres overnight and closed the towpath for the week.</p>"
    )
    assert kinds_and_text(out) == [
        (BlockKind.CAPTION, full),
        (
            BlockKind.PARAGRAPH,
            "The river rose two metres overnight and closed the towpath for the week.",
        ),
    ]


def test_caption_class_words_are_matched_inside_compound_names() -> None:
    el = lxml.html.fragment_fromstring(
        "<div class='InlineImage-imageEmbedCaption'>Volunteers sort donated coats.</div>"
    )
    assert is_caption_element(el)
    credit = lxml.html.fragment_fromstring("<div class='Media-photoCredit'>Ana Ruiz | Wire</div>")
    assert is_caption_element(credit)
    plain = lxml.html.fragment_fromstring("<div class='story-body'>Text.</div>")
    assert not is_caption_element(plain)


def test_a_long_block_is_never_a_caption_whatever_its_class() -> None:
    el = lxml.html.fragment_fromstring(f"<div class='caption'>{'word ' * 200}</div>")
    assert not is_caption_element(el)


def test_caption_spans_inside_a_paragraph_become_captions() -> None:
    out = blocks(
        "<p><span class='image-container'><img src='b.jpg' alt='bridge'>"
        "<span class='caption-source'><span class='caption'>The new bridge at dusk.</span>"
        "<span class='source'>Lee Park/Staff</span></span></span></p>"
        "<p>Work on the crossing ended a month early and under budget, officials said.</p>"
    )
    assert kinds_and_text(out)[:3] == [
        (BlockKind.IMAGE, "bridge"),
        (BlockKind.CAPTION, "The new bridge at dusk."),
        (BlockKind.CAPTION, "Lee Park/Staff"),
    ]
    assert out[3].kind is BlockKind.PARAGRAPH


def test_slide_counters_and_switches_are_dropped() -> None:
    out = tidy_captions(
        [
            block(BlockKind.PARAGRAPH, "Image 3 of 12"),
            block(BlockKind.CAPTION, "Caption Close"),
            block(BlockKind.CAPTION, "Show more"),
            block(BlockKind.PARAGRAPH, "4/10"),
            block(BlockKind.PARAGRAPH, "Real text of the story begins here."),
        ]
    )
    assert kinds_and_text(out) == [(BlockKind.PARAGRAPH, "Real text of the story begins here.")]


@pytest.mark.parametrize(
    "text", ["1 of 12", "Image 1 of 23", "Foto 2 dari 8", "3/5", "Slide 10 of 10"]
)
def test_slide_counter_vocabulary(text: str) -> None:
    assert SLIDE_COUNTER.match(text)


@pytest.mark.parametrize(
    "text",
    [
        "Photo: Jane Doe, AP",
        "(Foto: Antara/Ali Akbar)",
        "Jane Doe | Bloomberg | Getty Images",
        "Kathrin Ziegler/Getty",
        "REUTERS/Jane Doe",
        "Photo by Sam Lee",
    ],
)
def test_credit_lines(text: str) -> None:
    assert CREDIT_LINE.match(text)


@pytest.mark.parametrize(
    "text",
    [
        "The council met on Tuesday to discuss the budget.",
        "Getty Images sued the startup last year, saying it copied millions of photos. The case is pending.",
    ],
)
def test_sentences_are_not_credit_lines(text: str) -> None:
    assert not CREDIT_LINE.match(text)


def test_a_credit_after_an_image_is_a_caption_but_not_elsewhere() -> None:
    out = tidy_captions(
        [
            block(BlockKind.IMAGE, "harbour"),
            block(BlockKind.PARAGRAPH, "Photo: Jane Doe, AP"),
            block(BlockKind.PARAGRAPH, "Police closed the road for two hours."),
        ]
    )
    assert [b.kind for b in out] == [BlockKind.IMAGE, BlockKind.CAPTION, BlockKind.PARAGRAPH]


def test_a_paragraph_repeating_the_image_alt_is_its_caption() -> None:
    out = tidy_captions(
        [
            block(BlockKind.IMAGE, "Players celebrate the late winner."),
            block(BlockKind.PARAGRAPH, "Players celebrate the late winner."),
            block(BlockKind.PARAGRAPH, "The goal came in the 89th minute."),
        ]
    )
    assert kinds_and_text(out) == [
        (BlockKind.IMAGE, "Players celebrate the late winner."),
        (BlockKind.PARAGRAPH, "The goal came in the 89th minute."),
    ]


def test_caption_words_more_and_less_stay_when_they_are_its_own() -> None:
    out = tidy_captions(
        [
            block(BlockKind.CAPTION, "Singers, dancers and more"),
            block(BlockKind.CAPTION, "Eat more, waste less"),
        ]
    )
    assert [b.text for b in out] == ["Singers, dancers and more", "Eat more, waste less"]


def test_a_truncated_caption_alone_keeps_an_ellipsis() -> None:
    out = tidy_captions([block(BlockKind.CAPTION, "The mayor opens the new library on ... more")])
    assert [b.text for b in out] == ["The mayor opens the new library on…"]


def test_figure_shaped_wrapper_text_is_marked_a_caption() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><div class='story'>"
        "<div class='photo'><div class='pic'><ul class='share'><li><a href='#'>"
        "<img src='fb.png' alt=''></a></li></ul><img src='big.jpg' alt=''></div>"
        "<div class='desc'>Farmers dry rice by the road. Doc. Village office</div></div>"
        "<p>First paragraph of the story, long enough to be an article paragraph.</p>"
        "<div class='row'><img src='x.jpg' alt=''><div>An unrelated caption-like line</div>"
        "<p>A paragraph next to it.</p></div>"
        "</div></body></html>"
    )
    mark_captions(tree)
    marked = [text_of(el) for el in tree.iter() if el.get(CAPTION_MARK) is not None]
    assert marked == ["Farmers dry rice by the road. Doc. Village office"]


def test_text_before_the_image_is_not_marked() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><div><div class='box'><div>Read the full report</div>"
        "<img src='r.jpg' alt=''></div><p>Body.</p></div></body></html>"
    )
    mark_captions(tree)
    assert not any(el.get(CAPTION_MARK) is not None for el in tree.iter())


def test_a_bare_photo_count_is_not_a_caption() -> None:
    out = tidy_captions(
        [
            block(BlockKind.IMAGE, "Dancers on the square."),
            block(BlockKind.CAPTION, "6"),
            block(BlockKind.PARAGRAPH, "Culture"),
            block(BlockKind.CAPTION, "Dancers on the square."),
        ]
    )
    assert kinds_and_text(out) == [
        (BlockKind.IMAGE, "Dancers on the square."),
        (BlockKind.PARAGRAPH, "Culture"),
    ]
