"""Turning what the user types into an FTS5 query, and marking the matches.

User text never reaches FTS5's query syntax as is: every word becomes a quoted
prefix term, so quotes, stars, `NEAR`, `-` or column filters in the input are
just words, and a half-typed word still matches.
"""

from __future__ import annotations

import re

from reader.core.records import SnippetPart

_WORD = re.compile(r"\w+", re.UNICODE)


def query_words(text: str) -> list[str]:
    """The words of a query, lower-cased, at most 16."""
    return _WORD.findall(text.lower())[:16]


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression: every word of `text`, all required; the last
    one as a prefix (it may be half typed). Empty when there is nothing to
    search for."""
    words = query_words(text)
    if not words:
        return ""
    terms = [f'"{word}"' for word in words[:-1]]
    terms.append(f'"{words[-1]}"*')
    return " ".join(terms)


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    last = re.escape(words[-1])
    whole = [a for a in alternatives if a != last]
    parts = [rf"{w}\b" for w in whole] + [rf"{last}\w*"]
    return re.compile(rf"\b(?:{'|'.join(parts)})", re.IGNORECASE)


def highlight(text: str, words: list[str]) -> tuple[SnippetPart, ...]:
    """`text` split into parts, the query's words marked."""
    pattern = _pattern(words)
    if pattern is None or not text:
        return (SnippetPart(text),) if text else ()
    parts: list[SnippetPart] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            parts.append(SnippetPart(text[last : match.start()]))
        parts.append(SnippetPart(match.group(0), match=True))
        last = match.end()
    if last < len(text):
        parts.append(SnippetPart(text[last:]))
    return tuple(parts)


def snippet(text: str, words: list[str], width: int = 180) -> tuple[SnippetPart, ...]:
    """About `width` characters of `text` around the first match, marked."""
    text = " ".join(text.split())
    pattern = _pattern(words)
    match = pattern.search(text) if pattern is not None else None
    if match is None:
        cut = text[:width]
        return (SnippetPart(cut + ("…" if len(text) > width else "")),) if cut else ()
    start = max(0, match.start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space > match.end() else end
    parts = list(highlight(text[start:end], words))
    if start:
        parts.insert(0, SnippetPart("…"))
    if end < len(text):
        parts.append(SnippetPart("…"))
    return tuple(parts)
