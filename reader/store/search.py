"""Turning what the user types into an FTS5 query, and snippets into parts.

User text never reaches FTS5's query syntax as is: every word becomes a quoted
prefix term, so quotes, stars, `NEAR`, `-` or column filters in the input are
just words, and a half-typed word still matches.
"""

from __future__ import annotations

import re

from reader.store.records import SnippetPart

_WORD = re.compile(r"\w+", re.UNICODE)
_MARK_START = "\x02"
_MARK_END = "\x03"


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression: every word of `text` as a prefix term, all
    required. Empty when there is nothing to search for."""
    words = _WORD.findall(text.lower())[:16]
    return " ".join(f'"{word}"*' for word in words)


def snippet_parts(text: str) -> tuple[SnippetPart, ...]:
    """Split a highlighted FTS5 snippet (matches between STX and ETX) into parts."""
    parts: list[SnippetPart] = []
    for chunk in re.split(f"({_MARK_START}[^{_MARK_END}]*{_MARK_END})", text):
        if not chunk:
            continue
        if chunk.startswith(_MARK_START):
            parts.append(SnippetPart(chunk[1:-1], match=True))
        else:
            parts.append(SnippetPart(chunk.replace(_MARK_START, "").replace(_MARK_END, "")))
    return tuple(parts)
