"""Text with highlighted words, built from search snippet parts as Content
objects (never markup: a title holding `[bold]` or `[@click=...]` shows
literally)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from reader.core.records import SnippetPart
from reader.core.sanitize import clean_inline

#: How matched words look in search results.
MATCH_STYLE = "bold $text-warning"


def highlighted(
    parts: Iterable[SnippetPart], style: str = "", match_style: str = MATCH_STYLE
) -> Content:
    """One line of `parts`, matched parts in `match_style`, the rest in `style`.
    Control characters and newlines are cleaned away."""
    pieces: list[tuple[str, str]] = []
    for part in parts:
        text = clean_inline(part.text)
        if text:
            pieces.append((text, f"{style} {match_style}".strip() if part.match else style))
    if not pieces:
        return Content("")
    first, first_style = pieces[0]
    pieces[0] = (first.lstrip(), first_style)
    last, last_style = pieces[-1]
    pieces[-1] = (last.rstrip(), last_style)
    return Content.assemble(*pieces)
