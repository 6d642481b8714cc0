"""The word wrapper and the article layout, without a running app."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from reader.core.models import Article, Block, BlockKind, Span
from reader.ui.widgets.article_layout import article_units, layout_units
from reader.ui.widgets.wrap import Line, is_single_cell, wrap_preformatted, wrap_text


def pieces(text: str, width: int) -> list[str]:
    return [text[line.start : line.end] for line in wrap_text(text, width)]


def test_short_text_is_one_line() -> None:
    assert wrap_text("Hello world", 20) == [Line(0, 11, 11)]


@pytest.mark.parametrize("width", [1, 5, 10, 17, 40, 72])
def test_lines_fit_the_width_and_keep_every_word(width: int) -> None:
    text = "The quick brown fox jumps over the lazy dog, again and again, until dusk."
    lines = wrap_text(text, width)
    for line in lines:
        assert line.cells == cell_len(text[line.start : line.end]) <= width
    assert " ".join(text[line.start : line.end] for line in lines).split() == text.split() or (
        width < max(len(word) for word in text.split())
    )


def test_breaks_at_spaces_and_drops_them() -> None:
    assert pieces("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert pieces("aaa bbb ccc", 3) == ["aaa", "bbb", "ccc"]
    assert pieces("  lead and trail  ", 9) == ["lead and", "trail"]


def test_hard_newlines_are_kept() -> None:
    assert pieces("one\ntwo three", 20) == ["one", "two three"]


def test_long_word_is_broken() -> None:
    assert pieces("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_long_url_breaks_after_a_slash() -> None:
    url = "https://example.com/some/very/long/path/to/a/story-with-a-long-slug"
    lines = pieces(url, 24)
    assert "".join(lines) == url
    assert all(len(line) <= 24 for line in lines)
    assert lines[0].endswith("/")


def test_hundred_thousand_character_line() -> None:
    text = "x" * 100_000
    lines = wrap_text(text, 72)
    assert len(lines) == -(-100_000 // 72)
    assert sum(line.cells for line in lines) == 100_000


def test_cjk_breaks_between_characters_and_counts_two_cells() -> None:
    text = "日本語の文章は空白なしで続きます。折り返しは文字の間で行います。"
    lines = wrap_text(text, 10)
    assert "".join(text[line.start : line.end] for line in lines) == text
    for line in lines:
        assert line.cells == cell_len(text[line.start : line.end]) <= 10
    assert len(lines) >= 6


def test_cjk_does_not_start_a_line_with_closing_punctuation() -> None:
    text = "あいうえ。かきくけこ"
    for line in wrap_text(text, 8)[1:]:
        assert not text[line.start : line.end].startswith("。")


def test_mixed_width_text_with_spaces() -> None:
    text = "Tokyo 東京 is big and 大阪 is too"
    lines = wrap_text(text, 8)
    for line in lines:
        assert line.cells <= 8
    assert "".join(text[line.start : line.end] for line in lines).replace(" ", "") == text.replace(
        " ", ""
    )


def test_wide_character_wider_than_the_line_still_progresses() -> None:
    lines = wrap_text("日本", 1)
    assert [line.cells for line in lines] == [2, 2]


def test_single_cell_detection() -> None:
    assert is_single_cell("plain ascii")
    assert is_single_cell("café — “quoted” …")
    assert not is_single_cell("日本")
    assert not is_single_cell("e\u0301")  # combining accent


def test_preformatted_keeps_lines_and_marks_continuations() -> None:
    text = "short\n\n" + "y" * 25
    lines = wrap_preformatted(text, 10)
    assert [text[line.start : line.end] for line in lines] == [
        "short",
        "",
        "y" * 10,
        "y" * 10,
        "y" * 5,
    ]
    assert [line.continued for line in lines] == [False, False, False, True, True]


def test_preformatted_wide_lines_are_cut_by_cells() -> None:
    text = "漢字漢字漢字"
    lines = wrap_preformatted(text, 5)
    assert all(line.cells <= 5 for line in lines)
    assert "".join(text[line.start : line.end] for line in lines) == text


def article_of(*blocks: Block) -> Article:
    return Article(url="https://example.com/a", title="Title", blocks=blocks)


def test_list_items_hang_under_their_marker() -> None:
    text = "one two three four five six seven eight nine ten"
    article = article_of(
        Block(BlockKind.LIST_ITEM, (Span(text),), marker="•"),
        Block(BlockKind.LIST_ITEM, (Span(text),), level=1, marker="10."),
    )
    units = article_units(article).units
    first, nested = units[-2], units[-1]
    assert (first.indent, first.prefix) == (0, "• ")
    assert (nested.indent, nested.prefix) == (2, "10. ")
    assert nested.gap == 0  # consecutive items are not separated
    layout = layout_units(units, 20)
    rows = [row for row in layout.rows if row.unit == len(units) - 1]
    assert rows[0].first and not rows[1].first
    assert all(row.cells <= 20 - 2 - 4 for row in rows)


def test_layout_of_a_hundred_thousand_words() -> None:
    paragraph = " ".join(["lorem", "ipsum", "dolor", "sit", "amet"] * 10)
    blocks = tuple(Block(BlockKind.PARAGRAPH, (Span(paragraph),)) for _ in range(2000))
    article = article_of(*blocks)
    units = article_units(article)
    layout = layout_units(units.units, 72)
    assert len(units.units) == 2002  # title, metadata line, blocks
    assert len(layout.rows) > 2000 * 4
    # every block can be found again by offset
    unit = units.block_units[1999]
    assert layout.rows[layout.row_for_offset(unit, 0)].unit == unit


def test_code_blocks_keep_runs_aligned_after_tabs_and_blank_lines() -> None:
    code = Block(
        BlockKind.CODE,
        (Span("\n\n"), Span("if x:\n\tgo()", code=True), Span("\n# done\n\n")),
    )
    units = article_units(article_of(code)).units
    unit = units[-1]
    assert unit.text == "if x:\n    go()\n# done"
    pieces = [unit.text[run.start : run.end] for run in unit.runs]
    assert "".join(pieces) == unit.text


def test_single_cell_agrees_with_rich_for_every_character_below_u3000() -> None:
    """The fast path never changes a measurement: a text is single-cell exactly
    when rich measures each of its characters as one cell (joiners and emoji
    selectors aside, which change their neighbours)."""
    from rich.cells import get_character_cell_size

    for code in range(0x20, 0x3000):
        char = chr(code)
        expected = get_character_cell_size(char) == 1 and char not in "\u200d\ufe0f"
        assert is_single_cell("é" + char) == expected, hex(code)
    assert is_single_cell("é—…") and not is_single_cell("é\u0301") and not is_single_cell("é\x85")
