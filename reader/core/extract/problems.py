"""What extraction says when a page does not read as an article: the warnings
the pipeline gives, and the beginnings by which other code (the index-page
check, the joining of a story's pages) recognises them. No lxml here."""

from __future__ import annotations

__all__ = [
    "BEST_EFFORT",
    "MOSTLY_LINKS",
    "NO_PROSE",
    "NO_TEXT",
    "TOO_SHORT",
    "too_short",
]

#: How the warning about a body below the pipeline's word count begins.
TOO_SHORT = "The article text looks too short"
MOSTLY_LINKS = "The extracted text is mostly links."
NO_TEXT = "No article text was found on this page."
BEST_EFFORT = "Showing the best text found; it may be incomplete."
#: The warnings that say a page has no article text of its own.
NO_PROSE = (TOO_SHORT, NO_TEXT, MOSTLY_LINKS)


def too_short(words: int) -> str:
    """The warning for a body of `words` words, below the pipeline's minimum."""
    return f"{TOO_SHORT} ({words} words)."
