"""A fast greedy word wrapper that measures terminal cells.

Lines are returned as `(start, end, cells, continued)` tuples of offsets into
the wrapped text, so that callers can slice styled runs without copying the
text per line. Text made only of single-cell characters (the common case)
is wrapped with `str.rfind`, in time proportional to the number of lines;
other text (CJK, emoji, combining marks) goes through rich's grapheme
splitter.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from rich.cells import get_character_cell_size, split_graphemes

#: Characters a line should not start with (CJK closing punctuation).
_NO_BREAK_BEFORE = frozenset("、。，．・：；？！）」』】〕〉》’”〜ー…‥,.!?:;)]}")


class Line(NamedTuple):
    """One wrapped line: text offsets `[start, end)`, its width in cells, and
    whether it continues a preformatted line that was too long."""

    start: int
    end: int
    cells: int
    continued: bool = False


@lru_cache(maxsize=4096)
def _one_cell(char: str) -> bool:
    """Whether `char` takes exactly one cell: below U+3000, not a joiner or an
    emoji selector, and one cell by rich's measure. Asked per distinct
    character of a text, once each (building a table of every such character
    cost a few milliseconds of the first paint)."""
    return (
        0x20 <= ord(char) < 0x3000
        and char not in "\u200d\ufe0f"
        and get_character_cell_size(char) == 1
    )


def is_single_cell(text: str) -> bool:
    """True when every character of `text` is one cell wide (fast path)."""
    if text.isascii():
        return text.isprintable()
    return all(map(_one_cell, set(text)))


def wrap_text(text: str, width: int) -> list[Line]:
    """Reflow `text` into lines of at most `width` cells.

    Breaks at spaces (which are dropped at line ends), keeps hard newlines,
    breaks words longer than a line (after a "-" or "/" when there is one in
    the second part of the line, as in long URLs), and lets CJK text break
    between characters. Returns at least one line for a non-blank text.
    """
    width = max(1, width)
    lines: list[Line] = []
    narrow = is_single_cell(text.replace("\n", " "))
    start = 0
    length = len(text)
    while start <= length:
        newline = text.find("\n", start)
        end = length if newline < 0 else newline
        if narrow:
            _wrap_narrow(text, start, end, width, lines)
        else:
            _wrap_graphemes(text, start, end, width, lines)
        if newline < 0:
            break
        start = newline + 1
    return lines


def wrap_preformatted(text: str, width: int) -> list[Line]:
    """Split `text` at newlines without reflowing; lines longer than `width`
    cells are cut, and the rest is marked `continued`. Empty lines are kept."""
    width = max(1, width)
    lines: list[Line] = []
    narrow = is_single_cell(text.replace("\n", " "))
    start = 0
    length = len(text)
    while start <= length:
        newline = text.find("\n", start)
        end = length if newline < 0 else newline
        if narrow:
            if end - start <= width:
                lines.append(Line(start, end, end - start))
            else:
                for pos in range(start, end, width):
                    stop = min(pos + width, end)
                    lines.append(Line(pos, stop, stop - pos, pos > start))
        else:
            _cut_graphemes(text, start, end, width, lines)
        if newline < 0:
            break
        start = newline + 1
    return lines


def _wrap_narrow(text: str, start: int, end: int, width: int, out: list[Line]) -> None:
    """Wrap `text[start:end]`, known to hold only single-cell characters."""
    pos = start
    while pos < end:
        while pos < end and text[pos] == " ":
            pos += 1
        if pos >= end:
            return
        if end - pos <= width:
            stop = end
            while text[stop - 1] == " ":
                stop -= 1
            out.append(Line(pos, stop, stop - pos))
            return
        limit = pos + width
        space = text.rfind(" ", pos + 1, limit + 1)
        if space > pos:
            stop = space
            while text[stop - 1] == " ":
                stop -= 1
            out.append(Line(pos, stop, stop - pos))
            pos = space + 1
            continue
        # One word longer than the line: prefer a break after "-" or "/".
        soft = max(text.rfind("-", pos + 1, limit), text.rfind("/", pos + 1, limit))
        stop = soft + 1 if soft >= pos + width // 3 else limit
        out.append(Line(pos, stop, stop - pos))
        pos = stop


def _wrap_graphemes(text: str, start: int, end: int, width: int, out: list[Line]) -> None:
    """Wrap `text[start:end]` grapheme by grapheme, measuring each."""
    segment = text[start:end]
    spans, _total = split_graphemes(segment)
    count = len(spans)

    def offset(index: int) -> int:
        return start + (spans[index][0] if index < count else len(segment))

    i = 0
    while i < count:
        while i < count and segment[spans[i][0]] == " ":
            i += 1
        if i >= count:
            return
        first = i
        cells = 0  # cells up to and including the last grapheme taken
        content = 0  # cells up to the last non-space grapheme
        brk = -1  # a line may end before grapheme `brk` ...
        brk_cells = 0  # ... with this width
        prev_wide = False
        while i < count:
            s, _e, w = spans[i]
            char = segment[s]
            if char == " ":
                if i > first and segment[spans[i - 1][0]] != " ":
                    brk, brk_cells = i, content
                cells += w
                i += 1
                prev_wide = False
                continue
            if i > first and (w == 2 or prev_wide) and char not in _NO_BREAK_BEFORE:
                brk, brk_cells = i, content
            if cells + w > width and i > first:
                break
            cells += w
            content = cells
            prev_wide = w == 2
            i += 1
        else:
            out.append(Line(offset(first), _trim_end(segment, spans, first, count, start), content))
            return
        if brk > first:
            out.append(Line(offset(first), offset(brk), brk_cells))
            i = brk
        else:
            out.append(Line(offset(first), offset(i), content))


def _trim_end(
    segment: str, spans: list[tuple[int, int, int]], first: int, stop: int, base: int
) -> int:
    """Text offset of the end of graphemes `[first, stop)` without trailing spaces."""
    while stop > first and segment[spans[stop - 1][0]] == " ":
        stop -= 1
    return base + spans[stop - 1][1]


def _cut_graphemes(text: str, start: int, end: int, width: int, out: list[Line]) -> None:
    """Cut `text[start:end]` into pieces of at most `width` cells, no reflow."""
    segment = text[start:end]
    spans, total = split_graphemes(segment)
    if total <= width:
        out.append(Line(start, end, total))
        return
    first = 0
    cells = 0
    for index, (s, _e, w) in enumerate(spans):
        if cells + w > width and cells > 0:
            out.append(Line(start + spans[first][0], start + s, cells, first > 0))
            first, cells = index, 0
        cells += w
    out.append(Line(start + spans[first][0], end, cells, first > 0))
